import Foundation

/// Output shapes: our own CSV contract, or the import format of an accounting tool.
public enum ExportProfile: String, Sendable, CaseIterable {
    case receipts, quickbooks, xero
    case xeroBills = "xero-bills"
    case hledger, beancount, firefly

    /// The date format a profile writes unless `--date-format` says otherwise.
    public var defaultDateFormat: String {
        switch self {
        case .quickbooks: "MM/DD/YYYY"  // QuickBooks Online, US company default
        case .xero, .xeroBills: "DD/MM/YYYY"  // Xero's import templates
        case .receipts, .hledger, .beancount, .firefly: "YYYY-MM-DD"
        }
    }
}

/// Settings for an accounting export.
public struct ExportOptions: Sendable {
    public var profile: ExportProfile
    /// `YYYY`, `MM`, `DD` stand for the parts; anything else is copied (`DD.MM.YYYY`).
    public var dateFormat: String
    /// Receipts flagged `needs_review` go in only when asked.
    public var includeReview: Bool
    /// Expense account for receipts whose merchant has none in the rules file.
    public var defaultAccount: String
    /// Currency for receipts that print none (from `--currency`).
    public var defaultCurrency: String?

    public init(profile: ExportProfile, dateFormat: String? = nil, includeReview: Bool = false,
                defaultAccount: String? = nil, defaultCurrency: String? = nil) {
        self.profile = profile
        self.dateFormat = dateFormat ?? profile.defaultDateFormat
        self.includeReview = includeReview
        self.defaultAccount = defaultAccount ?? (profile == .xeroBills ? "429" : "Expenses:Receipts")
        self.defaultCurrency = defaultCurrency
    }
}

/// One receipt as the accounting exports see it: booked money out, cleaned text.
struct ExportEntry {
    var index: Int
    var date: ReceiptDate
    var payee: String
    var narration: String
    var reference: String
    /// The receipt's total as printed: positive for a purchase, negative for a refund.
    var total: Decimal
    var currency: String?
    var account: String
    var paymentAccount: String
    var items: [LineItem]
    var tax: Decimal?
    var file: String
    var sha256: String
}

/// Collects the receipts an accounting tool may book and writes them in its format when the run
/// ends (hledger wants date order, so rows wait; they are small). `failed` receipts never enter;
/// `needs_review` ones only with `includeReview`; `leftOut` says how many stayed out and why.
public final class AccountingExport: FinishingSink {
    public let options: ExportOptions
    private let output: OutputFile
    private let rulesOutput: OutputFile?
    private let ledger: OutputFile?
    private var entries: [ExportEntry] = []
    public private(set) var leftOut: [String: Int] = [:]
    public var written: Int { entries.count }

    /// - Parameters:
    ///   - rulesOutput: where hledger's `.csv.rules` goes (the hledger profile needs it).
    ///   - ledger: a beancount file of transactions (`--ledger`).
    public init(options: ExportOptions, output: OutputFile, rulesOutput: OutputFile? = nil, ledger: OutputFile? = nil) {
        self.options = options
        self.output = output
        self.rulesOutput = rulesOutput
        self.ledger = ledger
    }

    public func write(_ result: ScanResult) throws {
        switch result.status {
        case .failed: leftOut["failed", default: 0] += 1; return
        case .needsReview where !options.includeReview:
            leftOut["needs review (pass --include-review)", default: 0] += 1; return
        default: break
        }
        guard let r = result.receipt, let date = r.date, let total = r.total?.amount else {
            leftOut[result.receipt?.date == nil ? "no date" : "no total", default: 0] += 1
            return
        }
        if options.profile == .xeroBills && total < 0 {
            leftOut["refund (Xero books those as credit notes)", default: 0] += 1
            return
        }
        let currency = r.currency ?? options.defaultCurrency
        if currency == nil && options.profile == .beancount {
            leftOut["no currency (pass --currency)", default: 0] += 1
            return
        }
        let payee = Self.clean(r.merchant ?? "Unknown merchant")
        let name = (result.file as NSString).lastPathComponent
        let paidByCard = r.paymentMethod.map { $0 != "cash" } ?? false
        entries.append(ExportEntry(
            index: result.index, date: date, payee: payee,
            narration: Self.clean("Receipt" + (r.receiptNumber.map { " " + $0 } ?? "") + " (" + name + ")"),
            reference: Self.clean(r.receiptNumber ?? ""), total: total, currency: currency,
            account: Self.clean(r.account ?? options.defaultAccount),
            paymentAccount: paidByCard ? "Liabilities:Card" : "Assets:Cash",
            items: r.items, tax: r.tax?.amount, file: Self.clean(result.file), sha256: result.sha256 ?? ""))
    }

    public func finish() throws {
        // Date order with the input order kept inside a day (hledger requires ascending dates;
        // the others read better that way too).
        let rows = entries.sorted { ($0.date, $0.index) < ($1.date, $1.index) }
        let f = AccountingFormats(options: options)
        try output.write(f.csv(rows))
        if let rulesOutput {
            try rulesOutput.write(f.hledgerRules())
            try rulesOutput.commit()
        }
        if let ledger {
            try ledger.write(f.beancountLedger(rows))
            try ledger.commit()
        }
        try output.commit()
    }

    /// Text for a tool's field: one line, no formula prefix, no leading or trailing space.
    static func clean(_ s: String) -> String {
        var t = String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        while let f = t.first, "=+-@ ".contains(f) { t.removeFirst() }
        return t.trimmingCharacters(in: .whitespaces)
    }
}
