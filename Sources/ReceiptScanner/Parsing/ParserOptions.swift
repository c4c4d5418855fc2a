/// Parser settings from the command line.
public struct ParserOptions: Sendable, Hashable {
    /// How to read a date whose day and month could be swapped; nil decides by the receipt's
    /// currency (US dollars: month first, else day first) and flags the receipt for review.
    public var dateOrder: DateOrder?
    /// ISO 4217 code to use when the receipt prints no currency (and for a bare `$`).
    public var defaultCurrency: String?
    /// User rules per merchant (`--rules FILE`).
    public var rules: RulesFile?

    /// Longest text the parser reads; receipts are a few KB, this bounds regex work on garbage.
    public var maxTextBytes = 64 * 1024
    public var maxLines = 400
    public var maxLineLength = 240
    /// Below this overall confidence a receipt is flagged for review.
    public var reviewThreshold = 0.5
    /// A total nothing on the receipt confirms sends the row to review (`ok` means vouched
    /// for). Off for the reading steps' own test of a reading, which keeps a reading nothing
    /// contradicts (`relight`: with it on, photos-us lost 3 totals, docs/measurements.md 0.18.0).
    var reviewsUnconfirmedTotal = true

    public init(dateOrder: DateOrder? = nil, defaultCurrency: String? = nil, rules: RulesFile? = nil) {
        self.dateOrder = dateOrder
        self.defaultCurrency = defaultCurrency
        self.rules = rules
    }
}
