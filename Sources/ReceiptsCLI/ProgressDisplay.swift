import Foundation
import ReceiptScanner
import Synchronization

/// Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise.
final class ProgressDisplay: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let started = ContinuousClock.now
    private let lastPrint = Mutex(ContinuousClock.now)

    func update(_ p: ScanProgress) {
        let now = ContinuousClock.now
        let due = lastPrint.withLock { last -> Bool in
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
            guard now - last >= interval || p.done == p.total else { return false }
            last = now
            return true
        }
        guard due else { return }
        let seconds = Double((now - started).components.seconds) + Double((now - started).components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(p.done) / seconds : 0
        var counts = "\(p.done)/\(p.total) files, \(p.failed) failed, \(p.needsReview) to review, " + String(format: "%.1f files/s", rate)
        if rate > 0, p.done < p.total { counts += ", about \(Self.duration(Double(p.total - p.done) / rate)) left" }
        if isTerminal {
            let width = 24
            let filled = p.total > 0 ? width * p.done / p.total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(counts)".utf8))
        } else {
            FileHandle.standardError.write(Data("receipts: \(counts)\n".utf8))
        }
    }

    /// `45s`, `3m 20s`, `1h 05m`: the time left at the rate so far.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h \(String(format: "%02d", s / 60 % 60))m"
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("receipts: \(message)\n".utf8))
}
