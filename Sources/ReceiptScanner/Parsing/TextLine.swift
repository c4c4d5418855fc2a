/// One line of OCR text with the cheap views every field rule needs, computed once.
struct TextLine {
    let index: Int
    /// The line, trimmed, runs of spaces collapsed.
    let text: String
    /// The line's words: letters and digits, upper-cased, accents dropped, OCR look-alikes
    /// inside words fixed (T0TAL -> TOTAL). `GRAND TOTAL RM 30.90` -> GRAND, TOTAL, RM, 30, 90.
    let words: [Word]
    let amounts: [Amount]
    let letterCount: Int
    let digitCount: Int
    /// UTF-8 offsets in `text` of the spaces that stand for four or more: columns, or a stray
    /// mark the photo's edge or table left far from the words.
    let wideGaps: [Int]

    init(index: Int, text: String, wideGaps: [Int] = []) {
        self.index = index
        self.text = text
        self.wideGaps = wideGaps
        var letters = 0, digits = 0
        for c in text.unicodeScalars {
            if c.isASCII {
                if (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") { letters += 1 } else if c >= "0" && c <= "9" { digits += 1 }
            } else if c.properties.isAlphabetic {
                letters += 1
            }
        }
        letterCount = letters
        digitCount = digits
        words = Word.split(text)
        amounts = digits > 0 || AmountScanner.hasCurrencyPrefix(text) ? AmountScanner.scan(text).map { var a = $0; a.line = index; return a } : []
    }

    var hasLetters: Bool { letterCount > 0 }

    /// The line ends in an amount (an item or money line), allowing a trailing tax code (`1,79 B`).
    var endsWithAmount: Bool {
        guard let last = amounts.last else { return false }
        let rest = text.utf8.count - last.end
        return rest <= 3
    }

    /// True if any of the phrases occurs as whole words.
    func has(_ phrases: KeywordSet) -> Bool {
        phrases.matches(words)
    }

    /// A line as `split` leaves it (trimmed, runs of spaces and tabs as one space), to key
    /// per-line data such as OCR confidence.
    static func normalised(_ text: Substring) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Splits text into bounded, trimmed, non-empty lines.
    static func split(_ text: String, options: ParserOptions) -> [TextLine] {
        var lines: [TextLine] = []
        let bounded = text.utf8.count > options.maxTextBytes
            ? String(decoding: text.utf8.prefix(options.maxTextBytes), as: UTF8.self) : text
        // One pass over the UTF-8 bytes (Character and scalar iteration cost more than the rules):
        // line breaks split, tabs and spaces collapse, other ASCII control bytes go.
        var current: [UInt8] = []
        current.reserveCapacity(options.maxLineLength)
        var lastSpace = true
        var truncated = false
        var spaces = 0, wideGaps: [Int] = []
        func finishLine() {
            if current.last == 0x20 { current.removeLast() }
            truncated = false
            if !current.isEmpty, lines.count < options.maxLines {
                lines.append(TextLine(index: lines.count, text: String(decoding: current, as: UTF8.self), wideGaps: wideGaps))
            }
            current.removeAll(keepingCapacity: true)
            lastSpace = true
            wideGaps.removeAll()
            spaces = 0
        }
        for b in bounded.utf8 {
            switch b {
            case 0x0A, 0x0D, 0x0C:
                finishLine()
                if lines.count >= options.maxLines { return lines }
            case 0x20, 0x09:
                if !lastSpace && !truncated && current.count < options.maxLineLength { current.append(0x20) }
                lastSpace = true
                spaces += b == 0x09 ? 4 : 1
            case 0x00..<0x20, 0x7F:
                continue
            default:
                // Cut long lines at a character boundary (a UTF-8 lead byte, not a continuation).
                if current.count >= options.maxLineLength && (b & 0xC0) != 0x80 { truncated = true }
                if truncated { continue }
                if spaces >= 4, current.last == 0x20 { wideGaps.append(current.count - 1) }
                spaces = 0
                current.append(b)
                lastSpace = false
            }
        }
        finishLine()
        return lines
    }
}

import Foundation

/// A word of a line in keyword form, kept as a 64-bit hash: keyword tests are then set lookups of
/// integers, with no string allocated per word (allocation and Unicode hashing dominated parsing).
struct Word: Hashable {
    /// FNV-1a of the folded bytes, never 0 (0 marks an empty slot in `KeywordSet`).
    let key: UInt64
    let length: Int

