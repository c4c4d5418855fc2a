/// Print too small for Tesseract: web-sized phone photos (250-750 px wide) hold receipt lines
/// 12-30 px high, where Tesseract's English model loses digits and labels. The first reading's
/// line boxes tell the print's size; when the median line is lower than `targetLineHeight` and
/// the reading is unsure (mean confidence under `unsureBelow`), the image is scaled up to reach
/// it (at most `maxFactor` times, and not past `maxPixels`) and read again. The new reading is
/// kept only when its mean confidence is `gain` higher: scans read the same scaled up (within a
/// few points), and their names and addresses came out worse.
///
/// Measured on photos-us (`receipts eval --add-step small-print`, targets 24-56 px: 40 best; a
/// line box holds ascenders and descenders, so capitals of ~28 px) and on SROIE (gains of 5
/// still lost a name and an address there; 8 none). The photos that gained read at 25-67 first,
/// SROIE scans at 62-88 (48 of each): under 60, no scan pays for a second reading.
enum SmallPrint {
    static let targetLineHeight = 40
    static let gain = 8
    static let unsureBelow = 60
    static let maxFactor: Float = 3
    static let maxPixels = 12_000_000

    /// The median height of the reading's lines, nil when it has too few to tell.
    static func medianLineHeight(_ text: OCRText) -> Int? {
        let heights = text.lines.map { $0.bottom - $0.top }.filter { $0 > 2 }.sorted()
        return heights.count >= 3 ? heights[heights.count / 2] : nil
    }

    /// `pix` scaled up so that the reading's median line would be `lineHeight` high, at most
    /// `maxFactor` times and not past `maxPixels`; nil when that is less than 1.25 times (the
    /// print is large enough already).
    static func enlarged(_ pix: Pix, readAs text: OCRText, toLineHeight lineHeight: Int) -> Pix? {
        guard let height = medianLineHeight(text) else { return nil }
        let area = Float(pix.width * pix.height)
        let factor = min(maxFactor, Float(lineHeight) / Float(height), (Float(maxPixels) / area).squareRoot())
        return factor >= 1.25 ? pix.scaled(by: factor) : nil
    }

    /// The reading and image at a scale that makes the print readable, or nil to keep `first`.
    static func read(_ pix: Pix, after first: OCRText, with engine: TesseractEngine) -> (text: OCRText, image: Pix)? {
        guard first.meanConfidence < unsureBelow, let height = medianLineHeight(first), height < targetLineHeight,
              let larger = enlarged(pix, readAs: first, toLineHeight: targetLineHeight),
              case .success(let again) = engine.recognize(larger),
              again.meanConfidence >= first.meanConfidence + gain else { return nil }
        return (again, larger)
    }
}
