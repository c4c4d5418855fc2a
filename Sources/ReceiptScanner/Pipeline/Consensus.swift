/// The merchant's name and address agreed across a batch. A folder of receipts holds several from
/// the same shop, each printing the same header, and OCR seldom misreads every copy the same way:
/// a reading a few characters from a reading more rows share is taken for a misreading of it
/// (`GARDEMA BAKERIES (KL) SDN BHD` among ten `GARDENIA BAKERIES (KL) SDN BHD`). Only readings at
/// least two rows share are followed, only by rows that read something less common, and not
/// across tax ids that tell two shops apart. The batch also decides the order of dates that
/// neither reading of the receipt rules out (`settleDates`).
public enum Consensus {
    /// How far apart (differing characters over the longer text, letters and digits only) two
    /// readings may be and still be one text. Names of different shops lie further apart; the
    /// addresses of one chain's outlets lie closer than names (one unit and district differ in a
    /// long line), hence the tighter bound there. The defaults were chosen on the dev set with
    /// `Scripts/consensus-spreads` (README).
    public struct Spreads: Sendable, Hashable {
        public var name: Double
        public var address: Double
        public init(name: Double = 0.2, address: Double = 0.1) {
            self.name = name
            self.address = address
        }
    }
    /// A name that lost its end follows a longer one only when it holds most of it (a shop
    /// called like the start of another shop's name is shorter than that). Not addresses: the
    /// outlets of a chain differ in their last words.
    static let nameCutShare = 0.6

    /// Puts each row's merchant and address to the batch's reading of them; failed rows stay. A
    /// row that takes another's name takes its ledger account too when it has none (a rules
    /// file's merchant its misread text did not match).
    public static func apply(to results: inout [ScanResult], spreads: Spreads = Spreads()) {
        let rows = results.indices.filter { results[$0].receipt != nil }
        let ids = rows.map { results[$0].receipt!.taxID }
        let names = donors(rows.map { results[$0].receipt!.merchant }, taxIDs: ids, spread: spreads.name,
                           cutShare: nameCutShare)
        let addresses = donors(rows.map { results[$0].receipt!.address }, taxIDs: ids, spread: spreads.address)
        // The donors' fields as read, before any row takes another's.
        let read = rows.map { (results[$0].receipt!.merchant, results[$0].receipt!.account, results[$0].receipt!.address) }
        // A row a person reviewed gives its fields but takes none.
        for (k, i) in rows.enumerated() where results[i].review == nil {
            if let donor = names[k] {
                results[i].receipt!.merchant = read[donor].0
                if results[i].receipt!.account == nil { results[i].receipt!.account = read[donor].1 }
            }
            if let donor = addresses[k] { results[i].receipt!.address = read[donor].2 }
        }
        repairAddressWords(&results)
        settleDates(&results)
        doubtLoneYears(&results)
    }

    /// A word of an address that OCR misread by one letter is, in a batch, most often a word
    /// other rows' addresses print right (`Felabur` beside 22 rows of `PELABUR`, `KAFAR` beside
    /// `KAPAR`): a word (five letters or more) that only one row's address holds takes the one
    /// letter it differs by from the single word that `addressWordRows` rows or more hold, when
    /// the two letters are ones print is misread as each other (`lookAlikes`: `SINAR` is no
    /// misreading of `DINAR`). Street and town names recur in a batch; a misreading seldom recurs.
    static let addressWordRows = 3
    /// Upper-case letters OCR misreads as each other, in pairs. Broader than `AddressRepair`'s
    /// table, which guesses from a word list alone: there, these pairs (F/P, G/S, T/I, N/R) made
    /// right `sroie-check/` transcriptions wrong (address 83.5 -> 82.7%); here the batch's rows
    /// vouch for the word.
    static let lookAlikes: Set<String> = ["FP", "EF", "CE", "CG", "GS", "IL", "IT", "LT", "NR", "MN", "HN", "HM",
                                          "DO", "OQ", "OU", "CO", "AE", "UV"]
    static func looksAlike(_ a: Character, _ b: Character) -> Bool {
        lookAlikes.contains(String([a, b].sorted()))
    }

