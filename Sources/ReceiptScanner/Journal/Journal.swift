import Foundation
import Synchronization

/// What the journal knows of one file's content (keyed by its SHA-256).
struct JournalRecord: Sendable {
    enum Scan: Sendable {
        case read(OCRText)
        case failed(StageError)
    }
    /// The OCR (or the load before it) under `scanKey` settings, and how many runs tried it.
    var scan: Scan?
    var scanKey: String?
    var scanAttempts = 0
    /// The parse of that text under `parseKey` settings.
    var receipt: Receipt?
    var parseKey: String?
}

/// The record of what is done, in SQLite: each finished stage of each file is committed as it
/// finishes (WAL, one short transaction each), so a killed run loses at most the work in flight.
///
/// `@unchecked Sendable`-free: the connection lives inside a `Mutex`; every call holds it briefly.
/// A write that fails (disk full, file gone) is kept as `failure`; the pipeline stops on it.
public final class Journal: Sendable {
    public let path: String
    let connection: Mutex<SQLiteConnection>
    private let firstFailure = Mutex<JournalError?>(nil)

    static let schemaVersion = 1
    private static let application = "receipts-journal"

    /// Opens (creating if needed) the journal at `path`; ":memory:" keeps it for this run only.
    public init(path: String) throws(JournalError) {
        if path != ":memory:" {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                throw JournalError("\(path): the folder \(folder) does not exist")
            }
        }
        let db = try SQLiteConnection(path: path)
        try Self.prepare(db)
        self.path = path
        connection = Mutex(db)
    }

    public static func inMemory() -> Journal {
        // An in-memory database of our own schema cannot fail to open short of memory exhaustion.
        try! Journal(path: ":memory:")
    }

    private static func prepare(_ db: SQLiteConnection) throws(JournalError) {
        // A file that is not SQLite fails here ("file is not a database").
        let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0.first?.text }
        if !tables.isEmpty {
            guard tables.contains("meta"),
                  let app = try db.query("SELECT value FROM meta WHERE key = 'application'").first?.first?.text,
                  app == application else {
                throw JournalError("\(db.path): this SQLite file is not a receipts journal; pass another --journal path")
            }
            let version = try db.query("SELECT value FROM meta WHERE key = 'schema'").first?.first?.text.flatMap { Int($0) } ?? 0
            guard version == schemaVersion else {
                throw JournalError("\(db.path): journal schema \(version), this receipts reads \(schemaVersion); pass another --journal path")
            }
        }
        try db.execute("PRAGMA journal_mode = WAL")
        // NORMAL in WAL: a commit survives a killed process; only a power cut can lose the last ones.
        try db.execute("PRAGMA synchronous = NORMAL")
        try db.execute("""
            BEGIN;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
            INSERT OR IGNORE INTO meta VALUES ('application', '\(application)'), ('schema', '\(schemaVersion)');
            CREATE TABLE IF NOT EXISTS files(
                sha256 TEXT PRIMARY KEY,
                scan_key TEXT, scan_status TEXT, scan_stage TEXT, scan_error TEXT,
                scan_attempts INTEGER NOT NULL DEFAULT 0,
                ocr_text TEXT, ocr_confidence INTEGER, line_confidence TEXT,
                parse_key TEXT, parse_status TEXT, receipt TEXT,
                updated TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS uploads(
                sha256 TEXT NOT NULL, destination TEXT NOT NULL,
                status TEXT NOT NULL, url TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0,
                updated TEXT NOT NULL,
                PRIMARY KEY (sha256, destination));
            CREATE TABLE IF NOT EXISTS paths(
                path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, seq INTEGER NOT NULL,
                duplicate_key TEXT, merchant TEXT, duplicate_of TEXT, status TEXT, stage TEXT, error TEXT,
                updated TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS paths_sha ON paths(sha256);
            CREATE INDEX IF NOT EXISTS paths_duplicate ON paths(duplicate_key);
            CREATE TABLE IF NOT EXISTS reviews(
                content_key TEXT PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL,
                reviewer TEXT NOT NULL, updated TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS review_log(
                id INTEGER PRIMARY KEY, content_key TEXT NOT NULL, change TEXT NOT NULL,
                reviewer TEXT NOT NULL, at TEXT NOT NULL);
            COMMIT;
            """)
        // Added after schema 1 was released (the review page; the parser's word confidences): journals
        // written before gain them.
        let columns = try db.query("PRAGMA table_info(files)").compactMap { $0.count > 1 ? $0[1].text : nil }
        for (name, type) in [("quarter_turns", "INTEGER"), ("line_boxes", "TEXT"), ("word_confidence", "TEXT")] where !columns.contains(name) {
            try db.execute("ALTER TABLE files ADD COLUMN \(name) \(type)")
        }
    }

    /// The first write that failed; the run must stop, since work would no longer be recorded.
    public var failure: JournalError? { firstFailure.withLock { $0 } }

    private func write(_ sql: String, _ values: [SQLValue]) {
        do throws(JournalError) {
            try connection.withLock { db throws(JournalError) in _ = try db.query(sql, values) }
        } catch {
            firstFailure.withLock { $0 = $0 ?? error }
        }
    }

    func read(_ sql: String, _ values: [SQLValue] = []) -> [[SQLValue]] {
        do throws(JournalError) {
            return try connection.withLock { db throws(JournalError) in try db.query(sql, values) }
        } catch {
            firstFailure.withLock { $0 = $0 ?? error }
            return []
        }
    }

    private static func size(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    /// A value-type format style: no formatter object built per write.
    private static var now: SQLValue { .text(Date().formatted(.iso8601)) }

    // MARK: stages

    func record(sha256: String) -> JournalRecord? {
        guard let row = read("""
            SELECT scan_key, scan_status, scan_stage, scan_error, scan_attempts, ocr_text, ocr_confidence,
                   line_confidence, parse_key, receipt, quarter_turns, word_confidence FROM files WHERE sha256 = ?
            """, [.text(sha256)]).first else { return nil }
        var record = JournalRecord()
        record.scanKey = row[0].text
        record.scanAttempts = row[4].int ?? 0
        switch row[1].text {
        case "done":
            let lines = row[7].text.flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) } ?? [:]
            var text = OCRText(text: row[5].text ?? "", meanConfidence: row[6].int ?? 0, lineConfidence: lines)
            text.quarterTurns = row[10].int ?? 0
            text.wordConfidence = row[11].text.flatMap { try? JSONDecoder().decode([String: [Int]].self, from: Data($0.utf8)) } ?? [:]
            record.scan = .read(text)
        case "failed":
            record.scan = .failed(StageError(Stage(rawValue: row[2].text ?? "") ?? .ocr, row[3].text ?? "failed"))
        default: break
        }
        record.parseKey = row[8].text
        record.receipt = row[9].text.flatMap { try? JSONDecoder().decode(Receipt.self, from: Data($0.utf8)) }
        return record
    }

    /// Load and OCR of this content finished (read or failed) under `key` settings.
    func recordScan(sha256: String, key: String, outcome: Result<OCRText, StageError>) {
        switch outcome {
        case .success(let text):
            let lines = (try? JSONEncoder().encode(text.lineConfidence)).map { String(decoding: $0, as: UTF8.self) }
            let words = (try? JSONEncoder().encode(text.wordConfidence)).map { String(decoding: $0, as: UTF8.self) }
            write("""
                INSERT INTO files(sha256, scan_key, scan_status, scan_attempts, ocr_text, ocr_confidence, line_confidence, updated,
                                  quarter_turns, line_boxes, word_confidence)
                VALUES (?1, ?2, 'done', 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                ON CONFLICT(sha256) DO UPDATE SET scan_key = ?2, scan_status = 'done', scan_stage = NULL, scan_error = NULL,
                    scan_attempts = scan_attempts + 1, ocr_text = ?3, ocr_confidence = ?4, line_confidence = ?5,
                    parse_key = NULL, parse_status = NULL, receipt = NULL, updated = ?6, quarter_turns = ?7, line_boxes = ?8,
                    word_confidence = ?9
                """, [.text(sha256), .text(key), .text(text.text), .int(text.meanConfidence), lines.map(SQLValue.text) ?? .null, Self.now,
                      .int(text.quarterTurns), LineBox.json(text).map(SQLValue.text) ?? .null, words.map(SQLValue.text) ?? .null])
        case .failure(let error):
            write("""
                INSERT INTO files(sha256, scan_key, scan_status, scan_stage, scan_error, scan_attempts, updated)
                VALUES (?1, ?2, 'failed', ?3, ?4, 1, ?5)
                ON CONFLICT(sha256) DO UPDATE SET scan_key = ?2, scan_status = 'failed', scan_stage = ?3, scan_error = ?4,
                    scan_attempts = scan_attempts + 1, ocr_text = NULL, parse_key = NULL, parse_status = NULL, receipt = NULL,
                    updated = ?5
                """, [.text(sha256), .text(key), .text(error.stage.rawValue), .text(error.message), Self.now])
        }
    }

    /// The parse of this content's OCR text under `key` settings.
    func recordParse(sha256: String, key: String, receipt: Receipt) {
        let json = (try? JSONEncoder().encode(receipt)).map { String(decoding: $0, as: UTF8.self) }
        write("UPDATE files SET parse_key = ?2, parse_status = ?3, receipt = ?4, updated = ?5 WHERE sha256 = ?1",
              [.text(sha256), .text(key), .text(receipt.issues.isEmpty ? "ok" : "needs_review"), json.map(SQLValue.text) ?? .null, Self.now])
    }

    /// The last upload of this content to `destination`, and how many runs have tried it.
    func upload(sha256: String, destination: String) -> (outcome: UploadOutcome, runs: Int)? {
        guard let row = read("SELECT status, url, error, attempts FROM uploads WHERE sha256 = ? AND destination = ?",
                             [.text(sha256), .text(destination)]).first else { return nil }
        let error = row[0].text == "done" ? nil : StageError(.upload, row[2].text ?? "failed")
        return (UploadOutcome(url: row[1].text, error: error), row[3].int ?? 0)
    }

    func recordUpload(sha256: String, destination: String, outcome: UploadOutcome) {
        write("""
            INSERT INTO uploads(sha256, destination, status, url, error, attempts, updated) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)
            ON CONFLICT(sha256, destination) DO UPDATE SET status = ?3, url = ?4, error = ?5, attempts = attempts + 1, updated = ?6
            """, [.text(sha256), .text(destination), .text(outcome.error == nil ? "done" : "failed"),
                  outcome.url.map(SQLValue.text) ?? .null, outcome.error.map { .text($0.message) } ?? .null, Self.now])
    }

    // MARK: rows and duplicates

    /// Records a row about to be written and returns it marked when it duplicates an earlier
    /// file: the same bytes under another name, or the same receipt in another file.
    /// "Earlier" is the order paths were first written to this journal, so a re-run gives the
    /// same answer.
    func recordRow(_ result: ScanResult) -> ScanResult {
        let receiptKey = DuplicateKey(result.receipt)
        let size = Self.size(of: result.file).map(SQLValue.int) ?? .null  // stat before taking the lock
        do throws(JournalError) {
            return try connection.withLock { db throws(JournalError) -> ScanResult in
                try db.execute("BEGIN IMMEDIATE")
                do throws(JournalError) {
                    let path = SQLValue.text(DiscoveredInput.withPage(result.file, result.page))
                    let content = result.sha256.map { DiscoveredInput.withPage($0, result.page) }
                    var seq = try db.query("SELECT seq FROM paths WHERE path = ?", [path]).first?.first?.int
                    if seq == nil { seq = try db.query("SELECT COALESCE(MAX(seq), 0) + 1 FROM paths").first?.first?.int }
                    let order = SQLValue.int(seq ?? 1)
                    var row = result
                    if let sha = content {
                        var earlier = try db.query("SELECT path FROM paths WHERE sha256 = ? AND path != ? AND seq < ? ORDER BY seq LIMIT 1",
                                                   [.text(sha), path, order]).first?.first?.text
                        if earlier == nil, let receiptKey {
                            let candidates = try db.query("""
                                SELECT path, merchant FROM paths WHERE duplicate_key IN (?, ?, ?) AND sha256 != ? AND seq < ?
                                ORDER BY seq
                                """, receiptKey.keys.map(SQLValue.text) + [.text(sha), order])
                            earlier = candidates.first { DuplicateKey.sameMerchant($0[1].text ?? "", receiptKey.merchant) }?[0].text
                        }
                        if let earlier { row.markDuplicate(of: earlier) }
                    }
                    try db.query("""
                        INSERT INTO paths(path, sha256, seq, duplicate_key, merchant, duplicate_of, status, stage, error, updated, size)
                        VALUES (?1, ?2, ?3, ?4, ?10, ?5, ?6, ?7, ?8, ?9, ?11)
                        ON CONFLICT(path) DO UPDATE SET sha256 = ?2, duplicate_key = ?4, merchant = ?10, duplicate_of = ?5,
                            status = ?6, stage = ?7, error = ?8, updated = ?9, size = ?11
                        """, [path, content.map(SQLValue.text) ?? .null, order, receiptKey.map { .text($0.keys[0]) } ?? .null,
                              row.duplicateOf.map(SQLValue.text) ?? .null, .text(row.status.rawValue),
                              (row.error?.stage ?? row.uploadError?.stage).map { .text($0.rawValue) } ?? .null,
                              row.errorText.map(SQLValue.text) ?? .null, Self.now, receiptKey.map { .text($0.merchant) } ?? .null,
                              size])
                    try db.execute("COMMIT")
                    return row
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            }
        } catch {
            firstFailure.withLock { $0 = $0 ?? error }
            return result
        }
    }
}
