import ArgumentParser
import Foundation
import ReceiptScanner

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a journal records: files per stage and outcome, and every failure with its error.")

    @Option(name: .long, help: ArgumentHelp("The journal to read (default: receipts.csv.journal, the one `scan` writes by default).", valueName: "file"))
    var journal = "receipts.csv.journal"

    @Flag(name: .long, help: "Print JSON for scripts instead of a table.")
    var json = false

    func run() throws {
        let status: JournalStatus
        do { status = try Journal.existing(at: journal).status() } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
            return
        }
        func line(_ stage: String, _ counts: [String: Int], _ order: [String]) {
            let cells = order.map { "\($0) \(counts[$0, default: 0])" }.joined(separator: ", ")
            print(stage.padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + cells)
        }
        print("journal   \(journal)")
        line("files", status.rows, ["ok", "needs_review", "failed"])
        line("read", status.read, ["done", "failed"])
        line("parse", status.parse, ["ok", "needs_review"])
        line("upload", status.upload, ["done", "failed"])
        print("duplicates  \(status.duplicates)")
        guard !status.failures.isEmpty else { return }
        print("\nfailures (\(status.failures.count)):")
        let width = min(60, status.failures.map(\.file.count).max() ?? 0)
        for failure in status.failures {
            print("  " + failure.file.padding(toLength: max(width, failure.file.count), withPad: " ", startingAt: 0)
                  + "  " + failure.stage.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + failure.error)
        }
    }
}