    static func repairAddressWords(_ results: inout [ScanResult]) {
        func words(_ text: String) -> [(range: Range<String.Index>, word: String)] {
            var out: [(Range<String.Index>, String)] = []
            var i = text.startIndex
            while i < text.endIndex {
                guard text[i].isLetter else { i = text.index(after: i); continue }
                let end = text[i...].firstIndex { !$0.isLetter } ?? text.endIndex
                let word = text[i..<end].uppercased()
                // Compared letter by letter: only words upper-casing keeps in length (not `ß`).
                if word.count >= 5, word.count == text.distance(from: i, to: end) { out.append((i..<end, word)) }
                i = end
            }
            return out
        }
        var rowsHolding: [String: Int] = [:]
        // Every row's words count (a reviewed one's too); only rows no person reviewed take.
        for r in results {
            for w in Set((r.receipt?.address).map(words)?.map(\.word) ?? []) { rowsHolding[w, default: 0] += 1 }
        }
        let common = rowsHolding.filter { $0.value >= addressWordRows }.map(\.key)
        guard !common.isEmpty else { return }
        let commonByLength = Dictionary(grouping: common, by: \.count)
        for i in results.indices where results[i].review == nil {
            guard var address = results[i].receipt?.address else { continue }
            // From the end, so the ranges of earlier words stay valid.
            for (range, word) in words(address).reversed() where rowsHolding[word] == 1 {
                let near = (commonByLength[word.count] ?? []).filter { zip($0, word).count { $0 != $1 } == 1 }
                guard near.count == 1, case let right = Array(near[0]), case let read = Array(word),
                      let k = read.indices.first(where: { read[$0] != right[$0] }),
                      looksAlike(read[k], right[k]) else { continue }
                let at = address.index(range.lowerBound, offsetBy: k)
                let letter = right[k]
                address.replaceSubrange(at...at, with: address[at].isLowercase ? String(letter).lowercased() : String(letter))
            }
            results[i].receipt!.address = address
        }
    }

    /// A batch's undecided dates (`03/04/2018` on a receipt that says nothing of its country) read
    /// in the order the batch's other dates show by themselves (`25/12/2018`): those of the same
    /// merchant when they agree, else the batch's when `batchShare` of them agree (a folder from
    /// one country; a mixed one decides nothing). A row whose only review reason was the date
    /// becomes `ok`.
    static let batchShare = 0.8

    static func settleDates(_ results: inout [ScanResult]) {
        var byMerchant: [String: Set<DateOrder>] = [:]
        var votes: [DateOrder: Int] = [:]
        for r in results {
            guard let receipt = r.receipt, receipt.dateOrderBasis == .printed, let order = receipt.dateOrder else { continue }
            votes[order, default: 0] += 1
            if let m = receipt.merchant { byMerchant[lettersAndDigits(m), default: []].insert(order) }
        }
        let all = votes.values.reduce(0, +)
        let batch = votes.first { $0.value >= 2 && Double($0.value) >= batchShare * Double(all) }?.key
        for i in results.indices {
            guard let receipt = results[i].receipt, receipt.dateAmbiguous, results[i].review == nil else { continue }
            let shop = receipt.merchant.flatMap { byMerchant[lettersAndDigits($0)] }
            guard let order = shop?.count == 1 ? shop!.first! : batch else { continue }
            results[i].receipt!.settleDate(order)
            if results[i].status == .needsReview, results[i].receipt!.issues.isEmpty, results[i].duplicateOf == nil {
                results[i].status = .ok
            }
        }
    }

    /// A year that only a few rows of a batch show (`loneYearShare` of its dates or fewer), when
    /// `yearsShare` of the batch's dates lie in two years running, is more likely a misread
    /// digit (`2014` for `2016`, `2015` for `2018`) than a receipt years apart from the rest: the
    /// row goes to review. A batch spread over years (a shoebox of photos) or a small one (where
    /// one row is already more than the share) decides nothing. Measured on the dev sets'
    /// readings: in `sroie/`, the four dates of such years were all misread, two of them in `ok`
    /// rows; `photos-us` spans twelve years and `softmatic-de` holds 24 rows, so neither flags one.
    static let yearsShare = 0.8, loneYearShare = 0.02

    static func doubtLoneYears(_ results: inout [ScanResult]) {
        var count: [Int: Int] = [:]
        for r in results { if let year = r.receipt?.date?.year { count[year, default: 0] += 1 } }
        let dated = count.values.reduce(0, +)
        func pair(_ year: Int) -> Int { count[year, default: 0] + count[year + 1, default: 0] }
        guard let first = count.keys.sorted().max(by: { pair($0) < pair($1) }),
              Double(pair(first)) >= yearsShare * Double(dated) else { return }
        for i in results.indices where results[i].review == nil {
            guard let year = results[i].receipt?.date?.year, year != first, year != first + 1,
                  Double(count[year, default: 0]) <= loneYearShare * Double(dated) else { continue }
            results[i].receipt!.issues.append("year \(year) is rare in this batch (most dates are of \(first)-\(first + 1)); a digit may be misread")
            if results[i].status == .ok { results[i].status = .needsReview }
        }
    }

