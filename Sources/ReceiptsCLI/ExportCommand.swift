import ArgumentParser
import Foundation
import ReceiptScanner

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the rows a journal holds, with the corrections made in `receipts review`, without reading any image.",
        discussion: """
        Every row the journal knows is written, in the order its files were first scanned: what the last \
        scan read, with each reviewed field as corrected. Reviewed rows are 'ok'; files marked as no \
        receipt are 'failed' with the reason (accounting profiles leave them out).
        """)

    @Option(name: .long, help: ArgumentHelp("The journal to read (default: receipts.csv.journal, the one `scan` writes by default).", valueName: "file"))
    var journal = "receipts.csv.journal"

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, or '-' for standard output.", valueName: "file"))
    var output = "-"

    @Option(name: .long, help: "ISO 4217 code an accounting profile assumes for rows that name no currency.")
    var currency: String?

    @OptionGroup(title: "Output") var rows: RowOptions
    @OptionGroup var consensus: ConsensusOptions

    func validate() throws {
        try rows.validate(output: output)
    }

    func run() throws {
        let source: Journal
        do { source = try Journal.existing(at: journal) } catch {
            printError("\(error)")
            throw Exit.cannotStart
        }
        let found = source.rows()
        if let failure = source.failure {
            printError("\(failure)")
            throw Exit.cannotStart
        }
        let (writer, files, export) = try rows.open(output, defaultCurrency: currency?.uppercased())
        let sink: FinishingSink = consensus.noConsensus ? writer : ConsensusSink(writer, spreads: consensus.spreads)
        do {
            for row in found { try sink.write(row.result) }
            try sink.finish()
        } catch {
            files.forEach { $0.discard() }
            printError("\(error)")
            throw Exit.outputFailed
        }
        let reviewed = found.count { $0.result.review != nil }
        printError("\(found.count) rows from \(journal) (\(reviewed) reviewed) in \(output == "-" ? "standard output" : output)")
        export.map(rows.report)
    }
}
