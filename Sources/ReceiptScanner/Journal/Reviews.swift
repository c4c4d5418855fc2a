import Foundation

/// What a person decided about one row: its corrected fields, or that the file is not a receipt.
/// Kept in the journal beside (never inside) what the machine read, so a re-scan replaces the
/// reading and the correction still wins.
public struct Review: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// A person checked the row: its fields (corrected or as read) are vouched for.
        case reviewed
        /// The file is no receipt (a menu, a photo of a table): left out of exports.
        case notAReceipt = "not_a_receipt"
    }

    public var status: Status
    /// Corrected values by CSV column name, normalised as the CSV writes them; "" clears a field.
    public var fields: [String: String]
    public var reviewer: String
    /// ISO 8601.
    public var updated: String

    public init(status: Status, fields: [String: String] = [:], reviewer: String, updated: String) {
        self.status = status
        self.fields = fields
        self.reviewer = reviewer
        self.updated = updated
    }

    /// The CSV columns a person may correct.
    public static let fieldNames = [
        "merchant", "address", "phone", "date", "time", "currency", "subtotal", "tax", "tip", "total",
        "payment_method", "card_last4", "receipt_number", "tax_id",
    ]
    static let amountFields: Set<String> = ["subtotal", "tax", "tip", "total"]

    /// A value as the CSV would write it, or a sentence saying what is wrong with it. "" (no
    /// such value on the receipt) is valid for every field.
    public static func normalise(_ raw: String, field: String) -> Result<String, ReviewError> {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard fieldNames.contains(field) else {
            return .failure(ReviewError("'\(field)' is not a field that can be corrected; fields: \(fieldNames.joined(separator: ", "))"))
        }
        if value.isEmpty { return .success("") }
        func fail(_ why: String) -> Result<String, ReviewError> { .failure(ReviewError("\(field) '\(value)' \(why)")) }
        if amountFields.contains(field) {
            // One decimal mark, `.` or `,`, and at most two decimals: `12.50`, `12,5`, `-3`.
            let plain = value.replacingOccurrences(of: ",", with: ".")
            guard plain.count <= 16, plain.wholeMatch(of: /-?[0-9]+(\.[0-9]{1,2})?/) != nil,
                  let money = Money(plain: plain) else { return fail("is not an amount; write it like 12.50") }
            return .success(money.plainString)
        }
        switch field {
        case "date":
            guard let date = ReceiptDate(iso: value) else { return fail("is not a date; write it as YYYY-MM-DD") }
            return .success(date.iso)
        case "time":
            guard let m = value.wholeMatch(of: /([01]?[0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?/) else {
                return fail("is not a time; write it as HH:MM or HH:MM:SS")
            }
            let hour = m.1.count == 1 ? "0" + m.1 : String(m.1)
            return .success(hour + ":" + m.2 + (m.3.map(String.init) ?? ""))
        case "currency":
            guard value.wholeMatch(of: /[A-Za-z]{3}/) != nil else { return fail("is not a currency code; write it like EUR or USD") }
            return .success(value.uppercased())
        case "card_last4":
            guard value.wholeMatch(of: /[0-9]{4}/) != nil else { return fail("is not the last 4 digits of a card") }
            return .success(value)
        default:
            guard value.count <= 300 else { return fail("is longer than 300 characters") }
            guard !value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                return fail("holds control characters")
            }
            return .success(value)
        }
    }
}

/// A correction that cannot be taken, with the reason a person can act on.
public struct ReviewError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}

extension Receipt {
    /// The receipt with a person's corrected fields put in (amounts in the receipt's currency,
    /// or the corrected one) and no review reasons left.
    func applying(_ fields: [String: String]) -> Receipt {
        var r = self
        let currency = fields["currency"].map { $0.isEmpty ? nil : $0 } ?? r.currency
        func text(_ v: String) -> String? { v.isEmpty ? nil : v }
        func money(_ v: String) -> Money? { Money(plain: v, currency: currency) }
        for (field, v) in fields {
            switch field {
            case "merchant": r.merchant = text(v)
            case "address": r.address = text(v)
            case "phone": r.phone = text(v)
            case "date": r.date = ReceiptDate(iso: v); r.dateAmbiguous = false
            case "time": r.time = text(v)
            case "currency": r.currency = text(v)
            case "subtotal": r.subtotal = money(v)
            case "tax": r.tax = money(v)
            case "tip": r.tip = money(v)
            case "total": r.total = money(v)
            case "payment_method": r.paymentMethod = text(v)
            case "card_last4": r.cardLast4 = text(v)
            case "receipt_number": r.receiptNumber = text(v)
            case "tax_id": r.taxID = text(v)
            default: break
            }
        }
        r.issues = []
        return r
    }
}

extension ScanResult {
    /// The row as a person decided it: reviewed rows are `ok` with their corrections, a file that
    /// is no receipt is `failed` (accounting exports leave it out) and says so.
    public func applying(_ review: Review?) -> ScanResult {
        guard let review else { return self }
        var row = self
        row.review = review
        switch review.status {
        case .reviewed:
            row.receipt = (receipt ?? Receipt()).applying(review.fields)
            row.error = nil
            row.status = .ok
        case .notAReceipt:
            row.status = .failed
            row.error = StageError(.review, "not a receipt (marked by \(review.reviewer))")
        }
        return row
    }
}

extension Journal {
    /// The person's decision on this content (`sha256`, or `sha256#page=N`), if any.
    public func review(for key: String) -> Review? {
        guard let row = read("SELECT status, fields, reviewer, updated FROM reviews WHERE content_key = ?", [.text(key)]).first,
              let status = row[0].text.flatMap(Review.Status.init(rawValue:)) else { return nil }
        let fields = row[1].text.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        return Review(status: status, fields: fields, reviewer: row[2].text ?? "", updated: row[3].text ?? "")
    }

    /// Records a decision at once, with the change in the review log; nil clears the row's review
    /// (back to what the machine read). Throws when the journal cannot be written.
    public func recordReview(_ review: Review?, for key: String, change: String, by reviewer: String) throws(JournalError) {
        let now = SQLValue.text(Date().formatted(.iso8601))
        try connection.withLock { db throws(JournalError) in
            try db.execute("BEGIN IMMEDIATE")
            do throws(JournalError) {
                if let review {
                    let fields = String(decoding: (try? JSONEncoder().encode(review.fields)) ?? Data("{}".utf8), as: UTF8.self)
                    try db.query("""
                        INSERT INTO reviews(content_key, status, fields, reviewer, updated) VALUES (?1, ?2, ?3, ?4, ?5)
                        ON CONFLICT(content_key) DO UPDATE SET status = ?2, fields = ?3, reviewer = ?4, updated = ?5
                        """, [.text(key), .text(review.status.rawValue), .text(fields), .text(review.reviewer), .text(review.updated)])
                } else {
                    try db.query("DELETE FROM reviews WHERE content_key = ?", [.text(key)])
                }
                try db.query("INSERT INTO review_log(content_key, change, reviewer, at) VALUES (?, ?, ?, ?)",
                             [.text(key), .text(change), .text(reviewer), now])
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// A row with the person's decision on its content applied.
    func applyingReview(_ row: ScanResult) -> ScanResult {
        guard let sha = row.sha256 else { return row }
        return row.applying(review(for: DiscoveredInput.withPage(sha, row.page)))
    }
}
