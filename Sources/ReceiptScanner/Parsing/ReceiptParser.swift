import Foundation

/// OCR text in, `Receipt` out. Pure: no I/O, no shared state.
///
/// Not Sendable (Swift `Regex` is not): build one parser per thread and reuse it; compiling the
/// regexes is the expensive part.
public final class ReceiptParser {
    public let options: ParserOptions
    private let dates = DateRules(latest: .tomorrow())
    private let header = HeaderRules()
    private let payment = PaymentRules()
    private let itemRules = ItemRules()
    private let locale = DateLocale()

    private let rules: [CompiledRule]

    public init(options: ParserOptions = ParserOptions()) {
        self.options = options
        rules = options.rules?.merchants.map(CompiledRule.init) ?? []
    }

    /// A reading parsed with what OCR said of it: its mean, lines' and words' confidences.
    public func parse(_ reading: OCRText) -> Receipt {
        parse(reading.text, ocrConfidence: reading.meanConfidence, lineConfidence: reading.lineConfidence,
              wordConfidence: reading.wordConfidence)
    }

    /// - Parameters:
    ///   - ocrConfidence: Tesseract's mean word confidence (0...100), when the text came from OCR.
    ///   - lineConfidence: Tesseract's confidence (0...100) per line, keyed by the line's text
    ///     as `TextLine.normalised` writes it; a field's confidence uses the line it came from.
    ///   - wordConfidence: Tesseract's confidence in each word of a line, keyed the same way.
    public func parse(_ text: String, ocrConfidence: Int? = nil, lineConfidence: [String: Int] = [:],
                      wordConfidence: [String: [Int]] = [:]) -> Receipt {
        var lines = TextLine.split(text, options: options)
        // A user rule for this merchant: its ignored lines go, its date order and currency apply.
        let rule = rules.first { $0.matches(Array(lines.prefix(12))) }
        var options = self.options
        if let rule {
            lines = lines.filter { line in !rule.ignore.contains { line.text.contains($0) } }
                .enumerated().map { TextLine(index: $0, text: $1.text, wideGaps: $1.wideGaps) }
            options.dateOrder = rule.rule.dateOrder ?? options.dateOrder
            options.defaultCurrency = rule.rule.currency ?? options.defaultCurrency
        }
        var r = Receipt()

        let head = header.read(lines, confidence: { lineConfidence[$0.text] }, wordConfidence: { wordConfidence[$0.text] })
        r.merchant = head.merchant
        r.address = head.address
        r.phone = head.phone

        var totals = Totals.extract(lines)
        r.currency = rule?.rule.currency ?? currency(lines, hint: totals.currency, options: options)

        // The receipt decides the order of an ambiguous date unless the user did (--date-order).
        let decided = options.dateOrder == nil ? locale.order(lines, currency: r.currency) : nil
        let order = options.dateOrder ?? decided ?? .dmy
        let date = dates.date(in: lines, order: order)
        r.date = date?.date
        if let date {
            if let shown = date.shows {
                (r.dateOrder, r.dateOrderBasis) = (shown, .printed)
            } else if date.ambiguous {
                r.dateOrder = order
                r.dateOrderBasis = options.dateOrder != nil ? .option : decided != nil ? .receipt : nil
                r.dateAmbiguous = r.dateOrderBasis == nil
            }
        }
        r.time = dates.time(in: lines, near: date?.line)

        r.paymentMethod = payment.method(lines, after: totals.totalLine)
        r.cardLast4 = payment.cardLast4(lines)
        r.receiptNumber = payment.receiptNumber(lines)
        r.taxID = header.taxID(lines)
        let itemsEnd = totals.firstMoneyLine ?? totals.totalLine ?? 0
        r.items = itemRules.items(lines, from: min(head.endLine + 1, itemsEnd), to: itemsEnd, currency: r.currency)
        r.itemCount = r.items.isEmpty ? nil : r.items.count
        // A total line nothing vouches for may be put right by the items, or by a `$` read as a digit.
        if !totals.vouch(byItems: r.items.map(\.amount.amount)) {
            totals.readDollarSigns(printed: lines.contains { $0.text.contains("$") })
        }
        r.total = totals.total.map { Money($0, currency: r.currency) }
        r.subtotal = totals.subtotal.map { Money($0, currency: r.currency) }
        r.tax = totals.tax.map { Money($0, currency: r.currency) }
        r.tip = totals.tip.map { Money($0, currency: r.currency) }
        r.taxLines = totals.taxLines.map { TaxLine(label: $0.label, rate: $0.rate, amount: Money($0.amount, currency: r.currency)) }
        r.discount = totals.discount.map { Money($0, currency: r.currency) }
        r.rounding = totals.rounding.map { Money($0, currency: r.currency) }
        r.amountPaid = (totals.tendered ?? totals.cash).map { Money($0, currency: r.currency) }
        r.change = totals.change.map { Money($0, currency: r.currency) }

        if let rule { apply(rule, to: &r, lines: lines, order: order) }
        // OCR's own confidence in the line each key field came from, else in the whole page.
        func ocr(_ line: Int?) -> Int? { line.flatMap { lineConfidence[lines[$0].text] } ?? ocrConfidence }
        review(&r, lines: lines, totals: totals, date: date, order: order, merchantStrength: rule == nil ? head.merchantStrength : 1,
               ocrConfidence: ocrConfidence, options: options,
               lineOCR: (ocr(head.merchantLine), ocr(date?.line), ocr(totals.totalAmountLine)))
        return r
    }

