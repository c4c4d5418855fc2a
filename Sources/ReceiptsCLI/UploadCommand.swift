import ArgumentParser
import ReceiptScanner

struct Upload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send every image under PATH... to an archive, without reading it; one row per file.",
        discussion: """
        The same upload stage as `scan --upload`, alone: files are found by content, hashed and sent with \
        bounded concurrency and retries. Each row has file, status (ok or failed), upload_url, sha256 and \
        error; the receipt columns stay empty.
        """)

    @Argument(help: ArgumentHelp("Image files and folders to upload.", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or '-' for standard output.", valueName: "file"))
    var output = "uploads.csv"

    @Option(name: .long, help: "Output format: csv, json (one array) or jsonl (one object per line).")
    var format: OutputFormat = .csv

    @OptionGroup(title: "Upload") var upload: UploadOptions
    @OptionGroup(title: "Journal and resume") var journal: JournalOptions

    func validate() throws {
        guard upload.upload != nil else { throw ValidationError("give the destination with --upload DEST") }
    }

    func run() throws {
        var config = ScanConfiguration(jobs: 1)
        config.readsImages = false
        config.upload = try upload.settingsForRun()
        try journal.configure(&config, output: output)
        let out: OutputFile
        let writer: RowWriter
        do {
            out = try OutputFile(path: output)
            writer = try RowWriter(output: out, format: format, items: nil)
        } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        try runBatch(ScanPipeline(configuration: config), paths: paths, writer: writer, files: [out], output: output)
    }
}
