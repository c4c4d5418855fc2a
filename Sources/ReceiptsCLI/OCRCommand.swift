import ArgumentParser
import Foundation
import ReceiptScanner

struct OCR: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the OCR text of one image (for debugging and for making parser fixtures).")

    @Argument(help: ArgumentHelp("The image to read.", valueName: "image"))
    var image: String

    @Option(name: .long, help: "Print Tesseract's mean word confidence (0-100) on stderr.")
    var showConfidence = false

    @OptionGroup var ocr: OCROptions

    func run() throws {
        let engine: TesseractEngine
        do { engine = try TesseractEngine(settings: ocr.settings) } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        let input = InputWalker().walk([image]).first
        guard let format = input?.format else {
            printError("\(image): \(input?.error?.description ?? "not found")")
            throw Exit.someFailed
        }
        let loaded = ImageLoader(limits: ocr.limits).load(image, format: format)
        switch loaded.image.flatMap({ engine.recognize(Preparation.prepare($0, mode: ocr.prepare)) }) {
        case .success(let text):
            print(text.text, terminator: text.text.hasSuffix("\n") ? "" : "\n")
            if showConfidence { printError("mean word confidence \(text.meanConfidence)") }
        case .failure(let error):
            printError("\(image): \(error)")
            throw Exit.someFailed
        }
    }
}
