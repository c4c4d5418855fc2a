import ArgumentParser
import Dispatch
import Foundation
import ReceiptScanner

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every receipt image under PATH... and write one row per file.",
        discussion: """
        Folders are walked recursively; images are recognised by content (JPEG, PNG, TIFF, GIF, BMP,
        WebP, JPEG 2000, PNM), not by extension. A file that cannot be read gets a row with
        status 'failed' and the reason in 'error'; the other files go on. Rows come in input order.

        Ctrl-C stops taking new files, finishes the ones being read and writes every finished row;
        a second Ctrl-C abandons the files in progress.

        Columns (csv): \(ResultRow.columns.joined(separator: ", ")).
        """)

    @Argument(help: ArgumentHelp("Image files and folders to scan.", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or '-' for standard output.", valueName: "file"))
    var output = "receipts.csv"

    @Option(name: .long, help: "Output format: csv, json (one array) or jsonl (one object per line).")
    var format: OutputFormat = .csv

    @Option(name: .long, help: ArgumentHelp(
        "Also write the line items as CSV, one row per item, keyed by the receipt's file and sha256.",
        valueName: "file"))
    var items: String?

    @Option(name: .shortAndLong, help: "OCR worker threads, one Tesseract engine each (default: number of cores).")
    var jobs = ScanConfiguration.defaultJobs

    @OptionGroup var ocr: OCROptions
    @OptionGroup var parse: ParseOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256") }
        if let items, items == output, items != "-" { throw ValidationError("--items needs a file other than the output") }
        if items == "-" { throw ValidationError("--items needs a file name; standard output carries the rows") }
    }

    func run() throws {
        let config = ScanConfiguration(jobs: jobs, ocr: ocr.settings, images: ocr.limits, parser: try parse.options())
        let pipeline = ScanPipeline(configuration: config)

        let out: OutputFile
        var itemsOut: OutputFile?
        let writer: RowWriter
        do {
            out = try OutputFile(path: output)
            itemsOut = try items.map { path throws(SetupError) in try OutputFile(path: path) }
            writer = try RowWriter(output: out, format: format, items: itemsOut)
        } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        func discard() {
            out.discard()
            itemsOut?.discard()
        }

        let inputs = InputWalker().walk(paths)
        if inputs.isEmpty { printError("no images found under \(paths.joined(separator: ", "))") }
        let signals = SignalWatcher { second in
            printError(second ? "abandoning files in progress" : "stopping: finishing files in progress (Ctrl-C again to abandon them)")
            pipeline.cancel()
        }
        defer { signals.stop() }

        let display = ProgressDisplay()
        let summary: ScanSummary
        do {
            summary = try pipeline.run(inputs, into: writer) { display.update($0) }
        } catch {
            discard()
            printError("\(error)")
            throw Exit.cannotStart
        }
        display.finish()
        if let problem = summary.outputError {
            discard()
            printError(problem)
            throw Exit.outputFailed
        }
        do { try writer.finish() } catch {
            discard()
            printError("\(error)")
            throw Exit.outputFailed
        }

        let seconds = Double(summary.elapsed.components.seconds) + Double(summary.elapsed.components.attoseconds) / 1e18
        let destination = output == "-" ? "standard output" : output
        printError(String(format: "%d files: %d ok, %d to review, %d failed in %.1f s (%.2f files/s); rows in %@",
                          summary.written, summary.ok, summary.needsReview, summary.failed, seconds,
                          seconds > 0 ? Double(summary.written) / seconds : 0, destination))
        if summary.interrupted {
            printError("interrupted: \(summary.total - summary.written) of \(summary.total) files were not read; run the command again to scan them")
            throw Exit.interrupted
        }
        if summary.failed > 0 { throw Exit.someFailed }
    }
}

/// SIGINT and SIGTERM become calls to `handler` (false the first time, true after), on a
/// dispatch queue instead of inside a signal handler.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (_ second: Bool) -> Void) {
        let queue = DispatchQueue(label: "receipts.signals")
        let count = Counter()
        sources = [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { handler(count.next() > 1) }
            source.resume()
            return source
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Only touched on the signal queue, which is serial.
    private final class Counter: @unchecked Sendable {
        private var value = 0
        func next() -> Int { value += 1; return value }
    }
}
