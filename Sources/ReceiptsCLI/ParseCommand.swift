import ArgumentParser
import Foundation
import ReceiptScanner

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse OCR text into a receipt: JSON (the CSV's field names) or a CSV row.")

    @Argument(help: ArgumentHelp("A text file, or '-' for standard input.", valueName: "textfile"))
    var textFile = "-"

    @Option(name: .long, help: "json (default) or csv (header and one row).")
    var format: OutputFormat = .json

    @OptionGroup var parse: ParseOptions

    func run() throws {
        let data: Data
        if textFile == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: textFile) else {
                printError("\(textFile): cannot read the file")
                throw Exit.someFailed
            }
            data = d
        }
        let text = String(decoding: data, as: UTF8.self)
        let receipt = ReceiptParser(options: try parse.options()).parse(text)
        let result = ScanResult.parsed(0, textFile, receipt)
        let cells = ResultRow.cells(result)
        switch format {
        case .csv: print(CSVFormat.header(ResultRow.columns) + CSVFormat.line(cells), terminator: "")
        case .json, .jsonl: print(JSONFormat.row(result))
        }
    }
}
