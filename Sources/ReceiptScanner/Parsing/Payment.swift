/// Payment method, card digits, receipt number and line items count.
struct PaymentRules {
    private let maskedCard = #/(?:[X*#•]{2,}[ \-]?){1,4}(\d{4})(?!\d)/#
    private let endingIn = #/(?i)(?:ending(?: in)?|last 4(?: digits)?|card no\.?|acct|account)[ :#.]*[X*#• ]*(\d{4})(?!\d)/#
    private let number = #/(?i)(?:receipt|invoice|inv|bill|trans(?:action)?|txn|doc(?:ument)?|order|check|chk|bon|beleg|ticket|slip|ref)[ .\-]*(?:no|number|nr|num|#)?[ .]*[:#]?[ ]*([A-Z0-9][A-Z0-9\-/]{2,20})/#

    func method(_ lines: [TextLine], after totalLine: Int?) -> String? {
        let tail = lines.filter { $0.index >= (totalLine ?? 0) }
        for line in tail {
            if let brand = Keywords.cardBrands.first(where: { line.has($0.0) }) { return brand.1 }
        }
        if tail.contains(where: { $0.has(Keywords.card) && !$0.has(Keywords.notCardPayment) }) {
            return "card"
        }
        if lines.contains(where: { $0.has(Keywords.cash) }) { return "cash" }
        return nil
    }

    func cardLast4(_ lines: [TextLine]) -> String? {
        for line in lines where line.digitCount >= 4 {
            if Self.hasMask(line.text), let m = line.text.firstMatch(of: maskedCard) { return String(m.1) }
            if line.has(Keywords.cardDigitsLabel), let m = line.text.firstMatch(of: endingIn) { return String(m.1) }
        }
        return nil
    }

    /// Two masking marks in a row (`**`, `XX`, `##`, `••`): the cheap test before the regex.
    private static func hasMask(_ text: String) -> Bool {
        var previous: Character = " "
        for c in text.unicodeScalars.lazy.map(Character.init) {
            if c == previous, c == "*" || c == "X" || c == "#" || c == "•" { return true }
            previous = c
        }
        return false
    }

    func receiptNumber(_ lines: [TextLine]) -> String? {
        for line in lines where line.digitCount >= 2 && line.has(Keywords.receiptNumber) {
            guard let m = line.text.firstMatch(of: number) else { continue }
            let value = String(m.1)
            if value.contains(where: \.isNumber) { return value }
        }
        return nil
    }
}
