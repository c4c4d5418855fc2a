import ArgumentParser
import ReceiptScanner

/// How rows are written, shared by `scan` and `export`: the format, the items file, and the
/// accounting profiles.
struct RowOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: csv, json (one array) or jsonl (one object per line).")
    var format: OutputFormat = .csv

    @Option(name: .long, help: ArgumentHelp(
        "Also write the line items as CSV, one row per item, keyed by the receipt's file and sha256.",
        valueName: "file"))
    var items: String?

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
    func validate(output: String) throws {
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

    /// The writer for `output` (and the files it writes, to finish or discard together); the
    /// accounting export too when a profile is chosen, for its report.
    func open(_ output: String, defaultCurrency: String?) throws -> (FinishingSink, [OutputFile], AccountingExport?) {
        var files: [OutputFile] = []
        do {
            func open(_ path: String) throws(SetupError) -> OutputFile {
                let file = try OutputFile(path: path)
                files.append(file)
                return file
            }
            let out = try open(output)
            if profile == .receipts {
                return (try RowWriter(output: out, format: format, items: try items.map(open)), files, nil)
            }
            let options = ExportOptions(profile: profile, dateFormat: dateFormat, includeReview: includeReview,
                                        defaultAccount: account, defaultCurrency: defaultCurrency)
            let accounting = AccountingExport(options: options, output: out,
                                              rulesOutput: profile == .hledger ? try open(output + ".rules") : nil,
                                              ledger: try ledger.map(open))
            return (accounting, files, accounting)
        } catch {
            files.forEach { $0.discard() }
            printError("\(error)")
            throw Exit.cannotStart
        }
    }

    /// What an accounting export wrote and left out, for the person running it.
    func report(_ export: AccountingExport) {
        let reasons = export.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        printError("\(profile.rawValue) export: \(export.written) receipts written"
                   + (reasons.isEmpty ? "" : "; left out: " + reasons.joined(separator: ", ")))
    }
}
