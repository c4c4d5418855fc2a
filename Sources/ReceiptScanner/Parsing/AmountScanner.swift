import Foundation

/// A money-looking number found in a line.
struct Amount {
    var value: Decimal
    /// UTF-8 offsets of the number in the line (sign and currency excluded).
    var start: Int
    var end: Int
    /// ISO code when a currency symbol or code touches the number (`RM30.90`, `30,90 EUR`).
    var currency: String?
    /// Followed by `%`: a rate, not money.
    var isPercent: Bool
    /// Index of the line it was read from (set by `TextLine`).
    var line = 0
}

/// Finds amounts by hand instead of by regex: this runs on every line of every receipt, and a
/// byte scan is many times faster than Swift Regex. Accepted forms: `1234.56`, `1,234.56`,
/// `1.234,56`, `1'234.56`, `12,5`, with a sign before (`-`, `(`) or after (`1,00-`).
/// A number without 1-2 decimals is a quantity, code or date part, never money, unless a currency
/// without minor units touches it (`848 Ft`, `¥1,000`, `Rp 25.000`).
enum AmountScanner {
    static func scan(_ line: String) -> [Amount] {
        var b = Array(line.utf8)
        repairOCR(&b)
        var out: [Amount] = []
        var i = 0
        while i < b.count {
            // ".40": a fraction whose leading zero the printer or OCR dropped.
            if b[i] == UInt8(ascii: "."), i + 2 < b.count, isDigit(b[i + 1]), isDigit(b[i + 2]),
               i + 3 == b.count || !(isDigit(b[i + 3]) || isSeparator(b[i + 3])),
               i == 0 || b[i - 1] == UInt8(ascii: " ") || b[i - 1] == UInt8(ascii: "M") || b[i - 1] == UInt8(ascii: "$") {
                let value = Decimal(sign: .plus, exponent: -2, significand: Decimal(Int(b[i + 1] - 48) * 10 + Int(b[i + 2] - 48)))
                let negative = isNegative(b, start: i, end: i + 3)
                out.append(Amount(value: negative ? -value : value, start: i, end: i + 3,
                                  currency: currencyNear(b, start: i, end: i + 3), isPercent: false))
                i += 3
                continue
            }
            guard isDigit(b[i]), i == 0 || !isDigit(b[i - 1]) else { i += 1; continue }
            var j = i
            while j < b.count, isDigit(b[j]) || isSeparator(b[j]) || b[j] == joiner {
                // A separator must be followed by a digit to belong to the number.
                if isSeparator(b[j]) || b[j] == joiner {
                    // Through joiners and at most one separator, a digit must follow.
                    var k = j + 1, separators = isSeparator(b[j]) ? 1 : 0
                    while k < b.count, b[k] == joiner || (isSeparator(b[k]) && separators == 0) {
                        if isSeparator(b[k]) { separators += 1 }
                        k += 1
                    }
                    if !(k < b.count && isDigit(b[k])) { break }
                }
                j += 1
            }
            defer { i = max(j, i + 1) }
            guard let value = interpret(b[i..<j]) ?? wholeAmount(b, start: i, end: j) else { continue }
            let before = i > 0 ? b[i - 1] : 0
            if before == UInt8(ascii: "/") || before == UInt8(ascii: ":") { continue }  // dates, times
            if j < b.count, b[j] == UInt8(ascii: "/") || b[j] == UInt8(ascii: ":") { continue }
            var k = j
            while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
            let isPercent = k < b.count && b[k] == UInt8(ascii: "%")
            let negative = isNegative(b, start: i, end: j)
            out.append(Amount(value: negative ? -value : value, start: i, end: j,
                              currency: currencyNear(b, start: i, end: j), isPercent: isPercent))
        }
        return out
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Marks a space OCR put inside a number; the scanner reads through it, and byte offsets
    /// stay those of the line.
    private static let joiner: UInt8 = 0x01

    /// Undoes OCR's usual damage to amounts, in place and without moving bytes:
    /// - look-alike letters inside a number: `1O.50`, `l2.50`, `12.5O` (O/o -> 0, l/I -> 1, S -> 5);
    ///   a letter after a complete fraction stays (`5.00S` is a tax code);
    /// - a space beside the decimal mark: `12. 50`, `26 , 90`;
    /// - a space grouping thousands before a decimal comma: `1 234,56`.
    static func repairOCR(_ b: inout [UInt8]) {
        repairAfterCurrency(&b)
        func digit(_ i: Int) -> Bool { i >= 0 && i < b.count && isDigit(b[i]) }
        func sep(_ i: Int) -> Bool { i >= 0 && i < b.count && (b[i] == 46 || b[i] == 44) }
        func space(_ i: Int) -> Bool { i < 0 || i >= b.count || b[i] == 32 }
        // Two digits then no more of a number: not `5, 62-025` (a street number and a postcode).
        func twoDigitsFrom(_ k: Int) -> Bool {
            digit(k) && digit(k + 1) && !digit(k + 2) && !sep(k + 2) && !(k + 2 < b.count && b[k + 2] == 45 && digit(k + 3))
        }
        for i in b.indices {
            let c = b[i]
            if c == 32 {
                // "12. 50", "12 .50", "26 , 90": a space at the decimal mark, then exactly two digits.
                let afterMark = sep(i - 1) && (digit(i - 2) || (i >= 2 && b[i - 2] == joiner)) && twoDigitsFrom(i + 1)
                let beforeMark = digit(i - 1) && sep(i + 1) && (twoDigitsFrom(i + 2) || (space(i + 2) && twoDigitsFrom(i + 3)))
                // "1 234,56": a space grouping thousands before a decimal comma.
                let grouping = digit(i - 1) && !digit(i - 4) && digit(i + 1) && digit(i + 2) && digit(i + 3)
                    && i + 4 < b.count && b[i + 4] == 44 && twoDigitsFrom(i + 5)
                if afterMark || beforeMark || grouping { b[i] = joiner }
                continue
            }
            guard let replacement = digitLookAlike(c) else { continue }
            let leftDigit = digit(i - 1) || (sep(i - 1) && digit(i - 2))
            let rightDigit = digit(i + 1) || (sep(i + 1) && digit(i + 2))
            // A letter closing a one-digit fraction: "12.5O".
            let closesFraction = digit(i - 1) && sep(i - 2) && digit(i - 3) && space(i + 1) && c != UInt8(ascii: "l")
            // A letter opening a number: "l2.50" (then digits, a mark and two more).
            let opensNumber = space(i - 1) && digit(i + 1) && c != UInt8(ascii: "S") && c != UInt8(ascii: "o")
            if (leftDigit && rightDigit) || closesFraction || opensNumber {
                b[i] = replacement
            }
        }
    }
    private static func isSeparator(_ c: UInt8) -> Bool { c == 46 || c == 44 || c == 39 }  // . , '

    /// The digit OCR read as this letter in amounts: O/o -> 0, l/I -> 1, S -> 5.
    private static func digitLookAlike(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "O"), UInt8(ascii: "o"): UInt8(ascii: "0")
        case UInt8(ascii: "l"), UInt8(ascii: "I"): UInt8(ascii: "1")
        case UInt8(ascii: "S"): UInt8(ascii: "5")
        default: nil
        }
    }

    /// Digits OCR read as letters right after the currency (`RMS. OO`, `RMO.28`, `RM5.OO`): no
    /// digit need stand beside them to tell, but the whole run after `RM` or `$` reads as an amount (digits,
    /// a decimal mark, a space at most, two digits) once O, o, S, I and l are digits, so it is one.
    private static func repairAfterCurrency(_ b: inout [UInt8]) {
        func lookAlike(_ c: UInt8) -> UInt8? { isDigit(c) ? c : digitLookAlike(c) }
        var i = 0
        while i < b.count {
            let afterRM = i >= 2 && b[i - 2] == UInt8(ascii: "R") && b[i - 1] == UInt8(ascii: "M")
                && (i == 2 || !isLetter(b[i - 3]))
            let afterDollar = i >= 1 && b[i - 1] == UInt8(ascii: "$") && (i == 1 || b[i - 2] == 32)
            guard afterRM || afterDollar, lookAlike(b[i]) != nil else { i += 1; continue }
            var j = i
            while j < b.count, lookAlike(b[j]) != nil { j += 1 }
            guard j < b.count, b[j] == 46 || b[j] == 44 else { i = j; continue }
            var k = j + 1
            if k < b.count, b[k] == 32 { k += 1 }
            guard k + 1 < b.count, lookAlike(b[k]) != nil, lookAlike(b[k + 1]) != nil,
                  k + 2 == b.count || !(isLetter(b[k + 2]) || isDigit(b[k + 2])) else { i = j; continue }
            for p in Array(i..<j) + [k, k + 1] { b[p] = lookAlike(b[p])! }
            i = k + 2
        }
    }

    /// `RM` or `$` in the line: an amount may follow with every digit read as a letter.
    static func hasCurrencyPrefix(_ line: String) -> Bool {
        var previous: UInt8 = 0
        for c in line.utf8 {
            if c == UInt8(ascii: "$") || (previous == UInt8(ascii: "R") && c == UInt8(ascii: "M")) { return true }
            previous = c
        }
        return false
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    /// Validates grouping and decimals; returns nil for anything that is not money.
    static func interpret(_ run: ArraySlice<UInt8>) -> Decimal? {
        var groups: [[UInt8]] = [[]]
        var seps: [UInt8] = []
        for c in run where c != joiner {
            if isSeparator(c) { seps.append(c); groups.append([]) } else { groups[groups.count - 1].append(c) }
        }
        guard let decimalMark = seps.last, decimalMark != UInt8(ascii: "'"),
              let fraction = groups.last, (1...2).contains(fraction.count) else { return nil }
        let integerGroups = groups.dropLast()
        if integerGroups.count > 1 {
            // Grouped: one grouping mark, other than the decimal mark; groups of three after the first.
            let grouping = seps.dropLast()
            guard let mark = grouping.first, mark != decimalMark, grouping.allSatisfy({ $0 == mark }),
                  (1...3).contains(integerGroups.first!.count),
                  integerGroups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        var significand: UInt64 = 0
        var digits = 0
        for g in integerGroups { for d in g { significand = significand * 10 + UInt64(d - 48); digits += 1 } }
        for d in fraction { significand = significand * 10 + UInt64(d - 48); digits += 1 }
        guard digits <= 15 else { return nil }
        return Decimal(sign: .plus, exponent: -fraction.count, significand: Decimal(significand))
    }

    /// A whole number of a currency without minor units (yen, won, forint, rupiah, dong, ...),
    /// its thousands grouped by one mark (`1,000`, `25.000`) or not at all, standing apart from
    /// letters (`Fani1¥/` is a misread word, not one yen).
    static func wholeAmount(_ b: [UInt8], start: Int, end: Int) -> Decimal? {
        guard start == 0 || !isLetter(b[start - 1]), end == b.count || !isLetter(b[end]),
              mayTouchWholeCurrency(b, start: start, end: end),
              let currency = currencyNear(b, start: start, end: end),
              CurrencyTable.withoutMinorUnits.contains(currency) else { return nil }
        var groups: [[UInt8]] = [[]]
        var marks: Set<UInt8> = []
        for c in b[start..<end] where c != joiner {
            if isSeparator(c) { marks.insert(c); groups.append([]) } else { groups[groups.count - 1].append(c) }
        }
        guard marks.count <= 1, (1...(groups.count > 1 ? 3 : 12)).contains(groups[0].count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        let digits = groups.joined()
        guard digits.count <= 15 else { return nil }
        return Decimal(digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) })
    }

    /// A cheap first test for `wholeAmount`, which sees every whole number: a byte that can end
    /// such a currency's token within reach before the number, or begin one after it.
    private static func mayTouchWholeCurrency(_ b: [UInt8], start: Int, end: Int) -> Bool {
        for p in max(0, start - 3)..<start where CurrencyTable.wholeTokenLastBytes.contains(b[p]) { return true }
        for p in end..<min(b.count, end + 2) where CurrencyTable.wholeTokenFirstBytes.contains(b[p]) { return true }
        return false
    }

    private static func isNegative(_ b: [UInt8], start: Int, end: Int) -> Bool {
        var p = start - 1
        // Skip a touching currency symbol: "-RM5.00", "-$5.00".
        while p >= 0, p >= start - 4, b[p] != UInt8(ascii: " "), b[p] != UInt8(ascii: "-"), b[p] != UInt8(ascii: "(") { p -= 1 }
        if p >= 0, b[p] == UInt8(ascii: "-") || b[p] == UInt8(ascii: "(") {
            // "-" must not be a joiner between words ("A-12.00" is a code)
            return p == 0 || b[p - 1] == UInt8(ascii: " ") || b[p] == UInt8(ascii: "(")
        }
        if start > 1, b[start - 1] == UInt8(ascii: " "), b[start - 2] == UInt8(ascii: "-"),
           start == 2 || b[start - 3] == UInt8(ascii: " ") { return true }
        return end < b.count && b[end] == UInt8(ascii: "-") && (end + 1 == b.count || b[end + 1] == UInt8(ascii: " "))
    }

    /// Currency symbols and codes that touch the number, or are one space away.
    private static func currencyNear(_ b: [UInt8], start: Int, end: Int) -> String? {
        var lo = start
        while lo > 0, b[lo - 1] == UInt8(ascii: " ") || b[lo - 1] == UInt8(ascii: "-")
                || b[lo - 1] == UInt8(ascii: "(") || b[lo - 1] == UInt8(ascii: ":"), start - lo < 2 { lo -= 1 }
        var hi = end
        while hi < b.count, b[hi] == UInt8(ascii: " "), hi - end < 1 { hi += 1 }
        for (token, code) in CurrencyTable.symbolBytes {
            if lo >= token.count, b[(lo - token.count)..<lo].elementsEqual(token) { return code }
            if hi + token.count <= b.count, b[hi..<(hi + token.count)].elementsEqual(token) { return code }
        }
        return nil
    }
}