    /// What a second reading of the page should look at: the lines a date and a total were
    /// read from, and whether the parser is sure of them.
    struct KeyLines {
        /// The date's line.
        var date: [String]
        /// The date's line and another printing a date one digit from it, when there is one.
        var dateTwins: [String]
        /// The total's label line and its amount's.
        var total: [String]
        /// Another reading on the receipt (the sums, what was paid) vouches for the total.
        var totalAgrees: Bool
        /// The subtotal's, the taxes' and the payment's lines (`Totals.sumLines`).
        var sums: [String]
        /// The total is missing or no better than the largest amount.
        var totalMissing: Bool
        /// The date found was read otherwise than printed (a part no calendar has, a year in the
        /// future, a lost separator), so another reading may still find it as printed.
        var dateReadAgain: Bool
    }

    /// The key lines of `text`, for a second reading to lend the first what it missed.
    func keyLines(_ text: String) -> KeyLines {
        let lines = TextLine.split(text, options: options)
        let totals = Totals.extract(lines)
        let order = options.dateOrder ?? .dmy
        let match = dates.date(in: lines, order: order)
        let twins = match.flatMap { m in dates.misreadTwin(of: m, in: lines, order: order).map { [m.line, $0.line].map { lines[$0].text } } } ?? []
        return KeyLines(date: match.map { [lines[$0.line].text] } ?? [], dateTwins: twins,
                        total: Set([totals.totalLine, totals.totalAmountLine].compactMap { $0 }).sorted().map { lines[$0].text },
                        totalAgrees: totals.totalAgrees,
                        sums: totals.sumLines.map { lines[$0].text },
                        totalMissing: totals.total == nil || totals.totalGuess?.isLargestAmount == true,
                        dateReadAgain: match?.readAgain == true)
    }

    /// The total of a text, when the receipt's own arithmetic vouches for it (the sums add up to
    /// it, or it is what was paid) and it is read from the line `original` reads it from (or one
    /// of its unread total lines): a new reading that loses the total line's amount lets another
    /// line be the total, which the sums may then vouch for (a tax class's own total).
    func arithmeticTotal(lineOf original: String) -> (String) -> Decimal? {
        let before = Totals.extract(TextLine.split(original, options: options))
        return { [options] text in
            let totals = Totals.extract(TextLine.split(text, options: options))
            guard totals.sumsAgree || totals.paymentAgrees,
                  totals.totalLine == before.totalLine || totals.totalLine.map(before.unreadTotalLines.contains) == true else { return nil }
            return totals.total
        }
    }

    /// Lines labelled as a total on which no amount was read.
    func unreadTotalLines(_ text: String) -> [String] {
        let lines = TextLine.split(text, options: options)
        return Totals.extract(lines).unreadTotalLines.map { lines[$0].text }
    }

    /// The date one line holds (day first unless the options say otherwise), to compare readings.
    func date(inLine line: String) -> ReceiptDate? {
        dates.date(in: TextLine.split(line, options: options), order: options.dateOrder ?? .dmy)?.date
    }

