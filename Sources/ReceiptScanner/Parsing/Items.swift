import Foundation

/// Line items: the lines between the header and the totals that end in an amount.
///
/// Forms read: `MILK 2L 1.45`, `2 x Pint Lager 11.00`, `Teh (B) 2 2.20 4.40 SR`,
/// `1226 MILO 1KG 33.90` (a leading code is the SKU), and a quantity line under its item
/// (`2 x 0,55`, `@2 X RM 6.79`). Descriptions split from their amounts across lines (common in
/// scans) are not paired: a wrong pairing is worse than none.
struct ItemRules {
    /// `2 x 0,55`, `@2 X RM 6.79`, `3 @ 1.99`: a quantity line for the item above.
    private let quantityLine = #/^@?\s*(\d{1,3})\s*[xX@]\s*(?:[A-Z]{1,3}\s?)?([\d.,]+)\s*$/#

    func items(_ lines: [TextLine], from start: Int, to end: Int, currency: String?) -> [LineItem] {
        guard start < end else { return [] }
        var items: [LineItem] = []
        for line in lines[start..<end] {
            // A quantity line belongs to the item above when quantity x unit price is its amount.
            if line.letterCount <= 3, let q = quantity(line), var last = items.last,
               abs(q.quantity * q.unit - last.amount.amount) < .cent {
                items.removeLast()
                last.quantity = q.quantity
                last.unitPrice = Money(q.unit, currency: currency)
                items.append(last)
                continue
            }
            guard line.letterCount >= 2, line.endsWithAmount, let item = item(line, currency: currency) else { continue }
            items.append(item)
        }
        return items
    }

    /// A leading quantity: `2 x Burger`, `2 Burger` (1-99, then a word that is not a number).
    static func leadingQuantity(_ text: String) -> (Int, String)? {
        let words = text.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0].count <= 2, let q = Int(words[0]), (1...99).contains(q) else { return nil }
        var rest = words.dropFirst()
        if rest.first == "x" || rest.first == "X" { rest = rest.dropFirst() }
        guard let next = rest.first, next.first?.isLetter == true else { return nil }
        return (q, rest.joined(separator: " "))
    }

    private func quantity(_ line: TextLine) -> (quantity: Decimal, unit: Decimal)? {
        guard line.text.utf8.contains(where: { $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "@") }),
              let m = line.text.firstMatch(of: quantityLine), let q = Decimal(string: String(m.1)),
              let unit = AmountScanner.scan(String(m.2)).first?.value else { return nil }
        return (q, unit)
    }

    private func item(_ line: TextLine, currency: String?) -> LineItem? {
        if line.has(Keywords.total) || line.has(Keywords.strongTotal) || line.has(Keywords.subtotal)
            || line.has(Keywords.tax) || line.has(Keywords.discount) || line.has(Keywords.rounding)
            || line.has(Keywords.notItem) || line.has(Keywords.tip) || line.has(Keywords.cash) { return nil }
        let money = line.amounts.filter { !$0.isPercent }
        guard let amount = money.last, amount.value != 0 else { return nil }
        let bytes = Array(line.text.utf8)
        let firstNumber = money.count >= 2 ? money[money.count - 2] : amount
        var description = String(decoding: bytes[..<firstNumber.start], as: UTF8.self)
        var unit: Decimal? = money.count >= 2 ? money[money.count - 2].value : nil
        var quantity: Decimal?
        // "Teh (B) 2 2.20 4.40": a small integer just before the unit price is the quantity.
        let words = description.split(separator: " ")
        if unit != nil, let q = words.last.flatMap({ Int($0) }), (1...999).contains(q) {
            quantity = Decimal(q)
            description = words.dropLast().joined(separator: " ")
        }
        if let (q, rest) = Self.leadingQuantity(description) {
            quantity = quantity ?? Decimal(q)
            description = rest
        }
        var sku: String?
        if let first = description.split(separator: " ").first, first.count >= 4,
           first.allSatisfy(\.isNumber), description.split(separator: " ").count > 1 {
            sku = String(first)
            description = String(description.dropFirst(first.count))
        }
        description = description.trimmingCharacters(in: CharacterSet(charactersIn: " .:-*").union(.whitespaces))
        guard description.contains(where: \.isLetter) else { return nil }
        if unit == nil, let q = quantity, q > 1 { unit = amount.value / q }
        if let u = unit, quantity == nil, u != 0, amount.value != u {
            quantity = (amount.value / u).roundedToInteger  // "1.20 2.40": 2 at 1.20
        }
        return LineItem(description: description, sku: sku, quantity: quantity,
                        unitPrice: unit.map { Money($0, currency: currency) }, amount: Money(amount.value, currency: currency))
    }
}

extension Decimal {
    /// The nearest integer when the value is within a cent of one, else nil.
    var roundedToInteger: Decimal? {
        var value = self, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return abs(rounded - self) < .cent ? rounded : nil
    }
}
