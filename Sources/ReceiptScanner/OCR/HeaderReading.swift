import Foundation

/// The header (merchant name, address) read again with Tesseract's Latin-script model.
///
/// Debian's English model misreads single letters of receipt headers (bold, widely spaced or
/// faded print: `BAKERLES`, `PELAFUR`), and one wrong letter makes a name or an address wrong.
/// Debian's Latin-script model (trained on every Latin-script language) reads names and streets
/// more often right: over the 160 SROIE scans the name is in its text for 93 against 78, the
/// address for 86 against 81 (`Scripts/ocr-ceiling`); without a word list it lost most of that.
/// It reads with the run's language's word list in place of its own 89 MB one (`LatinModel`),
/// which kept most of the gain in a seventh of the memory. Only the header is read again, so the
/// cost is a fraction of a reading; the lines below it (items, totals, dates) stay the first
/// reading's, which reads digits as well or better.
public enum HeaderReading {
    /// The header ends before the first line holding an amount or a date, within this many lines.
    /// (Names and addresses lie in the first lines: 8 and 12 measured the same fields right on
    /// SROIE, 8 for 5% less eval time. Reading again only headers read with a mean confidence
    /// under 70 or 80 saved 10-15% more, but lost 8 names of 94: confidence does not say which
    /// letters are wrong.)
    static let maxLines = 8
    /// A header line keeps the first reading's text when that was read with this many points
    /// more confidence (a logo the Latin model turns into letters). Measured on SROIE (12 lines,
    /// before names were cut at their legal form), merchants / addresses right: margin 0: 85 / 87,
    /// 10: 84 / 85, 25: 89 / 80, never: 90 / 78. About even in sum; 25 keeps the logos out and
    /// most of the names.
    static let keepFirstMargin = 25
    /// `first` with its header lines replaced by a Latin engine's reading of the header, or nil
    /// when there is no header to read again (the first line already holds an amount or a date).
    static func read(_ pix: Pix, after first: OCRText, with engines: LatinEngines) -> OCRText? {
        let lines = first.lines
        let count = headerLineCount(lines.map(\.text))
        guard count > 0 else { return nil }
        // Cut halfway between the header's last line and the next, so neither is clipped.
        let bottom = count < lines.count ? (lines[count - 1].bottom + lines[count].top) / 2 : pix.height
        guard bottom > 0, let top = pix.cropped(left: 0, top: 0, width: pix.width, height: min(bottom, pix.height)),
              case .success(let again) = engines.withEngine({ $0.recognize(top) }),
              Rescue.wordCount(again.text) > 0 else { return nil }
        // Where the first reading read the same line with clearly more confidence, it stays.
        let header = again.lines.map { line in
            let same = lines[..<count].filter { overlap($0, line) }
            return same.count == 1 && same[0].confidence > line.confidence + keepFirstMargin ? same[0] : line
        }
        var merged = OCRText(text: "", meanConfidence: first.meanConfidence, lines: header + lines[count...])
        (merged.quarterTurns, merged.imageWidth, merged.imageHeight) = (first.quarterTurns, first.imageWidth, first.imageHeight)
        for line in merged.lines {
            merged.text += line.text + "\n"
            merged.noteConfidence(line.confidence, of: line.text, words: line.words)
        }
        return merged
    }

    /// Whether two lines share more than half the height of the shorter.
    static func overlap(_ a: ReadLine, _ b: ReadLine) -> Bool {
        let shared = min(a.bottom, b.bottom) - max(a.top, b.top)
        return shared * 2 > min(a.bottom - a.top, b.bottom - b.top)
    }

    /// How many lines lead the reading before the first one holding an amount (`12.50`) or a
    /// date (`03/08/2017`), at most `maxLines`.
    static func headerLineCount(_ lines: [String]) -> Int {
        var count = 0
        for line in lines.prefix(maxLines) {
            if holdsAmountOrDate(line) { break }
            count += 1
        }
        return count
    }

    /// Whether the parser would find money (`12.50`, `9,42`) or a numeric date (`03/08/2017`) in
    /// the line: where the header ends.
    static func holdsAmountOrDate(_ line: String) -> Bool {
        !AmountScanner.scan(line).isEmpty || DateRules.numericDate(line) != nil
    }
}
