import Foundation

/// Ground truth for one receipt of a dataset laid out as `gt/<id>.json` (SROIE: company, date,
/// address, total; softmatic: merchant slug, ISO date, total; photos: merchant, ISO date or null,
/// total, and `alt_totals`, other totals a person could accept, as before and after a tip).
public struct GroundTruth: Sendable {
    public var id: String
    public var fields: [String: String]
    /// Other accepted values of a field (`alt_totals` gives those of `total`).
    public var alternatives: [String: [String]]

    public init(id: String, fields: [String: String], alternatives: [String: [String]] = [:]) {
        self.id = id
        self.fields = fields
        self.alternatives = alternatives
    }

    /// Loads every `gt/*.json`, sorted by id. Non-string values (counts, a null date) are skipped.
    public static func load(dataset: String) throws -> [GroundTruth] {
        let folder = dataset + "/gt"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            var fields: [String: String] = [:]
            var alternatives: [String: [String]] = [:]
            for (k, v) in object {
                if let s = v as? String { fields[k] = s }
                if k.hasPrefix("alt_"), let list = v as? [String] { alternatives[String(k.dropFirst(4).dropLast())] = list }
            }
            return GroundTruth(id: String(name.dropLast(5)), fields: fields, alternatives: alternatives)
        }
    }
}

/// Scores parsed receipts against ground truth, normalised as the dataset's README says:
/// text upper-cased with all but letters and digits removed; dates as ISO (day first unless
/// the year leads); totals as decimals. A missing receipt or empty field is wrong.
public struct Evaluator {
    public static let fields = ["merchant", "address", "date", "total"]

    public struct Score: Sendable {
        public var correct: [String: Int] = [:]
        public var counted: [String: Int] = [:]
        public var allCorrect = 0
        public var receipts = 0
        /// Rows the tool calls `ok`, and of those the ones whose total and date (where the truth
        /// has one) are right: what a user who trusts `ok` gets.
        public var okRows = 0
        public var okRight = 0
        /// Per receipt, the fields it got wrong, with expected and found values.
        public var misses: [(id: String, field: String, expected: String, found: String)] = []
    }

    /// Date rules to normalise dates with, compiled once (Swift Regex is not Sendable, so per instance).
    private let dates = DateRules()

    public init() {}

    public func score(_ truth: [GroundTruth], predictions: [String: ScanResult]) -> Score {
        var s = Score()
        for gt in truth {
            s.receipts += 1
            let result = predictions[gt.id]
            let r = result?.receipt
            var all = true, keyRight = true
            for field in Self.fields {
                guard let expected = expectedValue(field, gt) else { continue }
                s.counted[field, default: 0] += 1
                let found = r.flatMap { foundValue(field, $0) } ?? ""
                let ok = ([expected] + (gt.alternatives[field] ?? [])).contains { matches(field, expected: $0, found: found) }
                if ok { s.correct[field, default: 0] += 1 } else {
                    all = false
                    if field == "total" || field == "date" { keyRight = false }
                    s.misses.append((gt.id, field, expected, found))
                }
            }
            if all { s.allCorrect += 1 }
            if result?.status == .ok {
                s.okRows += 1
                if keyRight { s.okRight += 1 }
            }
        }
        return s
    }

    private func expectedValue(_ field: String, _ gt: GroundTruth) -> String? {
        switch field {
        case "merchant": return gt.fields["company"] ?? gt.fields["merchant"]
        default: return gt.fields[field]
        }
    }

    private func foundValue(_ field: String, _ r: Receipt) -> String? {
        switch field {
        case "merchant": return r.merchant
        case "address": return r.address
        case "date": return r.date?.iso
        case "total": return r.total?.plainString
        default: return nil
        }
    }

    func matches(_ field: String, expected: String, found: String) -> Bool {
        guard !found.isEmpty else { return false }
        switch field {
        case "date": return normalisedDate(found).map { $0 == normalisedDate(expected) } ?? false
        case "total": return Self.normalisedAmount(found).map { $0 == Self.normalisedAmount(expected) } ?? false
        case "merchant" where expected == expected.lowercased() && !expected.contains(" "):
            // A lower-case slug (softmatic: `aldi`, `lidl`) names the chain: it must occur in the name.
            return lettersAndDigits(found).contains(lettersAndDigits(expected))
        default: return lettersAndDigits(expected) == lettersAndDigits(found)
        }
    }

    /// ISO `yyyy-mm-dd`; a numeric date reads day first unless the year leads (the dataset's rule).
    func normalisedDate(_ s: String) -> String? {
        if let iso = ReceiptDate(iso: s) { return iso.iso }
        return dates.date(in: TextLine.split(s, options: ParserOptions()), order: .dmy)?.date.iso
    }

    public static func normalisedAmount(_ s: String) -> Decimal? {
        var t = s.filter { $0.isNumber || $0 == "." || $0 == "," || $0 == "-" }
        if t.contains(".") { t.removeAll { $0 == "," } } else { t = t.replacingOccurrences(of: ",", with: ".") }
        return Decimal(string: t, locale: Locale(identifier: "en_US_POSIX"))
    }
}
