import Foundation

/// A calendar date as printed on a receipt: no time zone, no instant.
public struct ReceiptDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
              (1...ReceiptDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO `yyyy-mm-dd`.
    public init?(iso: String) {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Tomorrow by the local clock: the latest date a receipt scanned now can carry (a day's
    /// margin for time zones and scans made just after midnight).
    static func tomorrow(now: Date = Date()) -> ReceiptDate {
        let calendar = Calendar(identifier: .gregorian)
        let c = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(86_400))
        return ReceiptDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    public var iso: String {
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (a: ReceiptDate, b: ReceiptDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let d = ReceiptDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO date: \(text)")
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

/// How to read an all-numeric date whose day and month could be swapped.
public enum DateOrder: String, Sendable, CaseIterable, Codable {
    case dmy, mdy, ymd
}
