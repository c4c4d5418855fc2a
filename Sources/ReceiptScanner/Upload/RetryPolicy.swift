import Foundation
import Synchronization

/// When to try an upload again, and how long to wait first.
public struct RetryPolicy: Sendable {
    /// Attempts per file, the first included.
    public var maxAttempts = 5
    /// The wait before the second attempt; it doubles each time, with jitter, up to `maxDelay`.
    public var baseDelay: Duration = .milliseconds(500)
    public var maxDelay: Duration = .seconds(30)
    /// A server's Retry-After is honoured up to this long.
    public var maxRetryAfter: Duration = .seconds(120)

    public init() {}

    /// Statuses a server sends when the same request may succeed later.
    static let retryableStatuses: Set<Int> = [408, 425, 429, 500, 502, 503, 504]

    /// The wait before attempt `attempt + 1`: the server's Retry-After when it gave one, else
    /// exponential backoff with "equal jitter" (half fixed, half random) so workers spread out.
    func delay(afterAttempt attempt: Int, retryAfter: String?, now: Date = Date()) -> Duration {
        if let retryAfter, let seconds = Self.parseRetryAfter(retryAfter, now: now) {
            return min(.milliseconds(Int(seconds * 1000)), maxRetryAfter)
        }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let capped = min(exponential, maxDelay)
        let half = capped / 2
        return half + .milliseconds(Int.random(in: 0...max(0, half.milliseconds)))
    }

    /// Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3).
    static func parseRetryAfter(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

/// Spaces request starts evenly so that all workers together stay under `perSecond`.
final class RateLimiter: Sendable {
    private let interval: Duration
    private let next = Mutex(ContinuousClock.now)

    init(perSecond: Double) {
        interval = .milliseconds(Int(1000 / perSecond))
    }

    /// Blocks the calling (upload worker) thread until its turn.
    func acquire() {
        let now = ContinuousClock.now
        let slot = next.withLock { next -> ContinuousClock.Instant in
            let slot = Swift.max(next, now)
            next = slot + interval
            return slot
        }
        if slot > now { Thread.sleep(forTimeInterval: Double((slot - now).milliseconds) / 1000) }
    }
}
