/// What the parser read from one receipt's text. Every field is optional: a receipt that
/// does not print a value leaves it nil, and `issues` says what looks wrong.
public struct Receipt: Sendable, Hashable, Codable {
    public var merchant: String?
    public var address: String?
    public var phone: String?
    public var date: ReceiptDate?
    /// `HH:MM` or `HH:MM:SS`, 24-hour.
    public var time: String?
    public var currency: String?
    public var subtotal: Money?
    public var tax: Money?
    public var tip: Money?
    public var total: Money?
    public var paymentMethod: String?
    public var cardLast4: String?
    public var receiptNumber: String?
    public var itemCount: Int?
    /// True when the date's day and month could be swapped and `--date-order` decided.
    public var dateAmbiguous: Bool = false
    /// 0...1: how sure the parser is of the key fields (merchant, date, total) it found.
    public var confidence: Double = 0
    /// Why the receipt needs a human look (missing key field, arithmetic that does not add up).
    public var issues: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case merchant, address, phone, date, time, currency, subtotal, tax, tip, total
        case paymentMethod = "payment_method"
        case cardLast4 = "card_last4"
        case receiptNumber = "receipt_number"
        case itemCount = "item_count"
        case dateAmbiguous = "date_ambiguous"
        case confidence, issues
    }
}