    /// A rule's name and field patterns override what the generic rules found.
    private func apply(_ rule: CompiledRule, to r: inout Receipt, lines: [TextLine], order: DateOrder) {
        r.merchant = rule.value("merchant", in: lines) ?? rule.rule.name
        r.account = rule.rule.account
        func money(_ field: String) -> Money? {
            rule.value(field, in: lines).flatMap { AmountScanner.scan($0).last }.map { Money($0.value, currency: r.currency) }
        }
        if let v = money("total") { r.total = v }
        if let v = money("subtotal") { r.subtotal = v }
        if let v = money("tax") { r.tax = v }
        if let v = money("tip") { r.tip = v }
        if let v = money("discount") { r.discount = Money(abs(v.amount), currency: v.currency) }
        if let v = rule.value("date", in: lines),
           let d = dates.date(in: TextLine.split(v, options: options), order: order) {
            r.date = d.date
            r.dateAmbiguous = false  // the rule's date order decides
            if d.ambiguous { (r.dateOrder, r.dateOrderBasis) = (order, .option) }
        }
        for (field, path) in [("address", \Receipt.address), ("phone", \Receipt.phone), ("time", \Receipt.time),
                              ("receipt_number", \Receipt.receiptNumber), ("tax_id", \Receipt.taxID),
                              ("card_last4", \Receipt.cardLast4), ("payment_method", \Receipt.paymentMethod)] {
            if let v = rule.value(field, in: lines) { r[keyPath: path] = v }
        }
    }

    /// Currency from the total's own symbol, else the most frequent code or symbol on the
    /// receipt, else the configured default. A bare `$` takes the default when it is a dollar.
    private func currency(_ lines: [TextLine], hint: String?, options: ParserOptions) -> String? {
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
        // A sign in brackets apart from any amount: a column head (`TOTAL (€)`, `Importe (€)`).
        // Not a bare sign: OCR reads marks as signs (`VISA ¥*X*KKKK`).
        for line in lines where line.text.contains("(") {
            if let (_, code) = CurrencyTable.signs.first(where: { line.text.contains("(" + $0.0 + ")") }) { return code }
        }
        if let configured = options.defaultCurrency { return configured }
        // No currency printed: a US address in the header means dollars (and month-first dates).
        if locale.hasUSAddress(lines) { return "USD" }
        return nil
    }

