import ArgumentParser
import ReceiptScanner

@main
struct Receipts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Turn folders of receipt photos and scans into CSV an accountant can use.",
        discussion: """
        Images are found by content, read with Tesseract (one engine per core, reused), parsed into \
        merchant, date, totals, tax and more, and written one row per file in input order.

        Exit codes: 0 every file was read; 1 some files failed, or their upload did (each has a row saying \
        why); 64 usage error; 69 the run could not start (missing language data, unwritable output, \
        unusable journal); 74 the output or the journal could not be written during the run; 130 \
        interrupted by Ctrl-C or SIGTERM (rows done are written; run again to finish).
        """,
        version: "receipts \(receiptsVersion) (\(ReceiptScanner.componentVersions))",
        subcommands: [Scan.self, Review.self, Export.self, Upload.self, Status.self, OCR.self, Parse.self, Eval.self],
        defaultSubcommand: nil
    )
}

/// Exit codes documented in `--help` and the README.
enum Exit {
    static let someFailed = ExitCode(1)
    static let cannotStart = ExitCode(69)
    static let outputFailed = ExitCode(74)
    static let interrupted = ExitCode(130)
}
