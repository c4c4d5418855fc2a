import ArgumentParser
import Foundation
import ReceiptScanner

struct OCR: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the OCR text of one image, or of each page of a PDF (its text layer when it has one).")

    @Argument(help: ArgumentHelp("The image to read.", valueName: "image"))
    var image: String

    @Flag(name: .long, help: "Print Tesseract's mean word confidence (0-100) on stderr.")
    var showConfidence = false

    @OptionGroup var ocr: OCROptions

    func run() throws {
        Allocator.returnImageBuffersOnFree()
        let engine: TesseractEngine, latin: LatinEngines?
        do {
            engine = try TesseractEngine(settings: ocr.settings)
            latin = try LatinEngines.make(for: ocr.settings, steps: ocr.steps, threads: 1)
        } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        let inputs = InputWalker().walk([image])
        guard let input = inputs.first, let format = input.format else {
            printError("\(image): \(inputs.first?.error?.description ?? "not found")")
            throw Exit.someFailed
        }
        let loader = ImageLoader(limits: ocr.limits)
        let reader = PageReader(options: ParserOptions(), latin: latin)
        func read(_ pix: Pix) -> Result<OCRText, StageError> {
            reader.read(Preparation.prepare(pix, steps: ocr.steps), with: engine, steps: ocr.steps)
        }
        guard input.page != nil else { return try show(loader.load(image, format: format).image.flatMap(read)) }
        // A PDF: each page's text layer, or its OCR.
        guard case .success(let bytes) = loader.read(image) else { throw Exit.someFailed }
        for page in inputs.compactMap(\.page) {
            print("--- page \(page)")
            switch PDFPage.read(bytes, page: page, limits: ocr.limits) {
            case .text(let text): print(text)
            case .image(let pix): try show(pix.flatMap(read))
            }
        }
    }

    private func show(_ result: Result<OCRText, StageError>) throws {
        switch result {
        case .success(let text):
            print(text.text, terminator: text.text.hasSuffix("\n") ? "" : "\n")
            if showConfidence { printError("mean word confidence \(text.meanConfidence)") }
        case .failure(let error):
            printError("\(image): \(error)")
            throw Exit.someFailed
        }
    }
}
