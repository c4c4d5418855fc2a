/// The merchant's name and address agreed across a batch. A folder of receipts holds several from
/// the same shop, each printing the same header, and OCR seldom misreads every copy the same way:
/// a reading a few characters from a reading more rows share is taken for a misreading of it
/// (`GARDEMA BAKERIES (KL) SDN BHD` among ten `GARDENIA BAKERIES (KL) SDN BHD`). Only readings at
/// least two rows share are followed, and only by rows that read something less common.
public enum Consensus {
    /// How far apart (differing characters over the longer text, letters and digits only) two
    /// readings may be and still be one text. Names of different shops lie further apart; the
    /// addresses of one chain's outlets lie closer than names (one unit and district differ in a
    /// long line), hence the tighter bound there.
    static let nameSpread = 0.2
    static let addressSpread = 0.1

    /// Puts each row's merchant and address to the batch's reading of them; failed rows stay.
    public static func apply(to results: inout [ScanResult]) {
        let rows = results.indices.filter { results[$0].receipt != nil }
        let names = agreed(rows.map { results[$0].receipt!.merchant }, spread: nameSpread)
        let addresses = agreed(rows.map { results[$0].receipt!.address }, spread: addressSpread)
        for (k, i) in rows.enumerated() {
            results[i].receipt!.merchant = names[k]
            results[i].receipt!.address = addresses[k]
        }
    }

    /// Each reading, or the more common one it is a misreading of. Readings are compared by their
    /// letters and digits, upper-cased (OCR varies case and punctuation most, and they name no
    /// other shop); a reading taken over is printed as the first row that read it.
    static func agreed(_ readings: [String?], spread: Double) -> [String?] {
        let keys = readings.map { $0.map(Key.init) }
        var count: [[Unicode.Scalar]: Int] = [:]
        var first: [[Unicode.Scalar]: String] = [:]
        for (key, text) in zip(keys, readings) {
            guard let key, let text, !key.scalars.isEmpty else { continue }
            count[key.scalars, default: 0] += 1
            if first[key.scalars] == nil { first[key.scalars] = text }
        }
        // Readings two rows share, most common first, then first seen (never dictionary order).
        var seen = Set<[Unicode.Scalar]>()
        let common = keys.enumerated().compactMap { i, key -> (key: Key, at: Int)? in
            guard let key, count[key.scalars, default: 0] >= 2, seen.insert(key.scalars).inserted else { return nil }
            return (key, i)
        }.sorted { (count[$0.key.scalars]!, -$0.at) > (count[$1.key.scalars]!, -$1.at) }.map(\.key)
        var decided: [[Unicode.Scalar]: [Unicode.Scalar]] = [:]
        return zip(keys, readings).map { key, text in
            guard let key, !key.scalars.isEmpty else { return text }
            if let target = decided[key.scalars] { return target == key.scalars ? text : first[target] }
            let own = count[key.scalars]!
            var best = key.scalars
            for other in common where count[other.scalars]! > own {
                let limit = max(1, Int(spread * Double(max(key.scalars.count, other.scalars.count))))
                if key.isWithin(limit, of: other) { best = other.scalars; break }  // the most common that fits
            }
            decided[key.scalars] = best
            return best == key.scalars ? text : first[best]
        }
    }

    /// A reading as compared: its letters and digits, upper-cased, with a letter histogram that
    /// bounds the edit distance cheaply (a batch of thousands compares many pairs).
    struct Key {
        let scalars: [Unicode.Scalar]
        let histogram: [Int]

        init(_ text: String) {
            scalars = Array(Evaluator.normalisedText(text).unicodeScalars)
            var h = [Int](repeating: 0, count: 37)
            for s in scalars {
                switch s.value {
                case 65...90: h[Int(s.value) - 65] += 1
                case 48...57: h[Int(s.value) - 48 + 26] += 1
                default: h[36] += 1
                }
            }
            histogram = h
        }

        /// Levenshtein distance at most `limit`: each edit changes the histogram by at most 2,
        /// so most pairs are ruled out before the banded table is filled.
        func isWithin(_ limit: Int, of other: Key) -> Bool {
            let (a, b) = (scalars, other.scalars)
            guard abs(a.count - b.count) <= limit else { return false }
            guard zip(histogram, other.histogram).reduce(0, { $0 + abs($1.0 - $1.1) }) <= 2 * limit else { return false }
            let big = limit + 1
            if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit }
            var previous = (0...b.count).map { $0 <= limit ? $0 : big }
            var current = [Int](repeating: big, count: b.count + 1)
            for i in 1...a.count {
                let lo = max(1, i - limit), hi = min(b.count, i + limit)
                current[0] = i <= limit ? i : big
                if lo > 1 { current[lo - 1] = big }
                var rowMin = current[0]
                if lo <= hi {
                    for j in lo...hi {
                        let substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                        current[j] = min(substitute, previous[j] + 1, current[j - 1] + 1, big)
                        rowMin = min(rowMin, current[j])
                    }
                }
                if hi < b.count { current[hi + 1] = big }
                if rowMin > limit { return false }
                swap(&previous, &current)
            }
            return previous[b.count] <= limit
        }
    }
}

/// Holds a batch's rows until it ends, agrees the merchants' names and addresses across them
/// (`Consensus`), then writes them all to the sink it wraps.
public final class ConsensusSink: FinishingSink {
    private let inner: FinishingSink
    private var results: [ScanResult] = []

    public init(_ inner: FinishingSink) { self.inner = inner }

    public func write(_ result: ScanResult) throws { results.append(result) }

    public func finish() throws {
        Consensus.apply(to: &results)
        for result in results { try inner.write(result) }
        results = []
        try inner.finish()
    }
}
