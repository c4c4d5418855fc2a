/// Reads a prepared page image into text: once as given, then the reading steps that pay.
///
/// The second look: when the first reading leaves the date or the total missing, the image is
/// read again in Tesseract's sparse-text mode (psm 11), which finds text the block mode skips,
/// and the lines holding what the first reading missed are added to its text. Chosen by
/// measurement on the SROIE dev set (psm 4, psm 11 and no preparation as candidates); about one
/// image in five gets it (README, "What each preparation step costs and gains").
///
/// `scan` and `receipts ocr` read through this one path, so `ocr` prints what `scan` parses.
/// Not Sendable (it owns a parser): one per OCR thread.
public struct PageReader {
    static let pageSegmentationMode = 11
    /// A reading at least this sure (mean word confidence) is not read again for a total
    /// guessed from what was paid (measured: 60 lost two photos-us totals that 75 keeps).
    static let sureAbove = 75
    private let parser: ReceiptParser
    private let latin: LatinEngines?

    /// `latin` read the header and the key lines again; nil skips those steps.
    public init(options: ParserOptions, latin: LatinEngines? = nil) {
        var readingOptions = options
        readingOptions.reviewsUnconfirmedTotal = false
        parser = ReceiptParser(options: readingOptions)
        self.latin = latin
    }

    /// Reads a prepared image; with the reading steps among `steps`: an unsure reading of small
    /// print read again scaled up (`small-print`), a nearly empty reading read again from a local
    /// threshold (`rescue`), the way up of a doubtful one (`upright`), the
    /// header read again with the Latin-script model (`header`), the total's and the date's lines
    /// read twice more (`total-look`, `date-look`), the sums' lines read again when that makes
    /// them add up (`sums-look`), two dates printed a digit apart read twice
    /// more each and the one most readings give taken (`date-twins`), a second look when the date or total is
    /// missing (`second-look`), and a date still missing read from the image enlarged
    /// (`missing-date`, after the second look). Then, with `relight`, a photo with uneven light
    /// whose row would go to review is read again the same way with its light evened out, and that
    /// reading is kept when it passes every check the first one failed.
    public func read(_ pix: Pix, with engine: TesseractEngine, steps: Set<PreparationStep>) -> Result<OCRText, StageError> {
        let first = readSteps(pix, with: engine, steps: steps)
        // One reading of a photo is at the mercy of its light: evened out, it reads differently,
        // and the reading the receipt's own checks pass is the one to keep. Its way up is the
        // first reading's (looking for it again cost 14% of photos-us' time for no field).
        guard steps.contains(.relight), case .success(let text) = first, !passesChecks(text),
              let even = Preparation.evenedLight(pix)?.rotated(quarterTurns: text.quarterTurns),
              case .success(var second) = readSteps(even, with: engine, steps: steps.subtracting([.upright])),
              passesChecks(second) else { return first }
        second.quarterTurns = text.quarterTurns
        return .success(second)
    }

    /// Nothing in the reading contradicts itself: its row has nothing to review, or only a total
    /// that nothing confirms (this parser leaves that reason out; see `init`).
    private func passesChecks(_ text: OCRText) -> Bool {
        parser.parse(text).issues.isEmpty
    }

    private func readSteps(_ pix: Pix, with engine: TesseractEngine, steps: Set<PreparationStep>) -> Result<OCRText, StageError> {
        let first = engine.recognize(pix)
        guard case .success(var text) = first else { return first }
        var image = pix
        if steps.contains(.smallPrint), let larger = SmallPrint.read(pix, after: text, with: engine) { (text, image) = larger }
        if steps.contains(.rescue), let rescued = Rescue.read(pix, after: text, with: engine) { (text, image) = rescued }
        if steps.contains(.upright), let turned = UprightReading.turned(image, asGiven: text, with: engine) { (text, image) = turned }
        if steps.contains(.header), let latin, let read = HeaderReading.read(image, after: text, with: latin) { text = read }
        text = lookAtKeyLines(text, in: image, with: engine, steps: steps)
        return .success(lookAgain(text, in: image, with: engine, steps: steps))
    }

