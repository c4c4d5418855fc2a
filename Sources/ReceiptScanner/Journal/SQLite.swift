import CSQLite
import Foundation

/// A journal problem a person can act on: the file is not a journal, cannot be written, the disk is full.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}

/// A value bound to or read from SQL.
enum SQLValue: Sendable, Equatable {
    case null, int(Int), text(String)

    var int: Int? { if case .int(let v) = self { return v }; return nil }
    var text: String? { if case .text(let v) = self { return v }; return nil }
}

/// Owns one SQLite connection and its prepared statements. Not thread-safe by itself: `Journal`
/// serialises every call under its lock.
final class SQLiteConnection {
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    let path: String

    init(path: String, readOnly: Bool = false) throws(JournalError) {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(handle)
            throw JournalError("\(path): cannot open the journal: \(message)")
        }
        db = handle
        self.path = path
        sqlite3_busy_timeout(db, 5000)  // another process with the journal open: wait, then say so
    }

    deinit {
        statements.values.forEach { sqlite3_finalize($0) }
        sqlite3_close(db)
    }

    func execute(_ sql: String) throws(JournalError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw JournalError("\(path): \(text)")
        }
    }

    /// Runs one statement with its parameters and returns every row.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws(JournalError) -> [[SQLValue]] {
        let statement = try prepared(sql)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let v): sqlite3_bind_int64(statement, index, sqlite3_int64(v))
            case .text(let v): receipts_sqlite_bind_text(statement, index, v)
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw JournalError("\(path): \(lastError)") }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .int(Int(sqlite3_column_int64(statement, column)))
                case SQLITE_NULL: .null
                default: .text(String(cString: sqlite3_column_text(statement, column)))
                }
            })
        }
    }

    private func prepared(_ sql: String) throws(JournalError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw JournalError("\(path): \(lastError)")
        }
        statements[sql] = statement
        return statement
    }

    private var lastError: String { String(cString: sqlite3_errmsg(db)) }
}
