import ArgumentParser
import Foundation
import ReceiptReview
import ReceiptScanner

struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check and correct the receipts of a journal in the browser: the image beside its fields, one keystroke each.",
        discussion: """
        Starts a web server on 127.0.0.1 only and prints its URL, with a random token in it, as the first \
        line of standard output; open it in a browser on this machine. The queue shows the rows that need \
        review first (the reason first), then the rest. Keys: Tab moves through the fields, Enter accepts \
        the receipt (with the corrections typed) and goes to the next, Alt+X marks it as no receipt, Alt+Z \
        undoes the last decision.

        Each decision is written to the journal at once, with who and when. A later `receipts scan` with \
        this journal keeps the corrections, and `receipts export` writes the rows with them, without \
        reading any image. Ctrl-C stops the server.
        """)

    @Option(name: .long, help: ArgumentHelp("The journal to review (default: receipts.csv.journal, the one `scan` writes by default).", valueName: "file"))
    var journal = "receipts.csv.journal"

    @Option(name: .long, help: "Port on 127.0.0.1 (default 0: any free port; the URL says which).")
    var port = 0

    @Option(name: .long, help: "Name recorded with each correction (default: $USER).")
    var reviewer = ProcessInfo.processInfo.environment["USER"] ?? "reviewer"

    @Flag(name: .long, help: "Also open the page in the default browser (xdg-open).")
    var open = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard !reviewer.isEmpty, reviewer.count <= 100 else { throw ValidationError("--reviewer needs a name of 1...100 characters") }
    }

    func run() async throws {
        let source: Journal
        do { source = try Journal.existing(at: journal) } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        let server = ReviewServer(api: ReviewAPI(journal: source, reviewer: reviewer), port: port)
        let open = self.open, journal = self.journal
        do {
            try await server.run { url in
                // Unbuffered: a script reading the first line must not wait for more.
                FileHandle.standardOutput.write(Data((url + "\n").utf8))
                printError("review: serving \(journal) at \(url); Ctrl-C stops")
                if open { Self.openInBrowser(url) }
            }
        } catch {
            printError("review: the server could not run on 127.0.0.1:\(port): \(error)")
            throw Exit.cannotStart
        }
    }

    static func openInBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        do { try process.run() } catch { printError("review: could not start xdg-open (\(error)); open the URL yourself") }
    }
}
