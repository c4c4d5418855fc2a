import Foundation
import ReceiptScanner

/// What the review page asks of the journal, as JSON: the queue, one receipt, a correction.
/// Independent of HTTP so that each answer is a value (status and body) a test can check.
public struct ReviewAPI: Sendable {
    public let journal: Journal
    public let reviewer: String

    public init(journal: Journal, reviewer: String) {
        self.journal = journal
        self.reviewer = reviewer
    }

    /// An answer: HTTP status and JSON body.
    public struct Reply: Sendable {
        public var status: Int
        public var json: Data

        static func error(_ status: Int, _ message: String) -> Reply {
            Reply(status: status, json: encode(["error": message]))
        }
    }

    /// The receipt's id in URLs: its content's SHA-256, with `-pN` for a PDF page.
    public static func id(of key: String) -> String { key.replacingOccurrences(of: "#page=", with: "-p") }

    /// The journal key an id names, or nil when it is no well-formed id (so nothing else a
    /// request holds is ever looked up).
    public static func key(of id: String) -> String? {
        guard let m = id.wholeMatch(of: /([0-9a-f]{64})(-p([1-9][0-9]{0,5}))?/) else { return nil }
        return m.3.map { "\(m.1)#page=\($0)" } ?? String(m.1)
    }

    /// Rows to review first (the reason says why), then failed ones, then the rest, each in scan
    /// order; one entry per content (files with the same bytes are listed in `files`).
    public func queue() -> Reply {
        let rows = journal.rows().filter { $0.key != nil }
        let files = Dictionary(grouping: rows, by: { $0.key! }).mapValues { $0.map(\.result.file) }
        var seen: Set<String> = []
        let firsts = rows.filter { seen.insert($0.key!).inserted }
        func rank(_ row: JournalRow) -> Int {
            row.result.review != nil ? 3 : row.machine.status == .needsReview ? 0 : row.machine.status == .failed ? 1 : 2
        }
        let ordered = firsts.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
        return Reply(status: 200, json: Self.encode(ordered.map { _, row in
            var e = entry(row, key: row.key!)
            e["files"] = files[row.key!]
            return e
        }))
    }

    /// One receipt: its queue entry, the OCR text, and the fields as the machine read them.
    public func receipt(id: String) -> Reply {
        guard let key = Self.key(of: id), let row = journal.row(key: key) else { return .error(404, "no receipt \(id) in this journal") }
        var body = entry(row, key: key)
        body["ocr_text"] = row.ocrText ?? NSNull()
        body["lines"] = row.lineBoxes.map { ["text": $0.text, "box": [$0.left, $0.top, $0.right, $0.bottom]] as [String: Any] }
        body["read"] = Self.cells(of: row.machine, only: Set(Review.fieldNames))
        return Reply(status: 200, json: Self.encode(body))
    }

    /// Applies a correction: a JSON object of fields (a string to set, "" for none on the
    /// receipt, null to take back a correction) and optionally `status`: `reviewed` (the
    /// default), `not_a_receipt`, or `needs_review` to drop the review altogether.
    public func correct(id: String, body: Data) -> Reply {
        guard let key = Self.key(of: id), journal.row(key: key) != nil else { return .error(404, "no receipt \(id) in this journal") }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            return .error(400, "the body must be a JSON object of fields, e.g. {\"total\": \"12.50\"}")
        }
        var status = Review.Status.reviewed
        var clear = false
        var fields = journal.review(for: key)?.fields ?? [:]
        for (name, value) in object {
            if name == "status" {
                switch value as? String {
                case "reviewed": status = .reviewed
                case "not_a_receipt": status = .notAReceipt
                case "needs_review": clear = true
                default: return .error(400, "status must be reviewed, not_a_receipt or needs_review")
                }
                continue
            }
            if value is NSNull { fields[name] = nil; continue }
            guard let text = value as? String else { return .error(400, "\(name) must be a string (or null to take back a correction)") }
            switch Review.normalise(text, field: name) {
            case .success(let normalised): fields[name] = normalised
            case .failure(let error): return .error(400, error.description)
            }
        }
        if clear && object.count > 1 { return .error(400, "status needs_review drops the review; send it without fields") }
        let review = clear ? nil : Review(status: status, fields: fields, reviewer: reviewer, updated: Date().formatted(.iso8601))
        let change = String(decoding: body.prefix(4096), as: UTF8.self)
        do { try journal.recordReview(review, for: key, change: change, by: reviewer) } catch {
            return .error(500, "the journal could not be written: \(error)")
        }
        return receipt(id: id)
    }

    /// The journal path of a receipt's image (its first file) and its page; nil for an unknown id.
    public func imageSource(id: String) -> (path: String, sha256: String, page: Int?, quarterTurns: Int)? {
        guard let key = Self.key(of: id), let row = journal.row(key: key), let sha = row.result.sha256 else { return nil }
        return (row.result.file, sha, row.result.page, row.quarterTurns)
    }

    // MARK: JSON

    private func entry(_ row: JournalRow, key: String) -> [String: Any] {
        var e = Self.cells(of: row.result)
        e["sha256"] = Self.id(of: key)
        e["file_sha256"] = row.result.sha256 ?? NSNull()
        e["files"] = [row.result.file]
        e["machine_status"] = row.machine.status.rawValue
        e["reason"] = row.reason ?? NSNull()
        // Rows name the earlier file by its path; the page shows it by its id.
        e["duplicate_of_sha256"] = row.result.duplicateOf.flatMap(journal.key(ofPath:)).map(Self.id(of:)) ?? NSNull()
        e["field_confidence"] = row.result.receipt?.fieldConfidence.mapValues { ($0 * 100).rounded() / 100 } ?? [:]
        if let review = row.result.review {
            e["review"] = ["status": review.status.rawValue, "reviewer": review.reviewer, "updated": review.updated,
                           "fields": review.fields]
        } else {
            e["review"] = NSNull()
        }
        return e
    }

    /// The row's CSV cells by column (amounts as their text, `12.50`), those in `columns` only.
    static func cells(of row: ScanResult, only columns: Set<String>? = nil) -> [String: Any] {
        var e: [String: Any] = [:]
        for (column, cell) in zip(ResultRow.columns, ResultRow.cells(row)) where columns?.contains(column) ?? true {
            switch cell {
            case .text(let s), .number(let s): e[column] = s
            case .null: e[column] = NSNull()
            }
        }
        return e
    }

    static func encode(_ value: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