    /// `text` with the total's and the date's lines read twice more where two new readings
    /// outvote the first (`total-look`, `date-look`, `date-twins`), and the sums' lines where
    /// new readings make them add up (`sums-look`).
    func lookAtKeyLines(_ text: OCRText, in image: Pix, with engine: TesseractEngine, steps: Set<PreparationStep>) -> OCRText {
        guard let latin, !steps.isDisjoint(with: [.totalLook, .sumsLook, .dateLook, .dateTwins]) else { return text }
        var text = text
        let key = parser.keyLines(text.text)
        let lines = KeyLineReading(image, page: text, engine: engine, latin: latin)
        if steps.contains(.totalLook) { text = totalLook(text, lines: lines) }
        if steps.contains(.sumsLook) { text = sumsLook(text, lines: lines) }
        if steps.contains(.dateLook), !key.date.isEmpty,
           let read = lines.read(after: text, keyLines: key.date, value: parser.date(inLine:)) { text = read }
        if steps.contains(.dateTwins), !key.dateTwins.isEmpty,
           let read = lines.outvote(after: text, lines: key.dateTwins, value: parser.date(inLine:)) { text = read }
        return text
    }

    /// `text` with what the second look and the enlarged reading (`second-look`, `missing-date`)
    /// found for a date or a total it misses.
    func lookAgain(_ text: OCRText, in image: Pix, with engine: TesseractEngine, steps: Set<PreparationStep>) -> OCRText {
        guard !steps.isDisjoint(with: [.secondLook, .missingDate]) else { return text }
        // A date read again (`63/05/2078`) counts as missing: it may be printed again lower down.
        func dateMissing(_ text: String) -> Bool { parser.parse(text).date == nil || parser.keyLines(text).dateReadAgain }
        let key = parser.keyLines(text.text), missingDate = dateMissing(text.text)
        // A total guessed without its line counts as missing: always when it is the largest
        // amount, and in an unsure reading when it is what was paid (SROIE's sure scans, all read
        // again for it, took 12% longer for no total).
        let totalMissing = key.totalMissing || (key.total.isEmpty && text.meanConfidence < Self.sureAbove)
        var merged = text
        if steps.contains(.secondLook), missingDate || totalMissing,
           case .success(let second) = engine.recognize(image, pageSegmentationMode: Self.pageSegmentationMode) {
            merged = lend(second, to: text, date: missingDate, total: totalMissing)
        }
        guard steps.contains(.missingDate), missingDate, dateMissing(merged.text),
              let larger = MissingDate.enlarged(image, readAs: text),
              case .success(let third) = engine.recognize(larger) else { return merged }
        return lend(third, to: merged, date: true, total: false)
    }

    /// `text` with the total's lines read twice more (`total-look`), unless the sums or the
    /// payment vouch for the total (half the step's cost, no total lost on the dev set).
    private func totalLook(_ text: OCRText, lines: KeyLineReading) -> OCRText {
        let key = parser.keyLines(text.text)
        guard !key.totalAgrees else { return text }
        var text = text
        if !key.total.isEmpty, let read = lines.read(after: text, keyLines: key.total, value: KeyLineReading.amount(in:)) {
            text = read
        }
        // A total label read without its amount is read again too, and kept only when the sums or
        // the payment then vouch for the total (unchecked, a photo's 13.26 was read as 13.32).
        let unread = parser.unreadTotalLines(text.text)
        if !unread.isEmpty, let read = lines.read(after: text, keyLines: unread, value: KeyLineReading.amount(in:)),
           parser.keyLines(read.text).totalAgrees {
            text = read
        }
        return text
    }

    /// `text` with the total's and the sums' lines (subtotal, taxes, the total lines above the
    /// total's, cash, change) read twice more when nothing vouches for the total, and the fewest
    /// new readings taken that make the sums add up or the total what was paid (`sums-look`).
    /// The total's line is read once for both look steps (`lines` keeps its readings).
    private func sumsLook(_ text: OCRText, lines: KeyLineReading) -> OCRText {
        let key = parser.keyLines(text.text)
        guard !key.totalAgrees, !key.sums.isEmpty else { return text }
        let keyLines = key.total + key.sums + parser.unreadTotalLines(text.text)
        return lines.agree(after: text, lines: keyLines, vouched: parser.arithmeticTotal(lineOf: text.text)) ?? text
    }

    /// `text` with the lines of another reading that hold what it missed: the date's line when
    /// the other reading has a date, the total's lines.
    private func lend(_ other: OCRText, to text: OCRText, date: Bool, total: Bool) -> OCRText {
        let lent = parser.parse(other.text)
        let lines = parser.keyLines(other.text)
        var extra: [String] = []
        if date && lent.date != nil { extra += lines.date }
        if total { extra += lines.total }
        guard !extra.isEmpty else { return text }
        var merged = text
        merged.text += (merged.text.hasSuffix("\n") ? "" : "\n") + extra.joined(separator: "\n") + "\n"
        for line in extra { merged.lineConfidence[line] = other.meanConfidence }
        return merged
    }
}
