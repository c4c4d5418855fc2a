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
/// A line printed tall (a printer's double height) is first read by both squashed to the page's
/// usual line height: at its own proportions its narrow letters are misread (`$56.58` as `$6.58`).
/// Where the sums fail, the receipt's arithmetic rather than a vote picks among the new readings
/// (`agree`). Steps `total-look`, `sums-look`, `date-look` and `date-twins` (docs/measurements.md,
/// "What each preparation step costs and gains").
///
/// One per page and reading thread: each band of a line is read by each engine at most once,
/// however many steps ask (`total-look` reads the total's line, and `sums-look` again).
final class KeyLineReading {
    /// Above and below the line, this share of its height is cut out with it (descenders, a
    /// line box cut tight).
    static let margin = 1.0 / 3
    /// The English reading's scale.
    static let scale: Float = 2
    /// One line of text (Tesseract's psm 7).
    static let singleLine = 7

    private let pix: Pix
    private let usual: Double
    private let engine: TesseractEngine
    private let latin: LatinEngines
    /// The bands cut out for a line's place on the page, and what each engine read in them.
    private var bandsAt: [Place: [(Pix, Pix)]] = [:]
    private var readings: [Reading: ReadLine?] = [:]
    private struct Place: Hashable { let top: Int, bottom: Int }
    private struct Reading: Hashable { let place: Place, band: Int, byLatin: Bool }
    /// How many times an engine was asked to read a band (the steps' cost).
    private(set) var bandsRead = 0

    /// The page `pix`, as `page` read it (its usual line height tells tall print).
    init(_ pix: Pix, page: OCRText, engine: TesseractEngine, latin: LatinEngines) {
        self.pix = pix
        usual = Self.medianHeight(of: page.lines)
        self.engine = engine
        self.latin = latin
    }

    /// `first` with each of `keyLines` (lines the parser took a field from, as `TextLine` writes
    /// them) replaced by its English re-reading when the two new readings agree on a `value`
    /// that differs from the line's; nil when none does.
    func read<Value: Equatable>(after first: OCRText, keyLines: [String], value: (String) -> Value?) -> OCRText? {
        var text = first
        var changed = false
        for (i, line) in first.lines.enumerated() where keyLines.contains(TextLine.normalised(line.text[...])) {
            for band in bands(of: line).indices {
                guard let english = reading(of: line, band: band, byLatin: false),
                      let read = value(english.text), read != value(line.text),
                      let latinRead = reading(of: line, band: band, byLatin: true),
                      value(latinRead.text) == read else { continue }
                changed = text.replace(line: i, with: english) || changed
                break
            }
        }
        return changed ? text : nil
    }

    /// Lines that print one value twice (a date over the receipt and again at its foot) and
    /// read two that differ by a digit: each read twice more as in `read`, and the value most of
    /// the readings give (more than any other) is taken for each line one of whose own new
    /// readings gives it; nil when no value leads or no line changes. A line is only ever
    /// replaced by a reading of itself.
    func outvote<Value: Hashable>(after first: OCRText, lines keyLines: [String], value: (String) -> Value?) -> OCRText? {
        var readings: [(index: Int, value: Value?, again: [ReadLine])] = []
        for (i, line) in first.lines.enumerated() where keyLines.contains(TextLine.normalised(line.text[...])) {
            readings.append((i, value(line.text), readAgain(line)))
        }
        var votes: [Value: Int] = [:]
        for reading in readings {
            for v in [reading.value] + reading.again.map({ value($0.text) }) { if let v { votes[v, default: 0] += 1 } }
        }
        let ranked = votes.sorted { $0.value > $1.value }
        guard let (winner, count) = ranked.first, ranked.count < 2 || ranked[1].value < count else { return nil }
        var text = first
        var changed = false
        for reading in readings where reading.value != winner {
            if let read = reading.again.first(where: { value($0.text) == winner }) {
                changed = text.replace(line: reading.index, with: read) || changed
            }
        }
        return changed ? text : nil
    }

