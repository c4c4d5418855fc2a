import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct ReviewUnitTests {
    @Test(arguments: [
        ("total", "12.5", "12.50"), ("total", " 12,50 ", "12.50"), ("tax", "-3", "-3.00"), ("total", "", ""),
        ("date", "2024-03-18", "2024-03-18"), ("time", "9:05", "09:05"), ("time", "23:59:30", "23:59:30"),
        ("currency", "eur", "EUR"), ("card_last4", "0042", "0042"), ("merchant", "  Café <b>  ", "Café <b>"),
    ])
    func valuesAreWrittenAsTheCSVWrites(field: String, raw: String, normalised: String) throws {
        #expect(try Review.normalise(raw, field: field).get() == normalised)
    }

    @Test(arguments: [
        ("total", "12.345"), ("total", "1.2.3"), ("total", "$12"), ("subtotal", "12 50"), ("date", "2024-13-01"),
        ("date", "03/18/2024"), ("time", "24:00"), ("currency", "E"), ("card_last4", "42"), ("merchant", "a\u{7}b"),
        ("file", "x"), ("status", "ok"),
    ])
    func badValuesAreRefusedWithTheReason(field: String, raw: String) {
        guard case .failure(let error) = Review.normalise(raw, field: field) else {
            Issue.record("\(field) '\(raw)' was taken")
            return
        }
        #expect(error.description.contains(field) || error.description.contains("not a field"))
    }

    @Test func aReviewedRowIsOkWithItsCorrectionsAndNoReasons() {
        var receipt = Receipt()
        receipt.total = Money(Decimal(string: "4.88")!, currency: "MYR")
        receipt.currency = "MYR"
        receipt.merchant = "SHOP"
        receipt.issues = ["total does not add up"]
        let row = ScanResult.parsed(0, "a.jpg", receipt, sha256: "x")
        let reviewed = row.applying(Review(status: .reviewed, fields: ["total": "4.90", "merchant": ""], reviewer: "me", updated: "now"))
        #expect(reviewed.status == .ok && reviewed.errorText == nil)
        #expect(reviewed.receipt?.total == Money(Decimal(string: "4.90")!, currency: "MYR"))
        #expect(reviewed.receipt?.merchant == nil)
        let junk = row.applying(Review(status: .notAReceipt, reviewer: "me", updated: "now"))
        #expect(junk.status == .failed && junk.error?.stage == .review)
        #expect(row.applying(nil).status == .needsReview)
    }

    /// The batch's consensus may follow a reviewed row, but never changes one.
    @Test func consensusNeverOverwritesAReviewedField() {
        func row(_ i: Int, _ name: String) -> ScanResult {
            var r = Receipt()
            r.merchant = name
            return ScanResult.parsed(i, "\(i).jpg", r)
        }
        var rows = [row(0, "GARDENIA BAKERIES"), row(1, "GARDENIA BAKERIES"), row(2, "GARDEMA BAKERIES")]
        rows[2] = rows[2].applying(Review(status: .reviewed, fields: ["merchant": "GARDEMA BAKERIES"], reviewer: "me", updated: "now"))
        Consensus.apply(to: &rows)
        #expect(rows[2].receipt?.merchant == "GARDEMA BAKERIES")
    }

    @Test func reviewsAreKeptInTheJournalAndLogged() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = try Journal(path: path)
        let review = Review(status: .reviewed, fields: ["total": "1.00"], reviewer: "me", updated: "2026-01-01T00:00:00Z")
        try journal.recordReview(review, for: "abc", change: "{\"total\":\"1.00\"}", by: "me")
        #expect(try Journal(path: path).review(for: "abc") == review)
        try journal.recordReview(nil, for: "abc", change: "{\"status\":\"needs_review\"}", by: "me")
        #expect(journal.review(for: "abc") == nil)
        #expect(journal.read("SELECT COUNT(*) FROM review_log").first?.first?.int == 2)
    }

    /// A journal of an earlier release (no `quarter_turns`, no review tables) opens and is kept.
    @Test func journalsOfEarlierReleasesGainWhatReviewNeeds() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID().uuidString).journal").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let db = try SQLiteConnection(path: path)
            try db.execute("""
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
                INSERT INTO meta VALUES ('application', 'receipts-journal'), ('schema', '1');
                CREATE TABLE files(sha256 TEXT PRIMARY KEY, scan_key TEXT, scan_status TEXT, scan_stage TEXT, scan_error TEXT,
                    scan_attempts INTEGER NOT NULL DEFAULT 0, ocr_text TEXT, ocr_confidence INTEGER, line_confidence TEXT,
                    parse_key TEXT, parse_status TEXT, receipt TEXT, updated TEXT NOT NULL);
                INSERT INTO files(sha256, scan_key, scan_status, ocr_text, ocr_confidence, updated)
                    VALUES ('abc', 'k', 'done', 'TOTAL 1.00', 80, 'then');
                """)
        }
        let journal = try Journal(path: path)
        guard case .read(let text) = journal.record(sha256: "abc")?.scan else { Issue.record("the reading was lost"); return }
        #expect(text.text == "TOTAL 1.00" && text.quarterTurns == 0)
        try journal.recordReview(Review(status: .reviewed, reviewer: "me", updated: "now"), for: "abc", change: "{}", by: "me")
        #expect(journal.review(for: "abc")?.status == .reviewed)
    }
}
