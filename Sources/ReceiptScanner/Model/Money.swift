import Foundation

/// An amount of money: an exact decimal value, and the ISO 4217 code when one is known.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public var amount: Decimal
    public var currency: String?

    public init(_ amount: Decimal, currency: String? = nil) {
        self.amount = amount
        self.currency = currency
    }

    /// Parses a plain `123.45` / `-3` string (the form the CSV writes). Nil for anything else.
    public init?(plain text: String, currency: String? = nil) {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self.init(value, currency: currency)
    }

    /// The amount with two decimals (or more when the value has them), `.` as decimal mark,
    /// no grouping, no symbol: the form accounting imports expect.
    public var plainString: String { Money.format(amount) }

    public var description: String { plainString + (currency.map { " " + $0 } ?? "") }

    static func format(_ value: Decimal) -> String {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 2, .bankers)
        let text = NSDecimalNumber(decimal: rounded == value ? rounded : value).stringValue
        guard rounded == value else { return text }
        // Pad to exactly two fraction digits.
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append("") }
        let fraction = parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)
        return parts[0] + "." + fraction
    }

    // Codable as text, "12.50" or "12.50 EUR", so JSON never goes through Double and the
    // currency survives a round trip (the journal stores receipts this way).
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let parts = try c.decode(String.self).split(separator: " ")
        guard (1...2).contains(parts.count), var m = Money(plain: String(parts[0])) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an amount: \(parts.joined(separator: " "))")
        }
        m.currency = parts.count == 2 ? String(parts[1]) : nil
        self = m
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(currency.map { "\(plainString) \($0)" } ?? plainString)
    }
}
