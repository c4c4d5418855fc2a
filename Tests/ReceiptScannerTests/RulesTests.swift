import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct RulesTests {
    static let example = FixturePaths.root.appendingPathComponent("Examples/rules.yaml")

    @Test func shippedExampleLoads() throws {
        let yaml = try String(contentsOf: Self.example, encoding: .utf8)
        let rules = try RulesFile.parse(yaml: yaml, file: "rules.yaml")
        #expect(rules.merchants.map(\.name) == ["Corner Shop", "Kiosk am Markt"])
    }

    @Test func ruleOverridesNameDateOrderCurrencyAndFields() throws {
        let rules = try RulesFile.parse(yaml: String(contentsOf: Self.example, encoding: .utf8), file: "rules.yaml")
        let parser = ReceiptParser(options: ParserOptions(rules: rules))
        let corner = parser.parse(try String(contentsOf: FixturePaths.text.appendingPathComponent("ambiguous-date.txt"), encoding: .utf8))
        #expect(corner.merchant == "Corner Shop")
        #expect(corner.date?.iso == "2024-04-05", "the rule's month-first order")
        #expect(!corner.issues.contains { $0.contains("ambiguous") })
        let kiosk = parser.parse(try String(contentsOf: FixturePaths.text.appendingPathComponent("stray-space-amounts.txt"), encoding: .utf8))
        #expect(kiosk.merchant == "Kiosk am Markt")
        #expect(kiosk.total?.plainString == "5.70")
        #expect(kiosk.items.map(\.description) == ["KAFFEE"], "the ignored line is gone")
        // No rule matches: generic parsing as before.
        let other = parser.parse(try String(contentsOf: FixturePaths.text.appendingPathComponent("us-grocery.txt"), encoding: .utf8))
        #expect(other.merchant == "WHOLE FOODS MARKET")
    }

    @Test(arguments: [
        ("merchants:\n  - name: A\n    match: [x\n", "rules.yaml:", "not valid YAML"),
        ("merchants:\n  - name: A\n    match: X\n    colour: red\n", "rules.yaml:4:", "unknown key 'colour'"),
        ("merchants:\n  - name: A\n    match: X\n    date_order: dym\n", "rules.yaml:4:", "dmy, mdy or ymd"),
        ("merchants:\n  - name: A\n    match: X\n    fields:\n      total: '(['\n", "rules.yaml:5:", "invalid regular expression"),
        ("merchants:\n  - name: A\n    match: X\n    fields:\n      colour: 'x'\n", "rules.yaml:5:", "unknown field 'colour'"),
        ("merchants:\n  - name: A\n", "rules.yaml:2:", "needs 'match'"),
        ("merchants: 3\n", "rules.yaml:1:", "must be a list"),
        ("- a\n- b\n", "rules.yaml:1:", "expected a mapping"),
        ("merchants:\n  - name: A\n    match: X\n    currency: EURO\n", "rules.yaml:4:", "ISO 4217"),
    ])
    func errorsNameFileLineAndProblem(_ yaml: String, _ location: String, _ problem: String) {
        #expect {
            try RulesFile.parse(yaml: yaml, file: "rules.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(location) && text.contains(problem)
        }
    }

    @Test(arguments: 0..<30)
    func arbitraryTextNeverCrashes(_ seed: Int) {
        var rng = ParserRobustnessTests.SplitMix(seed: UInt64(seed) &+ 99)
        let alphabet = Array("merchants:name match fields - [ ] { } ' \" \\ : \n \t #&*!|>%@`abc123")
        let text = String((0..<(Int(rng.next() % 400))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        _ = try? RulesFile.parse(yaml: text, file: "fuzz.yaml")
    }
}
