import Foundation
import Synchronization
import Testing
@testable import ReceiptScanner

/// The header step: real Tesseract (English and the Latin-script model) on a fixture image.
@Suite struct HeaderReadingTests {
    @Test(arguments: [
        ("KOPI HOUSE SDN BHD", false),
        ("NO 12, JALAN SS2/24, 47300 PETALING JAYA", false),
        ("Tel: 03-7875 1234", false),
        ("Date: 25/06/2018 13:05", true),
        ("25-06-18", true),
        ("TOTAL 13.50", true),
        ("Summe 9,42", true),
        ("Bahnhofstr. 21", false),
        ("GST ID: 001234567890", false),
    ])
    func headerEndsAtTheFirstAmountOrDate(line: String, holds: Bool) {
        #expect(HeaderReading.holdsAmountOrDate(line) == holds)
    }

    @Test func headerLineCountStopsAtAnAmountAndIsBounded() {
        #expect(HeaderReading.headerLineCount(["SHOP", "STREET 1", "12/05/2024", "ITEM 1.00"]) == 2)
        #expect(HeaderReading.headerLineCount(["TOTAL 5.00", "SHOP"]) == 0)
        #expect(HeaderReading.headerLineCount(Array(repeating: "WORDS", count: 40)) == HeaderReading.maxLines)
    }

    /// The rendered German receipt prints `80335 München`: the English model drops the umlaut,
    /// the Latin-script model reads it. The lines below the header (date, total) stay as read.
    @Test func headerIsReadAgainWithTheLatinModel() throws {
        let path = FixturePaths.images.appendingPathComponent("de-supermarkt-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let settings = OCRSettings()
        let engine = try TesseractEngine(settings: settings)
        let latin = try #require(try LatinEngines.make(for: settings, steps: PreparationStep.auto, threads: 1))
        let parser = ReceiptParser(options: ParserOptions())

        let without = try PageReader(options: ParserOptions()).read(pix, with: engine, steps: PreparationStep.auto).get()
        #expect(!without.text.contains("München"))
        let with = try PageReader(options: ParserOptions(), latin: latin).read(pix, with: engine, steps: PreparationStep.auto).get()
        #expect(with.text.contains("80335 München"))
        let before = parser.parse(without.text), after = parser.parse(with.text)
        #expect(after.address?.contains("München") == true)
        #expect(after.merchant == "Frischmarkt Handels GmbH")
        #expect(after.date == before.date && after.total == before.total)
        #expect(after.total?.amount == Decimal(string: "9.42"))
        // Every line of the merged reading has its confidence, for the parser's field confidence.
        #expect(with.text.split(separator: "\n").allSatisfy { with.lineConfidence[TextLine.normalised($0)] != nil })
        // And each of its words its own, as many as the line has words.
        #expect(with.text.split(separator: "\n").allSatisfy { line in
            let key = TextLine.normalised(line)
            return with.wordConfidence[key]?.count == key.split(separator: " ").count
        })
    }

    /// One Latin engine per three OCR threads; each thread that asks gets one, the others wait.
    @Test func latinEnginesAreSharedByTheOCRThreads() throws {
        #expect(try #require(try LatinEngines.make(for: OCRSettings(), steps: PreparationStep.auto, threads: 2)).cancellers.count == 1)
        #expect(try #require(try LatinEngines.make(for: OCRSettings(), steps: PreparationStep.auto, threads: 4)).cancellers.count == 2)
        let path = FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let shared = try #require(try LatinEngines.make(for: OCRSettings(), steps: PreparationStep.auto, threads: 3))
        let texts = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            OpenMP.limitToOneThread()
            let text = shared.withEngine { engine in (try? engine.recognize(pix).get())?.text ?? "" }
            texts.withLock { $0.append(text) }
        }
        let read = texts.withLock { $0 }
        #expect(read.count == 3 && Set(read).count == 1 && read[0].contains("GREEN VALLEY MARKET"))
    }

    @Test func stepIsOffWhenSkippedOrForOtherScripts() throws {
        var steps = PreparationStep.auto
        steps.remove(.header)
        #expect(try LatinEngines.make(for: OCRSettings(), steps: steps, threads: 2) != nil)  // total-look uses them
        steps.remove(.totalLook)
        #expect(try LatinEngines.make(for: OCRSettings(), steps: steps, threads: 2) != nil)  // and date-twins
        steps.remove(.dateTwins)
        #expect(try LatinEngines.make(for: OCRSettings(), steps: steps, threads: 2) != nil)  // and date-look
        steps.remove(.dateLook)
        #expect(try LatinEngines.make(for: OCRSettings(), steps: steps, threads: 2) != nil)  // and sums-look
        steps.remove(.sumsLook)
        #expect(try LatinEngines.make(for: OCRSettings(), steps: steps, threads: 2) == nil)
        #expect(try LatinEngines.make(for: OCRSettings(language: "ell"), steps: PreparationStep.auto, threads: 2) == nil)
        #expect(try LatinEngines.make(for: OCRSettings(language: "eng+jpn"), steps: PreparationStep.auto, threads: 2) == nil)
    }

    @Test func languagesNameTheirDebianPackages() {
        #expect(TesseractEngine.debianPackage("deu") == "tesseract-ocr-deu")
        #expect(TesseractEngine.debianPackage("chi_sim") == "tesseract-ocr-chi-sim")
        #expect(TesseractEngine.debianPackage("Latin") == "tesseract-ocr-script-latn")
    }

    /// Without the Latin-script data the run cannot start, and the message names the package and
    /// the way around it.
    @Test func missingLatinDataNamesItsPackage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-tessdata-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let eng = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"]
            .map { $0 + "/eng.traineddata" }.first { FileManager.default.fileExists(atPath: $0) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("eng.traineddata").path,
                                                   withDestinationPath: try #require(eng))
        let settings = OCRSettings(dataPath: folder.path)
        _ = try TesseractEngine(settings: settings)  // English alone starts
        do {
            _ = try LatinEngines.make(for: settings, steps: PreparationStep.auto, threads: 1)
            Issue.record("expected a set-up error")
        } catch {
            #expect(error.message.contains("tesseract-ocr-script-latn"))
            #expect(error.message.contains("--skip-step header --skip-step total-look"), "\(error.message)")
        }
    }
}