    /// Confidence from rule strength and OCR, and the reasons a person should look.
    private func review(_ r: inout Receipt, lines: [TextLine], totals: Totals, date: DateMatch?, order: DateOrder, merchantStrength: Double, ocrConfidence: Int?,
                        options: ParserOptions, lineOCR: (merchant: Int?, date: Int?, total: Int?)) {
        var issues: [String] = []
        if r.merchant == nil { issues.append("no merchant found") }
        if r.date == nil { issues.append("no date found") }
        if r.total == nil { issues.append("no total found") }
        if let total = totals.total, total == 0 { issues.append("the total is 0.00") }  // voided, or a misread
        if let guess = totals.totalGuess, !totals.totalAgrees { issues.append("no total line read; the total is \(guess.rawValue)") }
        if let (read, by) = totals.overruled, let total = totals.total {
            issues.append("the total line reads \(Money.format(read)); \(by) say \(Money.format(total))")
        }
        // `ok` means the total is vouched for: a total line nothing else on the receipt confirms
        // was wrong in 19% of such `ok` rows, against 0-5% of the others (docs/measurements.md,
        // 0.18.0). Guesses, a misread label and a total of 0.00 say so in their own words.
        if options.reviewsUnconfirmedTotal, let total = totals.total, total != 0, !totals.totalAgrees, totals.totalGuess == nil,
           !totals.totalLabelMisread {
            issues.append("nothing on the receipt confirms the total \(Money.format(total)) (no subtotal and tax, payment, tax rate or rounding agrees with it)")
        }
        if totals.totalLabelMisread, !totals.totalAgrees, let total = totals.total {
            issues.append("the total \(Money.format(total)) is on a line whose label reads one letter off 'TOTAL', and nothing else vouches for it")
        }
        if let date, let (part, printed) = date.impossible {
            issues.append("date '\(date.printed)' has a \(part) that cannot be (\(printed)); read as \(date.date.iso)")
        }
        if let date, date.lostSeparator { issues.append("date '\(date.printed)' lost a separator; read as \(date.date.iso)") }
        if let date, let twin = dates.misreadTwin(of: date, in: lines, order: order) {
            issues.append("the receipt prints two dates one digit apart, '\(date.printed)' and '\(twin.printed)': one is misread")
        }
        if let date, r.dateAmbiguous {
            issues.append(Receipt.ambiguousDateIssue(date.printed, read: date.date, order: order))
        }
        if let total = totals.total, let sub = totals.subtotal {
            let tax = totals.tax ?? 0, tip = totals.tip ?? 0, discount = totals.discount ?? 0
            let rounding = totals.rounding ?? 0
            // Tax may be included in the subtotal (VAT receipts), a discount may already be taken
            // off it; cash rounding moves it up to 0.05, onto a multiple of 0.05.
            let base = sub + tip + rounding
            // A tax class's own total line adds to the taxed class's subtotal and tax, or to
            // the taxed class's own total (`Total 6% supplies (Inc. GST) 15.26` + `Total 0%
            // supplies 9.57` = `Total Payable 24.83`).
            let others = totals.otherTotals
            let classSums = others.indices.flatMap { i in others.indices.filter { $0 > i }.map { others[i] + others[$0] } }
            let candidates = [base + tax - discount, base - discount, base + tax, base]
                + others.map { base + tax + $0 } + classSums
            let rounded = total.isMultiple(of: .fiveCents)
            // Or other amounts add up to the total to the cent (the lines between the subtotal and
            // the total, its tax classes, the tax summary), or what was paid is the total: then
            // the subtotal, tax or rounding line is the misread one, and the total is vouched for.
            if !candidates.contains(where: { abs($0 - total) < .cent || (rounded && abs($0 - total) <= .fiveCents) }),
               !totals.sumsAgree, !totals.paymentAgrees {
                let roundingText = rounding == 0 ? "" : " + rounding \(Money.format(rounding))"
                issues.append("subtotal \(Money.format(sub)) + tax \(Money.format(tax)) + tip \(Money.format(tip))\(roundingText) - discount \(Money.format(discount)) does not add up to total \(Money.format(total))")
            }
        }
        // Unless the sums vouch for the total: then the cash or the change is the misread one.
        if let total = totals.total, let cash = totals.cash, let change = totals.change,
           abs(cash - change - total) > .fiveCents, cash - change > 0, !totals.sumsAgree {
            issues.append("cash \(Money.format(cash)) - change \(Money.format(change)) is not the total \(Money.format(total))")
        }
        // A card pays the amount due: another amount on its line means one of the two is misread;
        // the card's, when the sums vouch for the total.
        if let total = totals.total, let card = totals.cardPaid, totals.change == nil, card != total, !totals.sumsAgree {
            issues.append("the card payment \(Money.format(card)) is not the total \(Money.format(total))")
        }
        // The items and what was paid agreeing with each other and not with the total: the total
        // is misread, even where the subtotal agrees with it (`1x 15.00`, `Total (Excl. GST)
        // 14.00`, `Total 14.00`, `CASH 15.00`: one glyph misread the same way on both lines).
        if let total = totals.total, let agreed = totals.itemsAndPaid, abs(agreed - total) >= .fiveCents {
            issues.append("the items and what was paid make \(Money.format(agreed)), not the total \(Money.format(total))")
        }
        if let total = totals.total, totals.roundingPrinted, !total.isMultiple(of: .fiveCents) {
            issues.append("a rounding line is printed, but the total \(Money.format(total)) is not rounded to 5 cents")
        }
        let dateStrength = date.map { ($0.labelled ? 0.95 : 0.85) - (r.dateAmbiguous ? 0.2 : 0) - ($0.readAgain ? 0.3 : 0) } ?? 0
        // Tesseract's confidence (0-100) as a factor: 85 and above is as sure as OCR gets.
        func factor(_ c: Int?) -> Double { c.map { min(1, max(0.2, Double($0) / 85)) } ?? 1 }
        let ocrFactor = factor(ocrConfidence)
        var fields: [String: Double] = [:]
        if r.merchant != nil { fields["merchant"] = merchantStrength * factor(lineOCR.merchant) }
        if r.date != nil { fields["date"] = dateStrength * factor(lineOCR.date) }
        if r.total != nil { fields["total"] = totals.totalStrength * factor(lineOCR.total) }
        // Overall: the key fields' mean, a missing one counting as 0.
        r.confidence = ["merchant", "date", "total"].reduce(0) { $0 + (fields[$1] ?? 0) } / 3
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
