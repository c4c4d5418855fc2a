import ArgumentParser
import Foundation
import ReceiptScanner

/// Options of the journal that lets a re-run resume, shared by `scan` and `upload`.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "SQLite journal of finished work (default: the output's name + .journal; none when writing to standard output). Re-running the same command resumes from it.",
        valueName: "file"))
    var journal: String?

    @Flag(name: .long, help: "Keep no journal: a throwaway run that cannot be resumed.")
    var noJournal = false

    @Flag(name: .long, help: "Redo every file's OCR, parse and upload, whatever the journal says (it is updated).")
    var force = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Try stages that failed in an earlier run again.")
    var retryFailed = true

    @Option(name: .long, help: "Runs that may try a file's failing stage before its failure is kept as final.")
    var maxAttempts = 3

    func validate() throws {
        if noJournal && journal != nil { throw ValidationError("--journal and --no-journal exclude each other") }
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts must be 1...100") }
    }

    static func defaultPath(output: String) -> String? {
        output == "-" ? nil : output + ".journal"
    }

    /// Opens the journal for a run and sets how it is used; nil with --no-journal.
    func configure(_ config: inout ScanConfiguration, output: String) throws {
        config.resume.force = force
        config.resume.retryFailed = retryFailed
        config.resume.maxAttempts = maxAttempts
        guard !noJournal, let path = journal ?? Self.defaultPath(output: output) else { return }
        do {
            config.journal = try Journal(path: path)
        } catch {
            printError("\(error); pass --journal PATH for another place, or --no-journal")
            throw Exit.cannotStart
        }
    }
}
