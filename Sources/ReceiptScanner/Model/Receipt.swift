import Foundation

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
    /// The merchant's tax or registration id (GST, VAT, ABN, USt-IdNr., ...), as printed.
    public var taxID: String?
    /// Each tax line the receipt prints; `tax` is their total (or the printed total tax).
    public var taxLines: [TaxLine] = []
    /// A discount taken off the total, as a positive amount.
    public var discount: Money?
    /// A cash rounding adjustment, signed as printed (`-0.02`).
    public var rounding: Money?
    /// What the customer handed over (cash tendered, or the card amount).
    public var amountPaid: Money?
    public var change: Money?
    public var items: [LineItem] = []
    public var itemCount: Int?
    /// Ledger account for accounting exports, from the merchant's entry in a rules file.
    public var account: String?
    /// True when the date's day and month could be swapped and nothing decided which is which
    /// (the date was read in the default order and the row goes to review).
    public var dateAmbiguous: Bool = false
    /// For a numeric day-month date: the order it was read in, and what decided it.
    public var dateOrder: DateOrder?
    public var dateOrderBasis: DateOrderBasis?
    /// 0...1: how sure the parser is of the key fields (merchant, date, total) it found.
    public var confidence: Double = 0
    /// 0...1 per field found: the strength of the rule that matched, scaled by the OCR
    /// confidence of the line it came from.
    public var fieldConfidence: [String: Double] = [:]
    /// Why the receipt needs a human look (missing key field, arithmetic that does not add up).
    public var issues: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case merchant, address, phone, date, time, currency, subtotal, tax, tip, total
        case paymentMethod = "payment_method"
        case cardLast4 = "card_last4"
        case receiptNumber = "receipt_number"
        case taxID = "tax_id"
        case taxLines = "tax_lines"
        case discount, rounding
        case amountPaid = "amount_paid"
        case change, items
        case itemCount = "item_count"
        case account
        case fieldConfidence = "field_confidence"
        case dateAmbiguous = "date_ambiguous"
        case dateOrder = "date_order"
        case dateOrderBasis = "date_order_basis"
        case confidence, issues
    }
}

/// What told a numeric date's day from its month.
public enum DateOrderBasis: String, Sendable, Hashable, Codable {
    /// Only one order reads as a date (`25/12/2018`).
    case printed
    /// The receipt's currency, tax words, address or phone shape (`DateLocale`).
    case receipt
    /// Other receipts of the batch print dates whose order shows (`Consensus`).
    case batch
    /// `--date-order` or a rules file.
    case option
}

extension Receipt {
    /// The review reason an undecided date gives: its text starts so, for the batch to take it back.
    static func ambiguousDateIssue(_ printed: String, read date: ReceiptDate, order: DateOrder) -> String {
        "date '\(printed)' is ambiguous; read as \(date.iso) (\(order == .mdy ? "month first" : "day first")); pass --date-order to decide"
    }

    /// An undecided date put in `order`, as the batch decided: day and month swapped when the
    /// order differs, the ambiguity and its review reason gone.
    mutating func settleDate(_ order: DateOrder) {
        guard dateAmbiguous, let date, let current = dateOrder else { return }
        if order != current, let swapped = ReceiptDate(year: date.year, month: date.day, day: date.month) {
            self.date = swapped
        }
        issues.removeAll { $0.hasPrefix("date '") && $0.contains("' is ambiguous; read as ") }
        dateAmbiguous = false
        dateOrder = order
        dateOrderBasis = .batch
    }
}

/// One tax line: `GST 6% 0.76`, `B= 7,0% 11,19 0,78 11,97`.
public struct TaxLine: Sendable, Hashable, Codable {
    public var label: String
    /// Percent, when printed (`6` for 6%).
    public var rate: Decimal?
    public var amount: Money

    public init(label: String, rate: Decimal?, amount: Money) {
        self.label = label
        self.rate = rate
        self.amount = amount
    }
}

/// One purchased line: description, and what the receipt prints of quantity, unit price, amount.
public struct LineItem: Sendable, Hashable, Codable {
    public var description: String
    public var sku: String?
    public var quantity: Decimal?
    public var unitPrice: Money?
    public var amount: Money

    public init(description: String, sku: String? = nil, quantity: Decimal? = nil, unitPrice: Money? = nil, amount: Money) {
        self.description = description
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case description, sku, quantity
        case unitPrice = "unit_price"
        case amount
    }
}
