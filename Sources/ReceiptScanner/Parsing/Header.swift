/// Merchant, address and phone: the receipt's header block.
struct HeaderRules {
    private let labelledPhone = #/(?i)(?:tel|phone|ph|telefon|t|fon|hp|h\/p|mobile)\b\.?\s*(?:no\.?)?\s*[:.]?\s*(\+?\(?\d[\d \-/().]{6,18}\d)/#
    private let barePhone = #/(?:^|[^\d.,])(\+?\(?\d{2,4}\)?[ \-.]\d{3,4}[ \-.]\d{3,4})(?![\d.,])/#
    /// How many lines from the top the header can reach.
    private let headerDepth = 12

    struct Header {
        var merchant: String?
        var merchantStrength = 0.0
        var address: String?
        var phone: String?
    }

    func read(_ lines: [TextLine]) -> Header {
        var h = Header()
        let top = Array(lines.prefix(headerDepth))
        guard let (merchantIndex, strength) = merchantLine(top) else { return h }
        h.merchant = cleanName(lines[merchantIndex].text)
        h.merchantStrength = strength
        h.address = address(after: merchantIndex, in: top)
        h.phone = phone(in: top)
        return h
    }

    /// A company-form line near the top wins; otherwise the first line that reads as a name.
    private func merchantLine(_ top: [TextLine]) -> (Int, Double)? {
        let named = top.prefix(6).filter(isNameLike)
        if let legal = named.first(where: { $0.has(Keywords.companyForm) }) { return (legal.index, 0.9) }
        return named.first.map { ($0.index, 0.7) }
    }

    private func isNameLike(_ line: TextLine) -> Bool {
        guard line.letterCount >= 3, line.letterCount * 2 >= line.text.count - line.text.filter({ $0 == " " }).count,
              line.amounts.isEmpty else { return false }
        if line.has(Keywords.notMerchant) && !line.has(Keywords.companyForm) { return false }
        if isRegistration(line) { return false }
        return true
    }

    /// "(CO. NO. 639240-H)", "(1234567-X)", "ROC NO ...": a registration number under the name.
    private func isRegistration(_ line: TextLine) -> Bool {
        line.has(["CO NO", "CO REG", "COMPANY NO", "ROC", "REG NO", "CO REG NO", "SSM"])
            || (line.text.hasPrefix("(") && line.digitCount >= 4 && line.letterCount <= 4)
    }

    private func address(after merchant: Int, in top: [TextLine]) -> String? {
        var parts: [String] = []
        var signal = false
        for line in top where line.index > merchant {
            if parts.isEmpty && (isRegistration(line) || (line.has(Keywords.companyForm) && line.digitCount == 0)) { continue }
            if line.has(Keywords.addressStop) || !line.amounts.isEmpty || line.letterCount == 0 { break }
            if parts.count == 5 { break }
            if line.digitCount > 0 || line.has(Keywords.address) || line.text.contains(",") { signal = true }
            parts.append(line.text)
        }
        return signal && !parts.isEmpty ? parts.joined(separator: " ") : nil
    }

    private func phone(in top: [TextLine]) -> String? {
        for line in top where line.digitCount >= 7 {
            if line.has(["FAX"]) && !line.has(["TEL", "PHONE"]) { continue }
            if let m = line.text.firstMatch(of: labelledPhone) { return trimPhone(String(m.1)) }
        }
        for line in top where line.digitCount >= 7 && !line.has(["FAX", "GST", "REG", "NO"]) {
            if let m = line.text.firstMatch(of: barePhone) { return trimPhone(String(m.1)) }
        }
        return nil
    }

    private func trimPhone(_ s: String) -> String {
        var t = s
        while let last = t.last, !last.isNumber { t.removeLast() }
        return t
    }

    /// Strips decoration around a name (`*** SHOP ***`, trailing colons).
    private func cleanName(_ text: String) -> String {
        let junk: Set<Character> = ["*", "=", "-", "_", "#", "~", ":", "|", " "]
        var s = Substring(text)
        while let f = s.first, junk.contains(f) { s = s.dropFirst() }
        while let l = s.last, junk.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
