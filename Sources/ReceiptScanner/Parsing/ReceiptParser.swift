import Foundation

/// OCR text in, `Receipt` out. Pure: no I/O, no shared state.
///
/// Not Sendable (Swift `Regex` is not): build one parser per thread and reuse it; compiling the
/// regexes is the expensive part.
public final class ReceiptParser {
    public let options: ParserOptions
    private let dates = DateRules()
    private let header = HeaderRules()
    private let payment = PaymentRules()
    private let itemRules = ItemRules()
    /// "NY 10001", "DC 20005-1234": a US state and ZIP code in the header.
    private let usStateZip = #/\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]),? \d{5}(?:-\d{4})?\b/#

    public init(options: ParserOptions = ParserOptions()) {
        self.options = options
    }

    /// - Parameter ocrConfidence: Tesseract's mean word confidence (0...100), when the text came from OCR.
    public func parse(_ text: String, ocrConfidence: Int? = nil) -> Receipt {
        let lines = TextLine.split(text, options: options)
        var r = Receipt()

        let head = header.read(lines)
        r.merchant = head.merchant
        r.address = head.address
        r.phone = head.phone

        let totals = Totals.extract(lines)
        r.currency = currency(lines, hint: totals.currency)
        r.total = totals.total.map { Money($0, currency: r.currency) }
        r.subtotal = totals.subtotal.map { Money($0, currency: r.currency) }
        r.tax = totals.tax.map { Money($0, currency: r.currency) }
        r.tip = totals.tip.map { Money($0, currency: r.currency) }

        let order = options.dateOrder ?? (r.currency == "USD" ? .mdy : .dmy)
        let date = dates.date(in: lines, order: order)
        r.date = date?.date
        r.dateAmbiguous = date?.ambiguous ?? false
        r.time = dates.time(in: lines, near: date?.line)

        r.paymentMethod = payment.method(lines, after: totals.totalLine)
        r.cardLast4 = payment.cardLast4(lines)
        r.receiptNumber = payment.receiptNumber(lines)
        r.taxID = header.taxID(lines)
        r.taxLines = totals.taxLines.map { TaxLine(label: $0.label, rate: $0.rate, amount: Money($0.amount, currency: r.currency)) }
        r.discount = totals.discount.map { Money($0, currency: r.currency) }
        r.rounding = totals.rounding.map { Money($0, currency: r.currency) }
        r.amountPaid = (totals.tendered ?? totals.cash).map { Money($0, currency: r.currency) }
        r.change = totals.change.map { Money($0, currency: r.currency) }
        let itemsEnd = totals.firstMoneyLine ?? totals.totalLine ?? 0
        r.items = itemRules.items(lines, from: min(head.endLine + 1, itemsEnd), to: itemsEnd, currency: r.currency)
        r.itemCount = r.items.isEmpty ? nil : r.items.count

        review(&r, totals: totals, date: date, merchantStrength: head.merchantStrength, ocrConfidence: ocrConfidence)
        return r
    }

    /// Currency from the total's own symbol, else the most frequent code or symbol on the
    /// receipt, else the configured default. A bare `$` takes the default when it is a dollar.
    private func currency(_ lines: [TextLine], hint: String?) -> String? {
        func resolveDollar(_ code: String) -> String {
            if code == "USD", let d = options.defaultCurrency, d.hasSuffix("D") { return d }
            return code
        }
        if let hint { return resolveDollar(hint) }
        var counts: [String: Int] = [:]
        for line in lines { for a in line.amounts { if let c = a.currency { counts[c, default: 0] += 1 } } }
        if let top = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { return resolveDollar(top.key) }
        for line in lines {
            if let (_, code) = Keywords.currencyCodes.first(where: { line.has($0.0) }) { return code }
        }
        if let configured = options.defaultCurrency { return configured }
        // No currency printed: a US address in the header means dollars (and month-first dates).
        if lines.prefix(12).contains(where: { $0.digitCount >= 5 && $0.text.contains(usStateZip) }) { return "USD" }
        return nil
    }

    /// Confidence from rule strength and OCR, and the reasons a person should look.
    private func review(_ r: inout Receipt, totals: Totals, date: DateMatch?, merchantStrength: Double, ocrConfidence: Int?) {
        var issues: [String] = []
        if r.merchant == nil { issues.append("no merchant found") }
        if r.date == nil { issues.append("no date found") }
        if r.total == nil { issues.append("no total found") }
        if let date, date.ambiguous, options.dateOrder == nil {
            let order = r.currency == "USD" ? "month first" : "day first"
            issues.append("date '\(date.printed)' is ambiguous; read as \(date.date.iso) (\(order)); pass --date-order to decide")
        }
        if let total = totals.total, let sub = totals.subtotal {
            let tax = totals.tax ?? 0, tip = totals.tip ?? 0, discount = totals.discount ?? 0
            let rounding = totals.rounding ?? 0
            // Tax may be included in the subtotal (VAT receipts), a discount may already be taken
            // off it; cash rounding moves up to 0.05.
            let base = sub + tip + rounding
            let candidates = [base + tax - discount, base - discount, base + tax, base]
            if !candidates.contains(where: { abs($0 - total) <= .fiveCents }) {
                issues.append("subtotal \(Money.format(sub)) + tax \(Money.format(tax)) + tip \(Money.format(tip)) - discount \(Money.format(discount)) does not add up to total \(Money.format(total))")
            }
        }
        if let total = totals.total, let cash = totals.cash, let change = totals.change,
           abs(cash - change - total) > .fiveCents, cash - change > 0 {
            issues.append("cash \(Money.format(cash)) - change \(Money.format(change)) is not the total \(Money.format(total))")
        }
        let dateStrength = date.map { ($0.labelled ? 0.95 : 0.85) - ($0.ambiguous ? 0.2 : 0) } ?? 0
        let fieldScore = (merchantStrength + dateStrength + totals.totalStrength) / 3
        let ocrFactor = ocrConfidence.map { min(1, max(0.2, Double($0) / 85)) } ?? 1
        r.confidence = fieldScore * ocrFactor
        var fields: [String: Double] = [:]
        if r.merchant != nil { fields["merchant"] = merchantStrength * ocrFactor }
        if r.date != nil { fields["date"] = dateStrength * ocrFactor }
        if r.total != nil { fields["total"] = totals.totalStrength * ocrFactor }
        // Other fields come from labelled lines: the label's strength is fixed, OCR scales it.
        for (name, present) in [("address", r.address != nil), ("subtotal", r.subtotal != nil), ("tax", r.tax != nil),
                                ("tip", r.tip != nil), ("phone", r.phone != nil), ("tax_id", r.taxID != nil)] where present {
            fields[name] = 0.8 * ocrFactor
        }
        r.fieldConfidence = fields.mapValues { ($0 * 100).rounded() / 100 }
        if r.confidence < options.reviewThreshold && issues.isEmpty {
            issues.append(String(format: "low confidence (%.2f)", r.confidence))
        }
        r.issues = issues
    }
}