    static func == (a: Word, b: Word) -> Bool { a.key == b.key }
    func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// Splits a line into words: ASCII letters upper-cased, Latin-1 accented letters folded to
    /// their base letter (ü -> U, ß -> SS), anything else a separator. In a word with two or more
    /// letters, 0/1/5 read as O/I/S.
    static func split(_ text: String) -> [Word] {
        // Two FNV hashes run side by side, as read and with look-alikes mapped, so no word is
        // buffered; which one counts is known when the word ends.
        let basis: UInt64 = 0xcbf2_9ce4_8422_2325, prime: UInt64 = 0x0000_0100_0000_01b3
        var words: [Word] = []
        var raw = basis, mapped = basis, length = 0, letters = 0, digits = 0
        func add(_ c: UInt8) {
            raw = (raw ^ UInt64(c)) &* prime
            let m: UInt8 = switch c {
            case UInt8(ascii: "0"): UInt8(ascii: "O")
            case UInt8(ascii: "1"): UInt8(ascii: "I")
            case UInt8(ascii: "5"): UInt8(ascii: "S")
            default: c
            }
            mapped = (mapped ^ UInt64(m)) &* prime
            length += 1
        }
        func flush() {
            guard length > 0 else { return }
            words.append(Word(key: letters >= 2 && digits > 0 ? mapped : raw, length: length))
            raw = basis; mapped = basis; length = 0; letters = 0; digits = 0
        }
        var utf8 = text.utf8.makeIterator()
        while let b = utf8.next() {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): add(b - 32); letters += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): add(b); letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): add(b); digits += 1
            case 0xC3:
                guard let next = utf8.next(), let folded = latin1Base(next) else { flush(); continue }
                for c in folded { add(c) }
                letters += 1
            case 0xC4, 0xC5:
                guard let next = utf8.next() else { flush(); continue }
                for c in latinExtendedABase(lead: b, next) { add(c) }
                letters += 1
            case 0x80...0xFF:
                continue  // other non-ASCII bytes: neither letters we fold nor separators
            default:
                flush()
            }
        }
        flush()
        return words
    }

    private init(key: UInt64, length: Int) {
        self.key = key == 0 ? 1 : key
        self.length = length
    }

    /// Base letters of U+0100...U+017F, eight a row (`*`: Ĳ and Œ, two letters each).
    private static let latinExtendedA = Array(("AAAAAACC" + "CCCCCCDD" + "DDEEEEEE" + "EEEEGGGG" + "GGGGHHHH" + "IIIIIIII"
        + "II**JJKK" + "KLLLLLLL" + "LLLNNNNN" + "NNNNOOOO" + "OO**RRRR" + "RRSSSSSS" + "SSTTTTTT" + "UUUUUUUU"
        + "UUUUWWYY" + "YZZZZZZS").utf8)

    /// Base letters for U+0100...U+017F, the letters of Czech, Polish, Turkish, Hungarian and
    /// other Central European receipts (`DIČ` -> DIC, `K úhradě` -> K UHRADE, `Płatność` ->
    /// PLATNOSC), from the two UTF-8 bytes 0xC4/0xC5 and the next.
    private static func latinExtendedABase(lead: UInt8, _ next: UInt8) -> [UInt8] {
        let index = Int(lead & 0x01) << 6 | Int(next & 0x3F)
        switch index {
        case 0x32, 0x33: return Array("IJ".utf8)
        case 0x52, 0x53: return Array("OE".utf8)
        default: return [latinExtendedA[index]]
        }
    }

    /// Base letters for U+00C0...U+00FF (the second UTF-8 byte after 0xC3).
    private static func latin1Base(_ b: UInt8) -> [UInt8]? {
        let folded: String
        switch b & 0xDF {  // 0xA0... (lower case) maps onto 0x80... (upper case)
        case 0x80...0x86: folded = "A"
        case 0x87: folded = "C"
        case 0x88...0x8B: folded = "E"
        case 0x8C...0x8F: folded = "I"
        case 0x91: folded = "N"
        case 0x92...0x96, 0x98: folded = "O"
        case 0x99...0x9C: folded = "U"
        case 0x9D: folded = "Y"
        default: folded = b == 0x9F ? "SS" : ""
        }
        return folded.isEmpty ? nil : Array(folded.utf8)
    }
}
