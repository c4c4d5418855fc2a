import ArgumentParser
import Dispatch
import Foundation
import ReceiptScanner

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read every receipt image under PATH... and write one row per file.",
        discussion: """
        Folders are walked recursively; images are recognised by content (JPEG, PNG, TIFF, GIF, BMP, WebP, \
        JPEG 2000, PNM, HEIC), not by extension, and each page of a PDF is its own row (read from its \
        text layer, or rendered and OCR'd). A file that cannot be read gets a row with status 'failed' and \
        the reason in 'error'; the other files go on. Rows come in input order.

        Receipts of the same shop agree: a merchant name or address a few characters from a reading more \
        receipts of the batch share is taken for an OCR misreading of it (see --no-consensus).

        Ctrl-C stops taking new files, finishes the ones being read and writes every finished row; a second \
        Ctrl-C abandons the files in progress.

        Finished work is recorded in a journal next to the output (FILE.journal): running the same command \
        again resumes, reads only what is not done (or whose settings changed) and still writes every row. \
        Files with the same bytes, or the same receipt (date, total, merchant), as an earlier one get \
        duplicate_of and status needs_review.

        With --upload DEST each original is also sent to an archive while it is read (see the Upload \
        options); upload_url says where it went.

        Columns (csv): \(ResultRow.columns.joined(separator: ", ")).
        """)

    @Argument(help: ArgumentHelp("Image files and folders to scan.", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or '-' for standard output.", valueName: "file"))
    var output = "receipts.csv"

    @Option(name: .shortAndLong, help: "OCR worker threads, one Tesseract engine each (default: number of cores).")
    var jobs = ScanConfiguration.defaultJobs

    @OptionGroup(title: "Output") var rows: RowOptions
    @OptionGroup var ocr: OCROptions
    @OptionGroup var parse: ParseOptions
    @OptionGroup(title: "Upload") var upload: UploadOptions
    @OptionGroup(title: "Journal and resume") var journal: JournalOptions
    @OptionGroup var consensus: ConsensusOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256") }
        try rows.validate(output: output)
    }

    func run() throws {
        Allocator.returnImageBuffersOnFree()
        var config = ScanConfiguration(jobs: jobs, ocr: ocr.settings, images: ocr.limits, parser: try parse.options())
        config.steps = ocr.steps
        config.upload = try upload.settingsForRun()
        try journal.configure(&config, output: output)
        let pipeline = ScanPipeline(configuration: config)

        let (writer, files, export) = try rows.open(output, defaultCurrency: config.parser.defaultCurrency)
        try runBatch(pipeline, paths: paths, writer: consensus.noConsensus ? writer : ConsensusSink(writer, spreads: consensus.spreads), files: files, output: output) {
            export.map(rows.report)
        }
    }
}

/// Walks `paths`, runs the pipeline into `writer` with Ctrl-C handling and progress, finishes the
/// output files and reports; throws the documented exit code when the run did not fully succeed.
func runBatch(_ pipeline: ScanPipeline, paths: [String], writer: FinishingSink, files: [OutputFile], output: String,
              report: () -> Void = {}) throws {
    func discard() { files.forEach { $0.discard() } }
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
    let setAside = summary.notReceipts > 0 ? ", \(summary.notReceipts) not receipts (reviewed)" : ""
    printError(String(format: "%d files: %d ok, %d to review, %d failed%@ in %.1f s (%.2f files/s); rows in %@",
                      summary.written, summary.ok, summary.needsReview, summary.failed, setAside, seconds,
                      seconds > 0 ? Double(summary.written) / seconds : 0, destination))
    if pipeline.configuration.upload != nil {
        printError(summary.uploadFailed == 0 ? "uploads: every original is at the destination"
                   : "uploads: \(summary.uploadFailed) files were not uploaded (see the error column); run again to retry them")
    }
    report()
    if summary.interrupted {
        let left = summary.total - summary.written
        printError(left > 0 ? "interrupted: \(left) of \(summary.total) files were not read; run the command again to finish"
                   : "interrupted: work in progress was abandoned; run the command again to finish it")
        throw Exit.interrupted
    }
    if summary.failed > 0 || summary.uploadFailed > 0 { throw Exit.someFailed }
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
