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

    @Option(name: .long, help: "Output format: csv, json (one array) or jsonl (one object per line).")
    var format: OutputFormat = .csv

    @Option(name: .long, help: ArgumentHelp(
        "Also write the line items as CSV, one row per item, keyed by the receipt's file and sha256.",
        valueName: "file"))
    var items: String?

    @Option(name: .shortAndLong, help: "OCR worker threads, one Tesseract engine each (default: number of cores).")
    var jobs = ScanConfiguration.defaultJobs

    @Option(name: .long, help: ArgumentHelp(
        "Output shape: receipts (this tool's CSV), quickbooks, xero, xero-bills, hledger, beancount or firefly.",
        discussion: "Accounting profiles leave out failed receipts, and needs_review ones unless --include-review."))
    var profile: ExportProfile = .receipts

    @Option(name: .long, help: "Date format of an accounting profile, from YYYY, MM and DD (quickbooks: MM/DD/YYYY, xero: DD/MM/YYYY).")
    var dateFormat: String?

    @Flag(name: .long, help: "Put receipts flagged needs_review into an accounting export too.")
    var includeReview = false

    @Option(name: .long, help: "Expense account for receipts whose merchant has none in --rules (default Expenses:Receipts; xero-bills: 429).")
    var account: String?

    @Option(name: .long, help: ArgumentHelp("With --profile beancount: also write beancount transactions to this file.", valueName: "file"))
    var ledger: String?

    @OptionGroup var ocr: OCROptions
    @OptionGroup var parse: ParseOptions
    @OptionGroup(title: "Upload") var upload: UploadOptions
    @OptionGroup(title: "Journal and resume") var journal: JournalOptions
    @OptionGroup var consensus: ConsensusOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1...256") }
        if let items, items == output, items != "-" { throw ValidationError("--items needs a file other than the output") }
        if items == "-" { throw ValidationError("--items needs a file name; standard output carries the rows") }
        if profile != .receipts {
            if format != .csv { throw ValidationError("--profile \(profile.rawValue) writes CSV; drop --format") }
            if items != nil { throw ValidationError("--items goes with the receipts profile; xero-bills has one row per item") }
        }
        if profile == .hledger && output == "-" {
            throw ValidationError("--profile hledger writes a .csv.rules file beside the CSV; pass -o FILE")
        }
        if ledger != nil && profile != .beancount { throw ValidationError("--ledger goes with --profile beancount") }
        if let dateFormat, !(dateFormat.contains("YYYY") && dateFormat.contains("MM") && dateFormat.contains("DD")) {
            throw ValidationError("--date-format needs YYYY, MM and DD, e.g. DD.MM.YYYY")
        }
    }

    func run() throws {
        var config = ScanConfiguration(jobs: jobs, ocr: ocr.settings, images: ocr.limits, parser: try parse.options())
        config.steps = ocr.steps
        config.upload = try upload.settingsForRun()
        try journal.configure(&config, output: output)
        let pipeline = ScanPipeline(configuration: config)

        var files: [OutputFile] = []
        let writer: FinishingSink
        var export: AccountingExport?
        do {
            func open(_ path: String) throws(SetupError) -> OutputFile {
                let file = try OutputFile(path: path)
                files.append(file)
                return file
            }
            let out = try open(output)
            if profile == .receipts {
                writer = try RowWriter(output: out, format: format, items: try items.map(open))
            } else {
                let options = ExportOptions(profile: profile, dateFormat: dateFormat, includeReview: includeReview,
                                            defaultAccount: account, defaultCurrency: config.parser.defaultCurrency)
                let accounting = AccountingExport(options: options, output: out,
                                                  rulesOutput: profile == .hledger ? try open(output + ".rules") : nil,
                                                  ledger: try ledger.map(open))
                export = accounting
                writer = accounting
            }
        } catch {
            files.forEach { $0.discard() }
            printError("\(error)")
            throw Exit.cannotStart
        }
        try runBatch(pipeline, paths: paths, writer: consensus.noConsensus ? writer : ConsensusSink(writer, spreads: consensus.spreads), files: files, output: output) {
            if let export {
                let reasons = export.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                printError("\(profile.rawValue) export: \(export.written) receipts written"
                           + (reasons.isEmpty ? "" : "; left out: " + reasons.joined(separator: ", ")))
            }
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
    printError(String(format: "%d files: %d ok, %d to review, %d failed in %.1f s (%.2f files/s); rows in %@",
                      summary.written, summary.ok, summary.needsReview, summary.failed, seconds,
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
