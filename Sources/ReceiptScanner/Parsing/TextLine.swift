/// One line of OCR text with the cheap views every field rule needs, computed once.
struct TextLine {
    let index: Int
    /// The line, trimmed, runs of spaces collapsed.
    let text: String
    /// Upper-case letters and digits as words, OCR look-alikes inside words fixed
    /// (T0TAL -> TOTAL): `GRAND TOTAL RM 30 90` -> ["GRAND", "TOTAL", "RM", "30", "90"].
    let words: [Substring]
    let amounts: [Amount]
    let letterCount: Int
    let digitCount: Int

    init(index: Int, text: String) {
        self.index = index
        self.text = text
        var letters = 0, digits = 0
        for c in text.unicodeScalars {
            if c.properties.isAlphabetic { letters += 1 } else if ("0"..."9").contains(c) { digits += 1 }
        }
        letterCount = letters
        digitCount = digits
        words = TextLine.keywordForm(text).split(separator: " ")
        amounts = digits > 0 ? AmountScanner.scan(text) : []
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

    /// Letters are folded to upper case without accents; any other character splits words.
    /// Inside a word that has letters, 0/1/5 read as O/I/S (OCR confuses them in keywords).
    static func keywordForm(_ text: String) -> String {
        var out = " "
        var word: [Character] = []
        func flush() {
            guard !word.isEmpty else { return }
            let hasLetter = word.contains { $0.isLetter }
            let hasDigit = word.contains { $0.isNumber }
            if hasLetter && hasDigit && word.filter({ $0.isLetter }).count >= 2 {
                word = word.map { c in
                    switch c { case "0": "O"; case "1": "I"; case "5": "S"; default: c }
                }
            }
            out.append(contentsOf: word)
            out.append(" ")
            word.removeAll(keepingCapacity: true)
        }
        for c in text {
            if c.isLetter || c.isNumber {
                if c.isASCII {
                    word.append(Character(c.uppercased()))
                } else {
                    let folded = String(c).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased()
                    word.append(contentsOf: folded == "SS" && c == "ß" ? "SS" : folded)
                }
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Splits text into bounded, trimmed, non-empty lines.
    static func split(_ text: String, options: ParserOptions) -> [TextLine] {
        var lines: [TextLine] = []
        let bounded = text.utf8.count > options.maxTextBytes
            ? String(decoding: text.utf8.prefix(options.maxTextBytes), as: UTF8.self) : text
        for raw in bounded.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
            var collapsed = ""
            var lastSpace = true
            for c in raw.prefix(options.maxLineLength) {
                if c == " " || c == "\t" || c == "\u{A0}" {
                    if !lastSpace { collapsed.append(" ") }
                    lastSpace = true
                } else if c.isASCII || !(c.unicodeScalars.first?.properties.generalCategory == .control) {
                    collapsed.append(c)
                    lastSpace = false
                }
            }
            if collapsed.last == " " { collapsed.removeLast() }
            guard !collapsed.isEmpty else { continue }
            lines.append(TextLine(index: lines.count, text: collapsed))
            if lines.count >= options.maxLines { break }
        }
        return lines
    }
}

import Foundation
