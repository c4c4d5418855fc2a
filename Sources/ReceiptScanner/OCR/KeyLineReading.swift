import Foundation

/// A key line (the total's, the date's) read twice more, and a digit misread in it outvoted.
///
/// OCR misreads one digit of a total (`87.00` for `89.00`, `$9.54` for `59.54`) or a date as
/// often as any other, and on the page nothing may say so: the sums are often misread too, or
/// not printed. A second reading alone does not help: read again at twice the scale, the total's
/// line came out right for 3 SROIE receipts and wrong for 18, and neither the sums nor
/// Tesseract's confidence told which (README). Two readings that differ in how they misread do:
/// the line cut out and read by Debian's Latin-script model, and by the English one at twice the
/// scale; when both read the same value and the first reading another, two readings outvote one.
/// Steps `total-look` and `date-look` (README, "What each preparation step costs and gains").
enum KeyLineReading {
    /// Above and below the line, this share of its height is cut out with it (descenders, a
    /// line box cut tight).
    static let margin = 1.0 / 3
    /// The English reading's scale.
    static let scale: Float = 2
    /// One line of text (Tesseract's psm 7).
    static let singleLine = 7

    /// `first` with each of `keyLines` (lines the parser took a field from, as `TextLine` writes
    /// them) replaced by its English re-reading when the two new readings agree on a `value`
    /// that differs from the line's; nil when none does.
    static func read<Value: Equatable>(_ pix: Pix, after first: OCRText, keyLines: [String], value: (String) -> Value?,
                                       with engine: TesseractEngine, latin: LatinEngines) -> OCRText? {
        var text = first
        var changed = false
        for (i, line) in first.lines.enumerated() where keyLines.contains(TextLine.normalised(line.text[...])) {
            let pad = Int(Double(line.bottom - line.top) * margin)
            let top = max(0, line.top - pad), bottom = min(pix.height, line.bottom + pad)
            guard bottom > top, let band = pix.cropped(left: 0, top: top, width: pix.width, height: bottom - top),
                  let large = band.scaled(by: scale),
                  let english = oneLine(engine.recognize(large, pageSegmentationMode: singleLine)),
                  let read = value(english.text), read != value(line.text),
                  let other = oneLine(latin.withEngine { $0.recognize(band, pageSegmentationMode: singleLine) }),
                  value(other.text) == read else { continue }
            changed = text.replace(line: i, with: english) || changed
        }
        return changed ? text : nil
    }

    /// The amount a total line ends in, as the parser reads it (its last money value).
    static func amount(in line: String) -> Decimal? {
        AmountScanner.scan(line).last { !$0.isPercent }?.value
    }

    /// The reading's line, when it read exactly one.
    private static func oneLine(_ reading: Result<OCRText, StageError>) -> ReadLine? {
        guard case .success(let read) = reading else { return nil }
        let lines = read.lines.filter { !TextLine.normalised($0.text[...]).isEmpty }
        return lines.count == 1 ? lines[0] : nil
    }
}

extension OCRText {
    /// The reading with its `index`th line read as `new` (its place kept); false when the text
    /// does not hold that line as read.
    mutating func replace(line index: Int, with new: ReadLine) -> Bool {
        let old = lines[index]
        var rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let row = rows.firstIndex(where: { $0 == old.text[...] }) else { return false }
        rows[row] = new.text[...]
        text = rows.joined(separator: "\n")
        lines[index] = ReadLine(text: new.text, confidence: new.confidence, top: old.top, bottom: old.bottom,
                                left: old.left, right: old.right)
        noteConfidence(new.confidence, of: new.text)
        return true
    }
}
