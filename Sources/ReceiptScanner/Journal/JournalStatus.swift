import Foundation

/// A journal's summary for `receipts status`: counts per stage and outcome, and the failures.
public struct JournalStatus: Sendable, Codable {
    public struct Failure: Sendable, Codable {
        public var file: String
        public var stage: String
        public var error: String
    }

    /// Files (paths) with a row, by the row's status.
    public var rows: [String: Int] = [:]
    /// Distinct contents, by the outcome of reading them (load and OCR) and of parsing.
    public var read: [String: Int] = [:]
    public var parse: [String: Int] = [:]
    /// Uploads by outcome, over all destinations.
    public var upload: [String: Int] = [:]
    public var duplicates = 0
    /// Rows that failed, or whose upload failed.
    public var failures: [Failure] = []
}

extension Journal {
    public func status() throws(JournalError) -> JournalStatus {
        var status = JournalStatus()
        func counts(_ sql: String) -> [String: Int] {
            Dictionary(read(sql).compactMap { row in row[0].text.map { ($0, row[1].int ?? 0) } }, uniquingKeysWith: +)
        }
        status.rows = counts("SELECT status, COUNT(*) FROM paths GROUP BY status")
        status.read = counts("SELECT scan_status, COUNT(*) FROM files WHERE scan_status IS NOT NULL GROUP BY scan_status")
        status.parse = counts("SELECT parse_status, COUNT(*) FROM files WHERE parse_status IS NOT NULL GROUP BY parse_status")
        status.upload = counts("SELECT status, COUNT(*) FROM uploads GROUP BY status")
        status.duplicates = read("SELECT COUNT(*) FROM paths WHERE duplicate_of IS NOT NULL").first?.first?.int ?? 0
        status.failures = read("""
            SELECT path, stage, error FROM paths WHERE status = 'failed' OR stage = 'upload' ORDER BY seq
            """).map { JournalStatus.Failure(file: $0[0].text ?? "", stage: $0[1].text ?? "", error: $0[2].text ?? "") }
        if let failure { throw failure }
        return status
    }

    /// Opens an existing journal for reading its status; never creates one.
    public static func existing(at path: String) throws(JournalError) -> Journal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError("\(path): no journal here; `receipts scan` writes one next to its output (or give --journal PATH)")
        }
        return try Journal(path: path)
    }
}
