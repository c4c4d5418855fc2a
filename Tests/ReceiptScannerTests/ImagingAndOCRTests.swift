import Foundation
import Testing
@testable import ReceiptScanner

/// Real Leptonica and real Tesseract on the fixture images.
@Suite struct ImagingAndOCRTests {
    let images = FixturePaths.images

    @Test func exifOrientationIsReadAndApplied() throws {
        let path = images.appendingPathComponent("us-grocery-exif6.jpg").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(ExifOrientation.read(jpeg: bytes) == 6)
        // Stored sideways (wider than tall); upright after loading.
        let pix = try ImageLoader().load(path, format: .jpeg).image.get()
        #expect(pix.height > pix.width)
        #expect(pix.resolution == 300, "72 dpi from a phone is replaced")
    }

    @Test func preparationCropsPaperAndPagesAndDeskews() throws {
        let page = try ImageLoader().load(images.appendingPathComponent("my-gst-cafe-a4.png").path, format: .png).image.get()
        let cropped = try #require(Preparation.cropToContent(page))
        #expect(cropped.width < page.width / 2 && cropped.height < page.height / 2)
        #expect(cropped.width > 400, "the text block is kept (the end-to-end test reads it)")
        let narrow = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        #expect(Preparation.cropToContent(narrow) == nil, "small images are not cropped")
        #expect(Preparation.prepare(narrow, steps: PrepareMode.none.steps) === narrow)
        #expect(Preparation.deskew(narrow) == nil, "an upright image is left as it is")
        #expect(Preparation.cropToPaper(narrow) == nil, "a white scan is all paper")
        let board = try ImageLoader().load(images.appendingPathComponent("us-grocery-board.jpg").path, format: .jpeg).image.get()
        let slip = try #require(Preparation.cropToPaper(board))
        #expect(slip.width < board.width / 2 && slip.width >= 620, "the slip (620 px wide) and only it")
        let tilted = try ImageLoader().load(images.appendingPathComponent("de-supermarkt-tilt-9.jpg").path, format: .jpeg).image.get()
        #expect(Preparation.deskew(tilted) != nil)
    }

