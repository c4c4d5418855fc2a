import Foundation

/// An append-only record of the expensive work a run does (one line per OCR), for checking from
/// outside that a resumed run did not redo finished work. Off unless `RECEIPTS_WORK_LOG` names a file.
final class WorkLog: Sendable {
    private let fd: Int32

    static func fromEnvironment() -> WorkLog? {
        guard let path = ProcessInfo.processInfo.environment["RECEIPTS_WORK_LOG"], !path.isEmpty else { return nil }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        return fd >= 0 ? WorkLog(fd: fd) : nil
    }

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// One write(2) per line: O_APPEND keeps lines whole across threads and processes.
    func note(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