/// Currency symbols and codes as receipts print them. Longer tokens first, so `S$` wins over `$`.
enum CurrencyTable {
    static let symbols: [(String, String)] = [
        ("EUR", "EUR"), ("USD", "USD"), ("GBP", "GBP"), ("MYR", "MYR"), ("SGD", "SGD"), ("CHF", "CHF"),
        ("AUD", "AUD"), ("CAD", "CAD"), ("JPY", "JPY"), ("INR", "INR"), ("NZD", "NZD"), ("PLN", "PLN"),
        ("CZK", "CZK"), ("HUF", "HUF"), ("THB", "THB"), ("SEK", "SEK"), ("DKK", "DKK"), ("NOK", "NOK"),
        ("BRL", "BRL"), ("MXN", "MXN"), ("HKD", "HKD"),
        ("S$", "SGD"), ("A$", "AUD"), ("C$", "CAD"), ("R$", "BRL"), ("RM", "MYR"), ("€", "EUR"), ("£", "GBP"),
        ("zł", "PLN"), ("ZŁ", "PLN"), ("Kč", "CZK"), ("₺", "TRY"), ("฿", "THB"),
        ("KRW", "KRW"), ("IDR", "IDR"), ("VND", "VND"), ("CLP", "CLP"), ("COP", "COP"), ("ISK", "ISK"),
        ("Ft", "HUF"), ("Rp", "IDR"), ("₩", "KRW"), ("₫", "VND"), ("円", "JPY"), ("￥", "JPY"),
        ("¥", "JPY"), ("₹", "INR"), ("$", "USD"),
    ]
    /// The signs no word is spelled with (`€`, `£`, `Kč`, `zł`).
    static let signs = symbols.filter { $0.0.unicodeScalars.contains { !$0.isASCII } }
    /// Currencies whose amounts are printed whole (ISO 4217 minor unit 0; HUF in practice).
    static let withoutMinorUnits: Set<String> = ["JPY", "KRW", "HUF", "IDR", "VND", "CLP", "COP", "ISK"]
    static let symbolBytes: [([UInt8], String)] = symbols.map { (Array($0.0.utf8), $0.1) }
    private static let wholeTokens = symbolBytes.filter { withoutMinorUnits.contains($0.1) }.map(\.0)
    static let wholeTokenFirstBytes = Set(wholeTokens.compactMap(\.first))
    static let wholeTokenLastBytes = Set(wholeTokens.compactMap(\.last))
}
