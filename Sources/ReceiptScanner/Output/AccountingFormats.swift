import Foundation

/// The file layouts of the accounting profiles. Each CSV follows the format its tool documents
/// (the test of each names the specification); amounts keep their sign and the currency's minor
/// units, with `.` as the decimal mark and no symbol or grouping.
struct AccountingFormats {
    let options: ExportOptions

    func csv(_ rows: [ExportEntry]) -> String {
        var out = CSVFormat.header(columns)
        for row in rows {
            for cells in cells(row) { out += CSVFormat.line(cells) }
        }
        return out
    }

    var columns: [String] {
        switch options.profile {
        case .receipts: []
        case .quickbooks: ["Date", "Description", "Amount"]
        case .xero: ["Date", "Amount", "Payee", "Description", "Reference"]
        case .xeroBills:
            ["ContactName", "InvoiceNumber", "InvoiceDate", "DueDate", "Description", "Quantity", "UnitAmount",
             "AccountCode", "TaxType", "Currency"]
        case .hledger: ["date", "payee", "narration", "amount", "currency", "account", "payment_account", "file", "sha256"]
        case .beancount: ["date", "narration", "payee", "amount", "currency"]
        case .firefly:
            ["date", "amount", "currency_code", "description", "opposing_name", "external_id", "notes"]
        }
    }

    /// Rows for one receipt (several for xero-bills: one per line item).
    private func cells(_ e: ExportEntry) -> [[Cell]] {
        let date = Cell.text(format(e.date))
        // Bank-statement shapes book money leaving the account: a purchase is negative.
        let outflow = Cell.number(amount(-e.total, e.currency))
        switch options.profile {
        case .receipts: return []
        case .quickbooks: return [[date, .text(e.payee + " - " + e.narration), outflow]]
        case .xero: return [[date, outflow, .text(e.payee), .text(e.narration), .text(e.reference)]]
        case .xeroBills:
            let taxType = Cell.text((e.tax ?? 0) != 0 ? "Tax on Purchases" : "Tax Exempt")
            let currency = e.currency.map(Cell.text) ?? .null
            let lines: [(String, Decimal, Decimal)] = e.items.isEmpty || !itemsAddUp(e)
                ? [(e.payee, Decimal(1), e.total)]
                : e.items.map { i in
                    let q = i.quantity ?? 1
                    return (i.description, q, i.unitPrice?.amount ?? i.amount.amount / q)
                }
            return lines.map { description, quantity, unit in
                [.text(e.payee), .text(e.reference.isEmpty ? String(e.sha256.prefix(12)) : e.reference), date, date,
                 .text(AccountingExport.clean(description)), .number(NSDecimalNumber(decimal: quantity).stringValue),
                 .number(amount(unit, e.currency)), .text(e.account), taxType, currency]
            }
        case .hledger:
            return [[date, .text(e.payee), .text(e.narration), .number(amount(e.total, e.currency)),
                     e.currency.map(Cell.text) ?? .null, .text(e.account), .text(e.paymentAccount), .text(e.file),
                     .text(e.sha256)]]
        case .beancount:
            return [[date, .text(e.narration), .text(e.payee), outflow, e.currency.map(Cell.text) ?? .null]]
        case .firefly:
            return [[date, outflow, e.currency.map(Cell.text) ?? .null, .text(e.narration), .text(e.payee),
                     .text(e.sha256), .text(e.file)]]
        }
    }

    /// Line items go into a bill only when they sum to its total; otherwise one line for the total.
    private func itemsAddUp(_ e: ExportEntry) -> Bool {
        let sum = e.items.reduce(Decimal(0)) { $0 + $1.amount.amount }
        return abs(sum - e.total) < .cent
    }

    /// hledger CSV rules matching `csv(_:)` for the hledger profile (hledger manual, "CSV" section:
    /// `skip`, `fields`, `date-format`, `account1`/`account2`).
    func hledgerRules() -> String {
        """
        # hledger rules for the CSV beside this file, written by receipts.
        # Use: hledger import FILE.csv (or hledger -f FILE.csv print)
        skip 1
        separator ,
        fields date, payee, narration, amount, currency, account1, account2, file, sha256
        date-format %Y-%m-%d
        description %payee | %narration
        comment file:%file, sha256:%sha256

        """
    }

    /// Beancount transactions (beancount language reference): accounts opened on the first date,
    /// each receipt booked from its payment account to its expense account, the file's hash kept
    /// as metadata.
    func beancountLedger(_ rows: [ExportEntry]) -> String {
        guard let first = rows.first?.date else { return "; no receipts to book\n" }
        var out = "; written by receipts\n"
        let accounts = Set(rows.flatMap { [beancountAccount($0.account), beancountAccount($0.paymentAccount)] }).sorted()
        for account in accounts { out += "\(first.iso) open \(account)\n" }
        for e in rows {
            let currency = e.currency ?? options.defaultCurrency ?? "XXX"
            out += "\n\(e.date.iso) * \(quoted(e.payee)) \(quoted(e.narration))\n"
            out += "  sha256: \(quoted(e.sha256))\n"
            out += "  file: \(quoted(e.file))\n"
            out += "  \(beancountAccount(e.account))  \(amount(e.total, e.currency)) \(currency)\n"
            out += "  \(beancountAccount(e.paymentAccount))  \(amount(-e.total, e.currency)) \(currency)\n"
        }
        return out
    }

    /// Beancount account names: capitalised components of letters, digits and dashes.
    private func beancountAccount(_ name: String) -> String {
        let roots = ["Assets", "Liabilities", "Equity", "Income", "Expenses"]
        var parts = name.split(separator: ":").map { part -> String in
            let kept = part.filter { $0.isLetter || $0.isNumber || $0 == "-" }
            guard let f = kept.first else { return "X" }
            return f.isLetter || f.isNumber ? f.uppercased() + kept.dropFirst() : "X" + kept
        }
        if parts.first.map({ !roots.contains($0) }) ?? true { parts.insert("Expenses", at: 0) }
        return parts.joined(separator: ":")
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func format(_ d: ReceiptDate) -> String {
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return options.dateFormat.replacingOccurrences(of: "YYYY", with: pad(d.year, 4))
            .replacingOccurrences(of: "MM", with: pad(d.month, 2))
            .replacingOccurrences(of: "DD", with: pad(d.day, 2))
    }

    /// The amount with the currency's minor units (ISO 4217): 0 for JPY, 3 for KWD, else 2.
    func amount(_ value: Decimal, _ currency: String?) -> String {
        let places: Int
        switch currency ?? "" {
        case "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "PYG": places = 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD": places = 3
        default: places = 2
        }
        var v = value, rounded = Decimal()
        NSDecimalRound(&rounded, &v, places, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        guard places > 0 else { return text }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append("") }
        return parts[0] + "." + parts[1].padding(toLength: places, withPad: "0", startingAt: 0)
    }
}
