import Foundation
import Testing
@testable import ReceiptScanner

/// Each `Fixtures/text/<name>.txt` is parsed and compared with `<name>.json`: every key there
/// must match the row's field of the same name (null: the field must be empty). A `_compare`
/// of `normalised` compares text as the eval does (dataset truth is not printed-exact).
@Suite struct ParserFixtureTests {
    @Test(arguments: FixturePaths.textCases())
    func fixture(_ name: String) throws {
        let text = try String(contentsOf: FixturePaths.text.appendingPathComponent(name + ".txt"), encoding: .utf8)
        let data = try Data(contentsOf: FixturePaths.text.appendingPathComponent(name + ".json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let normalised = expected["_compare"] as? String == "normalised"
        let options = ParserOptions(dateOrder: (expected["_date_order"] as? String).flatMap(DateOrder.init(rawValue:)))

        let receipt = ReceiptParser(options: options).parse(text)
        let row = ScanResult(index: 0, file: name, status: .ok, receipt: receipt)
        let found = Dictionary(uniqueKeysWithValues: zip(ResultRow.columns, ResultRow.cells(row)))

        for (key, value) in expected where !key.hasPrefix("_") {
            let cell = try #require(found[key], "unknown column \(key) in \(name).json")
            let actual: String? = switch cell {
            case .null: nil
            case .text(let s), .number(let s): s
            }
            let want = value as? String
            if normalised, let a = actual, let w = want {
                #expect(Evaluator().matches(key, expected: w, found: a), "\(name): \(key)")
            } else {
                #expect(actual == want, "\(name): \(key)")
            }
        }
    }

    @Test func thereAreEnoughFixtures() {
        #expect(FixturePaths.textCases().count >= 30)
    }
}