    /// The total's and the sums' lines (`keyLines`) each read twice more, and the fewest of them
    /// replaced by a new reading of themselves that make `vouched` give a total: the receipt's
    /// own arithmetic, not a vote, tells the right readings. A new reading that loses the line's
    /// amount is not taken (another amount would then be the total). Nil when no combination of
    /// up to `mostReplaced` lines does, or when combinations replacing as few lines give
    /// different totals. Each combination tried is one parse of the totals (the step's cost:
    /// docs/measurements.md, 0.17.6).
    func agree(after first: OCRText, lines keyLines: [String], vouched: (String) -> Decimal?) -> OCRText? {
        var choices: [(index: Int, readings: [ReadLine])] = []
        for (i, line) in first.lines.enumerated() where keyLines.contains(TextLine.normalised(line.text[...])) {
            var readings: [ReadLine] = []
            for read in readAgain(line)
            where read.text != line.text && !readings.contains(where: { $0.text == read.text })
                && (Self.amount(in: read.text) != nil || Self.amount(in: line.text) == nil) {
                readings.append(read)
            }
            if !readings.isEmpty { choices.append((i, readings)) }
        }
        guard !choices.isEmpty else { return nil }
        for count in 1...min(Self.mostReplaced, choices.count) {
            var found: [(text: OCRText, total: Decimal)] = []
            for subset in Self.subsets(of: Array(choices.indices), count: count) {
                for picks in Self.product(subset.map { choices[$0].readings.count }) {
                    var text = first
                    let replaced = zip(subset, picks).allSatisfy { c, pick in text.replace(line: choices[c].index, with: choices[c].readings[pick]) }
                    if replaced, let total = vouched(text.text) { found.append((text, total)) }
                }
            }
            guard let best = found.first else { continue }
            return found.allSatisfy { $0.total == best.total } ? best.text : nil
        }
        return nil
    }

    /// At most this many lines are replaced to make the sums agree: the subtotal, a tax and the
    /// total each misread.
    static let mostReplaced = 3

    /// The subsets of `items` with `count` members, in order.
    private static func subsets(of items: [Int], count: Int) -> [[Int]] {
        guard count > 0 else { return [[]] }
        guard items.count >= count else { return [] }
        let rest = Array(items.dropFirst())
        return subsets(of: rest, count: count - 1).map { [items[0]] + $0 } + subsets(of: rest, count: count)
    }

    /// Every choice of one index below each of `sizes`.
    private static func product(_ sizes: [Int]) -> [[Int]] {
        sizes.reduce([[]]) { partial, size in partial.flatMap { p in (0..<size).map { p + [$0] } } }
    }

    /// Every new reading of a line: for each of its bands, English's and then the Latin model's.
    private func readAgain(_ line: ReadLine) -> [ReadLine] {
        bands(of: line).indices.flatMap { band in
            [reading(of: line, band: band, byLatin: false), reading(of: line, band: band, byLatin: true)].compactMap { $0 }
        }
    }

    /// The line's `band`th band read by English (at twice the scale) or by the Latin model, read
    /// once however often asked.
    private func reading(of line: ReadLine, band: Int, byLatin: Bool) -> ReadLine? {
        let key = Reading(place: Place(top: line.top, bottom: line.bottom), band: band, byLatin: byLatin)
        if let made = readings[key] { return made }
        let (large, other) = bands(of: line)[band]
        bandsRead += 1
        let made = byLatin ? Self.oneLine(latin.withEngine { $0.recognize(other, pageSegmentationMode: Self.singleLine) })
            : Self.oneLine(engine.recognize(large, pageSegmentationMode: Self.singleLine))
        readings[key] = made
        return made
    }

    /// The line cut out of the page with its margin, as the pairs its two new readings are made
    /// from: the English reading's image first, the Latin one's second. Tall print is read at
    /// the page's usual height first, then as any other line.
    private func bands(of line: ReadLine) -> [(Pix, Pix)] {
        let place = Place(top: line.top, bottom: line.bottom)
        if let made = bandsAt[place] { return made }
        let height = line.bottom - line.top, pad = Int(Double(height) * Self.margin)
        let top = max(0, line.top - pad), bottom = min(pix.height, line.bottom + pad)
        var made: [(Pix, Pix)] = []
        if bottom > top, let band = pix.cropped(left: 0, top: top, width: pix.width, height: bottom - top) {
            let tall = usual > 0 && Double(height) >= Self.tallRatio * usual
            let squat = tall ? band.squashed(by: Float(usual / Double(height))) : nil
            made = [squat.map { ($0, $0) }, band.scaled(by: Self.scale).map { ($0, band) }].compactMap { $0 }
        }
        bandsAt[place] = made
        return made
    }

    /// A line this many times the page's usual line height is printed tall (a printer's
    /// double-height mode); read at its own proportions its narrow letters are misread.
    static let tallRatio = 1.5

    /// The median height of the reading's lines holding text.
    static func medianHeight(of lines: [ReadLine]) -> Double {
        let heights = lines.filter { !TextLine.normalised($0.text[...]).isEmpty }.map { $0.bottom - $0.top }.sorted()
        return heights.isEmpty ? 0 : Double(heights[heights.count / 2])
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
                                left: old.left, right: old.right, words: new.words)
        noteConfidence(new.confidence, of: new.text, words: new.words)
        return true
    }
}
