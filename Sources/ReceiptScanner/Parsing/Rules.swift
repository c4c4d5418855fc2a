import Foundation
import Yams

/// Per-merchant rules a user adds for what the generic rules miss (in the spirit of
/// invoice2data templates): keywords that identify the merchant, the name to report, field
/// patterns that override the generic ones, date order, currency, lines to ignore.
/// Plain values (patterns as text): Sendable, compiled per parser.
public struct RulesFile: Sendable, Hashable {
    public struct Merchant: Sendable, Hashable {
        public var name: String
        /// Any of these (case-insensitive) in the first lines identifies the merchant.
        public var match: [String]
        public var dateOrder: DateOrder?
        public var currency: String?
        /// Regexes; a line matching one is dropped before parsing.
        public var ignoreLines: [String]
        /// Field name -> regex whose first capture group is the value.
        public var fields: [String: String]
        /// Ledger account its receipts are booked to in accounting exports.
        public var account: String?
        public var line: Int
    }

    public var merchants: [Merchant]

    /// Fields a rule may set, by the CSV's column names.
    public static let fieldNames: Set<String> = [
        "merchant", "address", "phone", "date", "time", "total", "subtotal", "tax", "tip", "discount",
        "receipt_number", "tax_id", "card_last4", "payment_method",
    ]

    /// Reads rules from YAML text. Errors name the file, the line and the problem.
    public static func parse(yaml: String, file: String) throws(RulesError) -> RulesFile {
        func fail(_ node: Node?, _ problem: String) -> RulesError {
            RulesError(file: file, line: node?.mark?.line, problem: problem)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw RulesError(file: file, line: Self.line(of: error), problem: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw RulesError(file: file, line: nil, problem: "not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else { throw fail(root, "expected a mapping with a 'merchants' list") }
        for (key, _) in top where key.string != "merchants" {
            throw fail(key, "unknown key '\(key.string ?? "?")'; the file has one key, 'merchants'")
        }
        guard let list = top["merchants"] else { throw fail(root, "missing 'merchants'") }
        guard let entries = list.sequence else { throw fail(list, "'merchants' must be a list") }

        var merchants: [Merchant] = []
        for entry in entries {
            guard let map = entry.mapping else { throw fail(entry, "each merchant must be a mapping (name, match, ...)") }
            var m = Merchant(name: "", match: [], dateOrder: nil, currency: nil, ignoreLines: [], fields: [:],
                             account: nil, line: entry.mark?.line ?? 0)
            func strings(_ node: Node, _ key: String) throws(RulesError) -> [String] {
                if let s = node.scalar?.string { return [s] }
                guard let seq = node.sequence else { throw fail(node, "'\(key)' must be a text or a list of texts") }
                var out: [String] = []
                for item in seq {
                    guard let s = item.scalar?.string else { throw fail(item, "'\(key)' entries must be texts") }
                    out.append(s)
                }
                return out
            }
            func checkRegex(_ pattern: String, _ node: Node, _ what: String) throws(RulesError) {
                do { _ = try Regex(pattern) } catch { throw fail(node, "\(what): invalid regular expression '\(pattern)'") }
            }
            for (keyNode, value) in map {
                let key = keyNode.string ?? ""
                switch key {
                case "name":
                    guard let s = value.scalar?.string, !s.isEmpty else { throw fail(value, "'name' must be a non-empty text") }
                    m.name = s
                case "match":
                    m.match = try strings(value, key).filter { !$0.isEmpty }
                case "date_order":
                    guard let s = value.scalar?.string, let order = DateOrder(rawValue: s) else {
                        throw fail(value, "'date_order' must be dmy, mdy or ymd")
                    }
                    m.dateOrder = order
                case "currency":
                    guard let s = value.scalar?.string, s.count == 3, s.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                        throw fail(value, "'currency' must be a three-letter ISO 4217 code")
                    }
                    m.currency = s.uppercased()
                case "account":
                    guard let s = value.scalar?.string, !s.isEmpty, !s.contains(where: { $0.isNewline }) else {
                        throw fail(value, "'account' must be a ledger account name such as Expenses:Groceries")
                    }
                    m.account = s
                case "ignore_lines":
                    m.ignoreLines = try strings(value, key)
                    for p in m.ignoreLines { try checkRegex(p, value, "ignore_lines") }
                case "fields":
                    guard let fieldMap = value.mapping else { throw fail(value, "'fields' must map field names to patterns") }
                    for (fieldNode, patternNode) in fieldMap {
                        let field = fieldNode.string ?? ""
                        guard fieldNames.contains(field) else {
                            throw fail(fieldNode, "unknown field '\(field)'; use one of \(fieldNames.sorted().joined(separator: ", "))")
                        }
                        guard let pattern = patternNode.scalar?.string else { throw fail(patternNode, "the pattern for '\(field)' must be a text") }
                        try checkRegex(pattern, patternNode, "fields.\(field)")
                        m.fields[field] = pattern
                    }
                default:
                    throw fail(keyNode, "unknown key '\(key)'; a merchant has name, match, date_order, currency, account, ignore_lines, fields")
                }
            }
            if m.name.isEmpty { throw fail(entry, "a merchant needs a 'name'") }
            if m.match.isEmpty { throw fail(entry, "merchant '\(m.name)' needs 'match' keywords that identify it") }
            merchants.append(m)
        }
        return RulesFile(merchants: merchants)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// A rules file problem, as `file:line: problem`.
public struct RulesError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var problem: String
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)" }
}

/// A merchant rule compiled for one parser (Swift `Regex` is not Sendable).
struct CompiledRule {
    let rule: RulesFile.Merchant
    let match: [String]  // upper-cased
    let ignore: [Regex<AnyRegexOutput>]
    let fields: [(String, Regex<AnyRegexOutput>)]

    init(_ rule: RulesFile.Merchant) {
        self.rule = rule
        match = rule.match.map { $0.uppercased() }
        // Patterns were checked when the file was read.
        ignore = rule.ignoreLines.compactMap { try? Regex($0) }
        fields = rule.fields.sorted { $0.key < $1.key }.compactMap { key, p in (try? Regex(p)).map { (key, $0) } }
    }

    /// Identifies the merchant from the first lines of the text.
    func matches(_ head: [TextLine]) -> Bool {
        head.contains { line in
            let upper = line.text.uppercased()
            return match.contains { upper.contains($0) }
        }
    }

    /// The first capture of the field's pattern on any line (or the whole match without a group).
    func value(_ field: String, in lines: [TextLine]) -> String? {
        guard let regex = fields.first(where: { $0.0 == field })?.1 else { return nil }
        for line in lines {
            guard let m = try? regex.firstMatch(in: line.text) else { continue }
            let capture = m.output.count > 1 ? m.output[1].substring : m.output[0].substring
            if let c = capture { return String(c).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
