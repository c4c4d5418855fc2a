import Foundation
import Testing
@testable import ReceiptScanner

/// The accounting profiles on a fixed set of results, against golden files in Fixtures/exports/.
/// QuickBooks, Xero and Firefly III cannot run here; their golden files follow the formats as the
/// vendors document them:
/// - QuickBooks Online "Upload bank transactions from a CSV file": 3 columns Date, Description,
///   Amount (money out negative), date as the company's format (US: MM/DD/YYYY).
/// - Xero "Import a bank statement" precoded CSV template: Date, Amount, Payee, Description,
///   Reference; and Xero "Import bills" template: ContactName, InvoiceNumber, InvoiceDate,
///   DueDate, Description, Quantity, UnitAmount, AccountCode, TaxType, Currency (one row per line).
/// - Firefly III data importer CSV (roles: date, amount, currency code, description, opposing
///   name, external id, notes); the external id (sha256) makes a re-import skip duplicates.
/// hledger and beancount outputs are also checked with the real tools (ReceiptsCLITests).
@Suite struct ExportTests {
    static func results() -> [ScanResult] {
        func money(_ s: String, _ c: String?) -> Money { Money(Decimal(string: s)!, currency: c) }
        func receipt(_ merchant: String, _ date: (Int, Int, Int)?, _ total: String, _ currency: String,
                     paid: String? = nil, issues: [String] = []) -> Receipt {
            var r = Receipt()
            r.merchant = merchant
            r.date = date.flatMap { ReceiptDate(year: $0.0, month: $0.1, day: $0.2) }
            r.currency = currency
            r.total = money(total, currency)
            r.paymentMethod = paid
            r.issues = issues
            return r
        }
        var a = receipt("=Green Valley Market", (2024, 3, 18), "25.23", "USD", paid: "visa")
        a.tax = money("1.48", "USD")
        a.receiptNumber = "A-1"
        a.account = "Expenses:Groceries"
        a.items = [LineItem(description: "APPLES 2LB", quantity: 2, unitPrice: money("1.99", "USD"), amount: money("3.98", "USD")),
                   LineItem(description: "COFFEE BEANS", amount: money("21.25", "USD"))]
        let b = receipt("Bäckerei\nSchmidt", (2024, 3, 2), "3.95", "EUR", paid: "cash", issues: ["date '02/03/2024' is ambiguous"])
        let refund = receipt("TARGET", (2024, 3, 18), "-13.88", "USD", paid: "visa")
        let yen = receipt("Lawson", (2024, 1, 5), "1200", "JPY")
        var undated = receipt("No Date Cafe", nil, "4.00", "GBP", issues: ["no date found"])
        undated.currency = nil  // printed none: the beancount export needs --currency for it
        return [
            ScanResult(index: 0, file: "photos/a.jpg", status: .ok, receipt: a, sha256: "aaaa0001"),
            ScanResult(index: 1, file: "photos/b.jpg", status: .needsReview, receipt: b, sha256: "bbbb0002"),
            .failed(2, "photos/c.jpg", StageError(.load, "empty file (0 bytes)")),
            ScanResult(index: 3, file: "photos/d.jpg", status: .ok, receipt: refund, sha256: "dddd0004"),
            ScanResult(index: 4, file: "photos/e.jpg", status: .ok, receipt: yen, sha256: "eeee0005"),
            ScanResult(index: 5, file: "photos/f.jpg", status: .needsReview, receipt: undated, sha256: "ffff0006"),
        ]
    }

    /// Writes one profile's files for `results()` into a temporary folder; returns their paths.
    static func export(_ profile: ExportProfile, includeReview: Bool = true) throws -> (AccountingExport, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let csv = dir.appendingPathComponent("\(profile.rawValue).csv")
        let export = AccountingExport(
            options: ExportOptions(profile: profile, includeReview: includeReview),
            output: try OutputFile(path: csv.path),
            rulesOutput: profile == .hledger ? try OutputFile(path: csv.path + ".rules") : nil,
            ledger: profile == .beancount ? try OutputFile(path: dir.appendingPathComponent("ledger.beancount").path) : nil)
        for r in results() { try export.write(r) }
        try export.finish()
        return (export, csv)
    }

    @Test(arguments: [ExportProfile.quickbooks, .xero, .xeroBills, .hledger, .beancount, .firefly])
    func matchesGoldenFile(_ profile: ExportProfile) throws {
        let (_, csv) = try Self.export(profile)
        var files = [csv]
        if profile == .hledger { files.append(URL(fileURLWithPath: csv.path + ".rules")) }
        if profile == .beancount { files.append(csv.deletingLastPathComponent().appendingPathComponent("ledger.beancount")) }
        for file in files {
            let golden = FixturePaths.fixtures.appendingPathComponent("exports/" + file.lastPathComponent)
            let produced = try String(contentsOf: file, encoding: .utf8)
            if ProcessInfo.processInfo.environment["RECEIPTS_WRITE_GOLDEN"] == "1" {
                try produced.write(to: golden, atomically: true, encoding: .utf8)
            }
            #expect(produced == (try String(contentsOf: golden, encoding: .utf8)), "\(file.lastPathComponent)")
        }
    }

    @Test func failedNeverAndReviewOnlyWhenAsked() throws {
        let (strict, csv) = try Self.export(.quickbooks, includeReview: false)
        #expect(strict.written == 3)
        #expect(strict.leftOut == ["failed": 1, "needs review (pass --include-review)": 2])
        let text = try String(contentsOf: csv, encoding: .utf8)
        #expect(!text.contains("photos/c.jpg") && !text.contains("Schmidt"))
        let (lenient, _) = try Self.export(.quickbooks, includeReview: true)
        #expect(lenient.written == 4)
        #expect(lenient.leftOut == ["failed": 1, "no date": 1])
    }

    @Test func amountsUseMinorUnitsAndTextIsCleaned() {
        let f = AccountingFormats(options: ExportOptions(profile: .quickbooks))
        #expect(f.amount(Decimal(string: "1200")!, "JPY") == "1200")
        #expect(f.amount(Decimal(string: "1.5")!, "KWD") == "1.500")
        #expect(f.amount(Decimal(string: "-13.88")!, "USD") == "-13.88")
        #expect(f.amount(Decimal(string: "1234.5")!, nil) == "1234.50")
        #expect(AccountingExport.clean("=SUM(A1)\nx") == "SUM(A1) x")
        #expect(f.format(ReceiptDate(year: 2024, month: 3, day: 2)!) == "03/02/2024")
    }
}