    /// A JPEG page over 20 Mpx (the A4 fixture at 600 dpi: 35 Mpx) is decoded at half size, its
    /// resolution halved with it, and still reads: its print is then at the usual scan's size.
    @Test func aLargeJPEGPageIsDecodedAtHalfSize() throws {
        let page = try ImageLoader().load(images.appendingPathComponent("my-gst-cafe-a4.png").path, format: .png).image.get()
        let large = try #require(page.grayscale()?.scaled(by: 2))
        large.setResolution(600)
        #expect(large.width * large.height > ImageLoader.halfDecodeAbove)
        let decoded = try ImageLoader().decode(try #require(large.jpeg()), format: .jpeg).get()
        #expect(abs(decoded.width - large.width / 2) <= 1, "libjpeg rounds a half up")
        #expect(decoded.resolution == 300)
        let engine = try TesseractEngine(settings: OCRSettings())
        let text = try PageReader(options: ParserOptions()).read(Preparation.prepare(decoded, steps: PreparationStep.auto),
                                                                with: engine, steps: []).get()
        #expect(ReceiptParser().parse(text.text).total?.amount == Decimal(string: "13.50"))
        // A page under the limit is decoded as it is.
        #expect(ImageLoader.jpegReduction(width: page.width, height: page.height) == 1)
    }

    /// A receipt whose lower half lies in shadow on a darker table: paper for certain (lighter
    /// than 200) is only the upper half, which holds half the print; the crop takes the paper
    /// the image's own split finds, the whole slip, and evens out its light. Tesseract then reads
    /// the shaded half too (under the fixed threshold alone it read nothing past the first item).
    @Test func aShadedReceiptIsCroppedWholeAndEvenedOut() throws {
        let shade = try ImageLoader().load(images.appendingPathComponent("de-supermarkt-shade.jpg").path, format: .jpeg).image.get()
        let slip = try #require(Preparation.cropToPaper(shade))
        #expect(slip.width < shade.width * 3 / 4 && slip.height >= 692, "the whole slip (620 x 692 px) and little of the table")
        let engine = try TesseractEngine(settings: OCRSettings())
        let pix = Preparation.prepare(shade, steps: PreparationStep.auto)
        let text = try PageReader(options: ParserOptions()).read(pix, with: engine, steps: []).get()
        let receipt = ReceiptParser().parse(text.text)
        #expect(receipt.total?.amount == Decimal(string: "9.42"))
        #expect(receipt.date?.iso == "2024-03-14")
    }

    /// A slip whose last lines lie in shade (a glare sheet, the photo's edge): paper for certain
    /// ends above them, yet still holds most of the print, so it was the crop, and the card
    /// payment and the greeting were cut off. The crop grows over the print that goes on in the
    /// paper's columns, to the slip's end, and no further (the board below holds none); its light
    /// is evened out, or the shaded lines read as black.
    @Test func theCropGoesOnOverPrintInShadeBelowThePaper() throws {
        let board = try ImageLoader().load(images.appendingPathComponent("us-grocery-board.jpg").path, format: .jpeg).image.get()
        // The slip lies at x 1100-1720, y 150-953; from the VISA line (y 780) down, its paper at
        // 70% of its light (under 200), its print still darker than it.
        let shaded = try #require(board.shaded(left: 1090, top: 770, width: 640, height: 190, light: 0.7))
        let slip = try #require(Preparation.cropToPaper(shaded))
        // Without growing, the crop ended 16 px under the TOTAL line (668 px high).
        #expect(slip.height >= 740 && slip.height < 900, "the slip's print down to THANK YOU and little of the board")
        let text = try TesseractEngine(settings: OCRSettings()).recognize(slip).get()
        #expect(text.text.contains("THANK YOU"))
    }

    /// Scans are lit evenly, photos in shade or with the table in view are not: the light spread
    /// tells them apart, and only the photo gets an evened-out copy for a second reading.
    @Test func unevenLightTellsAShadedPhotoFromAScan() throws {
        let clean = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        let scan = try #require(Preparation.lightSpread(clean))
        #expect(scan < Preparation.unevenLight)
        #expect(Preparation.evenedLight(clean) == nil)
        let shade = try ImageLoader().load(images.appendingPathComponent("de-supermarkt-shade.jpg").path, format: .jpeg).image.get()
        let photo = try #require(Preparation.lightSpread(shade))
        #expect(photo > Preparation.unevenLight)
        #expect(Preparation.evenedLight(shade) != nil)
    }

    /// The clean US receipt with its lower half in deep shade (paper at 35% of its light): the
    /// page's one threshold loses the totals, so the row would go to review; read again with the
    /// light evened out, the receipt's sums vouch for its total and the row is ok. Without the
    /// step the same image ends with a wrong total (an item's price) and goes to review.
    @Test func aReceiptInShadeIsReadAgainWithItsLightEvenedOut() throws {
        let clean = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        let top = clean.height * 45 / 100
        let shaded = try #require(clean.shaded(left: 0, top: top, width: clean.width, height: clean.height - top, light: 0.35))

        let pix = Preparation.prepare(shaded, steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let reader = PageReader(options: ParserOptions())
        let parser = ReceiptParser(options: ParserOptions())
        let without = try reader.read(pix, with: engine, steps: PreparationStep.auto.subtracting([.relight])).get()
        let unsure = parser.parse(without)
        #expect(unsure.total?.amount != Decimal(string: "25.23"))
        #expect(!unsure.issues.isEmpty)
        let relit = try reader.read(pix, with: engine, steps: PreparationStep.auto).get()
        let receipt = parser.parse(relit)
        #expect(receipt.total?.amount == Decimal(string: "25.23"))
        #expect(receipt.issues.isEmpty, "\(receipt.issues)")
    }

    /// A full-size phone photo prints four times as large as a scan: its print is measured as
    /// such, and the page is scaled to the size the dev sets print at; print of that size is
    /// left as it is. The enlarged receipt, prepared and read with `auto`, gives its total.
    @Test func largePrintIsScaledToTheSizeReceiptsAreReadAt() throws {
        let clean = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        let height = try #require(Preparation.printHeight(clean))
        #expect(height < Preparation.largePrint)
        #expect(Preparation.reduceLargePrint(clean) == nil)
        let large = try #require(clean.scaled(by: 4))
        let largeHeight = try #require(Preparation.printHeight(large))
        #expect(abs(largeHeight / height - 4) < 0.8, "\(height) -> \(largeHeight)")
        let reduced = try #require(Preparation.reduceLargePrint(large))
        #expect(abs(try #require(Preparation.printHeight(reduced)) - Preparation.printTarget) <= 3)
        #expect(reduced.width < large.width / 2)

        let pix = Preparation.prepare(large, steps: PreparationStep.auto)
        #expect(pix.width < large.width / 2)
        let text = try PageReader(options: ParserOptions()).read(pix, with: try TesseractEngine(settings: OCRSettings()),
                                                                 steps: PreparationStep.auto).get()
        #expect(ReceiptParser(options: ParserOptions()).parse(text.text).total?.amount == Decimal(string: "25.23"))
    }

    /// A date still missing is read from the image enlarged: by what its lines need (at most three
    /// times, at most 12 Mpx), never for print already large or a page already near 12 Mpx.
    @Test func aMissingDateIsLookedForInTheImageEnlarged() throws {
        let web = try ImageLoader().load(images.appendingPathComponent("us-grocery-web.jpg").path, format: .jpeg).image.get()
        let engine = try TesseractEngine(settings: OCRSettings())
        let reading = try engine.recognize(web).get()
        let height = try #require(SmallPrint.medianLineHeight(reading))
        #expect(height * 3 < MissingDate.targetLineHeight)
        let larger = try #require(MissingDate.enlarged(web, readAs: reading))
        #expect(larger.width == web.width * 3)
        // Lines 90 px high: no reading enlarged by so little.
        var large = reading
        large.lines = (0..<5).map { ReadLine(text: "line", confidence: 90, top: $0 * 100, bottom: $0 * 100 + 90) }
        #expect(MissingDate.enlarged(web, readAs: large) == nil)
        // An A4 page (8.7 Mpx) with the same small print: 12 Mpx allow too little enlargement.
        let page = try ImageLoader().load(images.appendingPathComponent("my-gst-cafe-a4.png").path, format: .png).image.get()
        #expect(MissingDate.enlarged(page, readAs: reading) == nil)
    }

    /// A web-sized photo (260 px wide): its lines are about 13 px high, and the English model
    /// reads it unsure and without its totals. Read again at three times the size, it reads the
    /// total, subtotal and tax; without the step the same image has none of them.
    @Test func smallPrintIsReadAgainScaledUp() throws {
        let web = try ImageLoader().load(images.appendingPathComponent("us-grocery-web.jpg").path, format: .jpeg).image.get()
        let pix = Preparation.prepare(web, steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let reader = PageReader(options: ParserOptions())
        let without = try reader.read(pix, with: engine, steps: []).get()
        #expect(try #require(SmallPrint.medianLineHeight(without)) < SmallPrint.targetLineHeight / 2)
        #expect(without.meanConfidence < SmallPrint.unsureBelow)
        #expect(ReceiptParser().keyLines(without.text).total.isEmpty)  // no total line read
        let with = try reader.read(pix, with: engine, steps: [.smallPrint]).get()
        #expect(with.meanConfidence >= without.meanConfidence + SmallPrint.gain)
        let receipt = ReceiptParser().parse(with.text)
        #expect(receipt.total?.amount == Decimal(string: "25.23"))
        #expect(receipt.subtotal?.amount == Decimal(string: "23.75"))
        #expect(receipt.tax?.amount == Decimal(string: "1.48"))
        // A clean scan's print is large enough: no second reading.
        let clean = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        let first = try engine.recognize(clean).get()
        #expect(SmallPrint.read(clean, after: first, with: engine) == nil)
    }

    /// The experimental steps (off in `auto`) each do what they say when asked for by name.
    @Test func experimentalStepsApplyWhenAdded() throws {
        let narrow = try ImageLoader().load(images.appendingPathComponent("us-grocery-clean.png").path, format: .png).image.get()
        #expect(!PreparationStep.auto.contains(.upscale) && !PreparationStep.auto.contains(.sauvola))
        let upscaled = Preparation.prepare(narrow, steps: [.upscale])
        #expect(upscaled.width == 1200 && upscaled.height > narrow.height)
        #expect(upscaled.resolution > narrow.resolution, "the resolution follows the scale")
        let binary = Preparation.prepare(narrow, steps: [.grey, .sauvola])
        #expect(binary.depth == 1 && binary.width == narrow.width)
        let even = Preparation.prepare(narrow, steps: [.background])
        #expect(even.depth == 8 && even.width == narrow.width)
        #expect(Preparation.prepare(narrow, steps: PreparationStep.auto).width == narrow.width, "auto leaves a clean scan its size")
    }

    @Test func formatsAreSniffedByContent() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff(Array("%PDF-1.7".utf8)) == .pdf)
        #expect(ImageFormat.sniff(Array("hello world".utf8)) == nil)
        #expect(ImageFormat.sniff([UInt8]()) == nil)
    }

    @Test func oversizedImageIsRefusedFromItsHeader() throws {
        var limits = ImageLimits()
        limits.maxMegapixels = 0.1
        let path = images.appendingPathComponent("us-grocery-clean.png").path
        let result = ImageLoader(limits: limits).load(path, format: .png).image
        #expect(throws: StageError.self) { try result.get() }
        if case .failure(let e) = result { #expect(e.message.contains("--max-megapixels")) }
    }

    /// One engine, reused: both images read, and on the engine's thread OpenMP is held to one
    /// thread (without it OCR here ran 2-3x slower on 2 cores).
    @Test func engineIsReusedAndOpenMPIsLimited() throws {
        let paths = ["us-grocery-clean.png", "my-gst-cafe-clean.png"].map { images.appendingPathComponent($0).path }
        let box = ResultBox()
        let thread = Thread {
            do {
                let engine = try TesseractEngine(settings: OCRSettings())
                box.levels = OpenMP.maxActiveLevels()
                for path in paths {
                    let pix = try ImageLoader().load(path, format: .png).image.get()
                    box.texts.append(try engine.recognize(pix).get().text)
                }
            } catch { box.error = "\(error)" }
            box.done.signal()
        }
        thread.start()
        box.done.wait()
        #expect(box.error == nil)
        #expect(box.levels == 0)
        #expect(box.texts.count == 2)
        #expect(box.texts.first?.contains("GREEN VALLEY MARKET") == true)
        #expect(box.texts.last?.contains("KOPI HOUSE") == true)
    }

    @Test func deadlineStopsALongOCR() throws {
        let path = FixturePaths.images.appendingPathComponent("real/X51008123586.jpg").path
        let pix = try ImageLoader().load(path, format: .jpeg).image.get()
        let engine = try TesseractEngine(settings: OCRSettings(deadline: .milliseconds(1)))
        let result = engine.recognize(pix)
        #expect(throws: StageError.self) { try result.get() }
        if case .failure(let e) = result { #expect(e.message.contains("deadline")) }
    }

    /// Light grey print on a white slip: Tesseract's global threshold loses all of it, the rescue
    /// reading (a local threshold) gets the receipt back. Without the step the same image reads
    /// as nearly nothing, so the test shows the step is what reads it.
    @Test func nearlyEmptyReadingIsRescuedByALocalThreshold() throws {
        let path = FixturePaths.images.appendingPathComponent("real/X51008142034.jpg").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .jpeg).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let reader = PageReader(options: ParserOptions())
        let without = try reader.read(pix, with: engine, steps: PreparationStep.auto.subtracting([.rescue])).get()
        #expect(Rescue.wordCount(without.text) < Rescue.nearlyEmpty)
        let rescued = try reader.read(pix, with: engine, steps: PreparationStep.auto).get()
        #expect(Rescue.wordCount(rescued.text) > 40)
        let receipt = ReceiptParser(options: ParserOptions()).parse(rescued.text)
        #expect(receipt.date?.iso == "2018-05-09")
        #expect(receipt.total?.amount == Decimal(string: "4.70"))
    }

    /// A real scan whose page reading misreads the total's `89.00` as `87.00`: read again by the
    /// Latin model and by English at twice the scale, both read 89.00 and outvote it. Without the
    /// step the same image reads 87.00, so the test shows the step is what puts it right.
    @Test func aMisreadTotalIsOutvotedByTwoMoreReadings() throws {
        let path = FixturePaths.images.appendingPathComponent("real/X51006620191.jpg").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .jpeg).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: [.totalLook], threads: 1))
        let reader = PageReader(options: ParserOptions(), latin: latin)
        let parser = ReceiptParser(options: ParserOptions())
        let without = try reader.read(pix, with: engine, steps: PreparationStep.auto.subtracting([.totalLook])).get()
        #expect(parser.parse(without.text).total?.amount == Decimal(string: "87.00"))
        let with = try reader.read(pix, with: engine, steps: PreparationStep.auto).get()
        let receipt = parser.parse(with.text)
        #expect(receipt.total?.amount == Decimal(string: "89.00"))
        #expect(receipt.date == parser.parse(without.text).date)
        // One line changed, in its place, with its confidence.
        let changed = zip(without.text.split(separator: "\n"), with.text.split(separator: "\n")).filter { $0 != $1 }
        #expect(changed.count == 1 && changed.first?.1.contains("89.00") == true, "\(changed)")
        #expect(with.lineConfidence[TextLine.normalised(changed.first?.1 ?? "")] != nil)
    }

    /// A total printed double height (rendered: `TOTAL: $56.58` stretched 2.4x) is misread at its
    /// own proportions by the page, by English at twice the scale and by the Latin model alike;
    /// squashed to the page's usual line height, both read it right. `sums-look` reads the line
    /// the same way, and the subtotal and tax pick that reading too.
    @Test func aTallTotalIsReadAtTheUsualLineHeight() throws {
        let path = FixturePaths.images.appendingPathComponent("us-diner-tall.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: [.totalLook], threads: 1))
        let reader = PageReader(options: ParserOptions(), latin: latin)
        let parser = ReceiptParser(options: ParserOptions())
        let without = try reader.read(pix, with: engine, steps: PreparationStep.auto.subtracting([.totalLook, .sumsLook])).get()
        // (The parser then takes the subtotal and tax, which the items confirm, over the line.)
        let line = try #require(without.lines.first { $0.text.contains("TOTAL:") })
        #expect(!line.text.contains("56.58"), "\(line.text)")
        #expect(Double(line.bottom - line.top) >= KeyLineReading.tallRatio * KeyLineReading.medianHeight(of: without.lines))
        let with = try reader.read(pix, with: engine, steps: PreparationStep.auto).get()
        #expect(parser.parse(with.text).total?.amount == Decimal(string: "56.58"))
        let bySums = try reader.read(pix, with: engine, steps: PreparationStep.auto.subtracting([.totalLook])).get()
        #expect(bySums.lines.contains { $0.text.contains("TOTAL:") && $0.text.contains("56.58") }, "\(bySums.text)")
    }

    /// Two new readings must agree: a line both misread differently, or one reading alone, stays.
    @Test func theTotalStaysUnlessBothNewReadingsAgree() throws {
        let path = FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: [.totalLook], threads: 1))
        let first = try engine.recognize(pix).get()
        let read = Set(first.lines.map { TextLine.normalised($0.text[...]) })
        // The parser's total and date lines, read right the first time: the new readings agree.
        #expect(read.contains("TOTAL 25.23") && read.contains("DATE 03/18/2024 TIME 14:22"), "\(read)")
        let lines = KeyLineReading(pix, page: first, engine: engine, latin: latin)
        #expect(lines.read(after: first, keyLines: ["TOTAL 25.23"], value: KeyLineReading.amount(in:)) == nil)
        let parser = ReceiptParser(options: ParserOptions())
        #expect(parser.date(inLine: "DATE 03/18/2024 TIME 14:22")?.iso == "2024-03-18")
        #expect(lines.read(after: first, keyLines: ["DATE 03/18/2024 TIME 14:22"], value: parser.date(inLine:)) == nil)
        // A line that is not on the page has nothing to read again.
        #expect(lines.read(after: first, keyLines: ["TOTAL 99.99"], value: KeyLineReading.amount(in:)) == nil)
    }

    /// The clean grocery fixture, prepared and read once, with a digit misread put into its
    /// date's line (`03/16` for the printed `03/18`): the image still shows the date right.
    func groceryReadWithAMisreadDate() throws -> (pix: Pix, engine: TesseractEngine, first: OCRText) {
        let path = FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        var first = try engine.recognize(pix).get()
        let index = try #require(first.lines.firstIndex { TextLine.normalised($0.text[...]) == "DATE 03/18/2024 TIME 14:22" })
        var misread = first.lines[index]
        misread.text = misread.text.replacingOccurrences(of: "03/18", with: "03/16")
        let replaced = first.replace(line: index, with: misread)
        #expect(replaced)
        return (pix, engine, first)
    }

    /// Two dates printed a digit apart: both lines are read twice more and the date most readings
    /// give is taken. The page reads this date right, so a misread is put into the first reading
    /// (`03/16` for `03/18`); the new readings of the real image outvote it.
    @Test func aMisreadTwinDateIsOutvotedByTheNewReadings() throws {
        let parser = ReceiptParser(options: ParserOptions())
        let twins = parser.keyLines("SHOP\nDATE 03/16/2024 14:22\nTOTAL 5.00\nPAID 03/18/2024\n").dateTwins
        #expect(twins == ["DATE 03/16/2024 14:22", "PAID 03/18/2024"])
        #expect(parser.keyLines("SHOP\nDATE 03/18/2024 14:22\nTOTAL 5.00\nPAID 03/18/2024\n").dateTwins.isEmpty)

        let (pix, engine, first) = try groceryReadWithAMisreadDate()
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: [.dateTwins], threads: 1))
        #expect(parser.parse(first.text).date?.iso == "2024-03-16")
        let lines = KeyLineReading(pix, page: first, engine: engine, latin: latin)
        let read = try #require(lines.outvote(after: first, lines: ["DATE 03/16/2024 TIME 14:22"], value: parser.date(inLine:)))
        #expect(parser.parse(read.text).date?.iso == "2024-03-18")
        // A line not on the page is not read, and nothing changes.
        #expect(lines.outvote(after: first, lines: ["DATE 01/01/2024"], value: parser.date(inLine:)) == nil)
    }

    /// A date's digit misread on the page (`03/16` put into the reading for the printed `03/18`):
    /// `date-look`, in `auto`, reads the date's line twice more, and the two new readings of the
    /// real image outvote the first. Without the step the misread stays.
    @Test func aMisreadDateIsOutvotedInAuto() throws {
        let (pix, engine, first) = try groceryReadWithAMisreadDate()
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: PreparationStep.auto, threads: 1))
        let reader = PageReader(options: ParserOptions(), latin: latin)
        let parser = ReceiptParser(options: ParserOptions())
        let without = reader.lookAtKeyLines(first, in: pix, with: engine, steps: PreparationStep.auto.subtracting([.dateLook]))
        #expect(parser.parse(without.text).date?.iso == "2024-03-16")
        let looked = reader.lookAtKeyLines(first, in: pix, with: engine, steps: PreparationStep.auto)
        #expect(parser.parse(looked.text).date?.iso == "2024-03-18", "\(looked.text)")
    }

    /// The sums' own arithmetic picks the new readings: the clean grocery fixture read once, with
    /// its tax and total misread (`1.46`, `25.28` for the printed `1.48`, `25.23`) and the card
    /// line's amount lost, so nothing vouches for the total. Replacing one line does not make the
    /// sums add up; replacing both with their new readings does. In `auto`, `total-look` puts the
    /// total right and `sums-look` the tax, and only then the sums vouch for the total.
    @Test func theSumsPickTheNewReadingsThatAddUp() throws {
        let path = FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        var first = try engine.recognize(pix).get()
        for (printed, misread) in [("TAX 6.25% 1.48", "TAX 6.25% 1.46"), ("TOTAL 25.23", "TOTAL 25.28"), ("VISA", "VISA")] {
            let index = try #require(first.lines.firstIndex { TextLine.normalised($0.text[...]).hasPrefix(printed) }, "\(first.text)")
            var line = first.lines[index]
            line.text = misread
            let replaced = first.replace(line: index, with: line)
            #expect(replaced)
        }
        let parser = ReceiptParser(options: ParserOptions())
        #expect(!parser.keyLines(first.text).totalAgrees && parser.arithmeticTotal(lineOf: first.text)(first.text) == nil)
        let latin = try #require(try LatinEngines.make(for: OCRSettings(), steps: PreparationStep.auto, threads: 1))
        let keyLines = parser.keyLines(first.text)
        #expect(keyLines.sums == ["SUBTOTAL 23.75", "TAX 6.25% 1.46"], "\(keyLines.sums)")
        let lines = KeyLineReading(pix, page: first, engine: engine, latin: latin)
        let read = try #require(lines.agree(after: first, lines: keyLines.total + keyLines.sums,
                                            vouched: parser.arithmeticTotal(lineOf: first.text)))
        #expect(parser.arithmeticTotal(lineOf: first.text)(read.text) == Decimal(string: "25.23"))
        #expect(parser.parse(read.text).tax?.amount == Decimal(string: "1.48"))
        // Each band is read once by each engine: asked again, as `total-look` and then
        // `sums-look` ask for the total's line, the page reads nothing more.
        let bandsRead = lines.bandsRead
        #expect(bandsRead == 2 * 3, "three lines, one band each (none printed tall), two engines")
        #expect(lines.read(after: first, keyLines: ["TOTAL 25.28"], value: KeyLineReading.amount(in:)) != nil)
        #expect(lines.agree(after: first, lines: keyLines.total + keyLines.sums, vouched: parser.arithmeticTotal(lineOf: first.text)) != nil)
        #expect(lines.bandsRead == bandsRead)
        // The step in `auto`: without it, the misread tax stays, and the items and subtotal
        // then overrule the total with the subtotal and that tax.
        let reader = PageReader(options: ParserOptions(), latin: latin)
        let without = reader.lookAtKeyLines(first, in: pix, with: engine, steps: PreparationStep.auto.subtracting([.sumsLook]))
        #expect(parser.parse(without.text).total?.amount == Decimal(string: "25.21"))
        let looked = reader.lookAtKeyLines(first, in: pix, with: engine, steps: PreparationStep.auto)
        #expect(parser.parse(looked.text).total?.amount == Decimal(string: "25.23"))
        #expect(parser.keyLines(looked.text).totalAgrees && parser.parse(looked.text).tax?.amount == Decimal(string: "1.48"), "\(looked.text)")
    }

    /// A date read otherwise than printed (here a year in the future, `2048` for `2024`) counts as
    /// missing: the page is read again in sparse mode and the date's line as that reading gives
    /// it is added, so the date printed is found. A date read as printed gets no second look.
    @Test func aDateReadAgainGetsTheSecondLook() throws {
        let path = FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path
        let pix = Preparation.prepare(try ImageLoader().load(path, format: .png).image.get(), steps: PreparationStep.auto)
        let engine = try TesseractEngine(settings: OCRSettings())
        let parser = ReceiptParser(options: ParserOptions())
        let reader = PageReader(options: ParserOptions())
        var first = try engine.recognize(pix).get()
        #expect(reader.lookAgain(first, in: pix, with: engine, steps: [.secondLook]) == first)
        let index = try #require(first.lines.firstIndex { TextLine.normalised($0.text[...]) == "DATE 03/18/2024 TIME 14:22" })
        var misread = first.lines[index]
        misread.text = misread.text.replacingOccurrences(of: "2024", with: "2048")
        let replaced = first.replace(line: index, with: misread)
        #expect(replaced)
        #expect(parser.keyLines(first.text).dateReadAgain)
        #expect(reader.lookAgain(first, in: pix, with: engine, steps: []) == first)
        let looked = reader.lookAgain(first, in: pix, with: engine, steps: [.secondLook])
        #expect(parser.parse(looked.text).date?.iso == "2024-03-18", "\(looked.text)")
    }

    @Test func wordsAreCountedByRunsOfThreeLetters() {
        #expect(Rescue.wordCount("TOTAL RM 4.70\nCash: 5.00 ab") == 2)
        #expect(Rescue.wordCount("") == 0)
        #expect(Rescue.wordCount("Kedai Uhat") == 2)
    }

    @Test func missingLanguageDataIsASetupError() {
        #expect(throws: SetupError.self) { try TesseractEngine(settings: OCRSettings(language: "qqq")) }
    }

    final class ResultBox: @unchecked Sendable {  // written by the one worker thread, read after `done`
        var texts: [String] = []
        var levels: Int32? = -1
        var error: String?
        let done = DispatchSemaphore(value: 0)
    }
}