    /// For each reading, the row whose reading it takes (the first row of the more common reading
    /// it is a misreading of), or nil to keep its own. Readings are compared by their letters and
    /// digits, upper-cased (OCR varies case and punctuation most, and they name no other shop);
    /// a reading taken over is printed as the first row that read it. `taxIDs` (one
    /// per reading, or none) keep apart shops with like names: a row follows a reading only when
    /// one of that reading's rows shows a tax id like its own, or either has none. With
    /// `cutShare`, a reading may also be the start of a longer one (`Key.isCutShort`).
    static func donors(_ readings: [String?], taxIDs: [String?] = [], spread: Double,
                       cutShare: Double? = nil) -> [Int?] {
        let keys = readings.map { $0.map(Key.init) }
        let ids = readings.indices.map { i in (i < taxIDs.count ? taxIDs[i] : nil).map(lettersAndDigits) ?? "" }
        var count: [[Unicode.Scalar]: Int] = [:]
        var first: [[Unicode.Scalar]: Int] = [:]
        var idsOf: [[Unicode.Scalar]: Set<String>] = [:]
        for (i, key) in keys.enumerated() {
            guard let key, !key.scalars.isEmpty else { continue }
            count[key.scalars, default: 0] += 1
            if first[key.scalars] == nil { first[key.scalars] = i }
            if !ids[i].isEmpty { idsOf[key.scalars, default: []].insert(ids[i]) }
        }
        // Readings two rows share, most common first, then first seen (never dictionary order).
        var seen = Set<[Unicode.Scalar]>()
        let common = keys.enumerated().compactMap { i, key -> (key: Key, at: Int)? in
            guard let key, count[key.scalars, default: 0] >= 2, seen.insert(key.scalars).inserted else { return nil }
            return (key, i)
        }.sorted { (count[$0.key.scalars]!, -$0.at) > (count[$1.key.scalars]!, -$1.at) }.map(\.key)
        var decided: [[Unicode.Scalar]: [String: [Unicode.Scalar]]] = [:]
        return keys.enumerated().map { i, key in
            guard let key, !key.scalars.isEmpty else { return nil }
            let id = ids[i]
            if let target = decided[key.scalars]?[id] { return target == key.scalars ? nil : first[target] }
            let own = count[key.scalars]!
            var best = key.scalars
            for other in common where count[other.scalars]! > own {
                let limit = max(1, Int(spread * Double(max(key.scalars.count, other.scalars.count))))
                let cutLimit = max(1, Int(spread * Double(key.scalars.count)))
                guard key.isWithin(limit, of: other)
                        || cutShare.map({ key.isCutShort(cutLimit, of: other, share: $0) }) == true,
                      sameShop(id, idsOf[other.scalars] ?? []) else { continue }
                best = other.scalars  // the most common that fits
                break
            }
            decided[key.scalars, default: [:]][id] = best
            return best == key.scalars ? nil : first[best]
        }
    }

    /// Tax ids of one shop as OCR reads them: equal but for two characters, or one part of the
    /// other (a number read in part); no id on either side says nothing against it.
    static func sameShop(_ id: String, _ others: Set<String>) -> Bool {
        guard !id.isEmpty, !others.isEmpty else { return true }
        let key = Key(id)
        return others.contains { id.contains($0) || $0.contains(id) || key.isWithin(2, of: Key($0)) }
    }

    /// A reading as compared: its letters and digits, upper-cased, with a letter histogram that
    /// bounds the edit distance cheaply (a batch of thousands compares many pairs).
    struct Key {
        let scalars: [Unicode.Scalar]
        let histogram: [Int]

        init(_ text: String) {
            scalars = Array(lettersAndDigits(text).unicodeScalars)
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
            guard abs(scalars.count - other.scalars.count) <= limit,
                  zip(histogram, other.histogram).reduce(0, { $0 + abs($1.0 - $1.1) }) <= 2 * limit,
                  let row = lastRow(against: other.scalars, limit: limit) else { return false }
            return row[other.scalars.count] <= limit
        }

        /// Within `limit` of the start of `other`, and at least `share` of its length: a reading
        /// that lost its end (`GARDEMA BAKERIES` for `GARDENIA BAKERIES (KL) SDN BHD`). Every
        /// letter it has more of than `other` costs an edit.
        func isCutShort(_ limit: Int, of other: Key, share: Double) -> Bool {
            let (a, b) = (scalars, other.scalars)
            guard a.count < b.count, Double(a.count) >= share * Double(b.count),
                  zip(histogram, other.histogram).reduce(0, { $0 + max(0, $1.0 - $1.1) }) <= limit,
                  let row = lastRow(against: b, limit: limit) else { return false }
            return row[max(0, a.count - limit)...min(b.count, a.count + limit)].min()! <= limit
        }

        /// The last row of the edit-distance table of this reading against `b`, filled within
        /// `limit` of the diagonal (cells further off hold `limit + 1`); nil once a row exceeds it.
        private func lastRow(against b: [Unicode.Scalar], limit: Int) -> [Int]? {
            let a = scalars
            let big = limit + 1
            var previous = (0...b.count).map { $0 <= limit ? $0 : big }
            guard !a.isEmpty else { return previous }
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
                if rowMin > limit { return nil }
                swap(&previous, &current)
            }
            return previous
        }
    }
}

/// Holds a batch's rows until it ends, agrees the merchants' names and addresses across them
/// (`Consensus`), then writes them all to the sink it wraps.
public final class ConsensusSink: FinishingSink {
    private let inner: FinishingSink
    private let spreads: Consensus.Spreads
    private var results: [ScanResult] = []

    public init(_ inner: FinishingSink, spreads: Consensus.Spreads = .init()) {
        self.inner = inner
        self.spreads = spreads
    }

    public func write(_ result: ScanResult) throws { results.append(result) }

    public func finish() throws {
        Consensus.apply(to: &results, spreads: spreads)
        for result in results { try inner.write(result) }
        results = []
        try inner.finish()
    }
}
