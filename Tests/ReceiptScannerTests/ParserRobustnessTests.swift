import Foundation
import Testing
@testable import ReceiptScanner

/// Arbitrary input never crashes the parser, and bounded input keeps its work bounded.
@Suite struct ParserRobustnessTests {
    @Test(arguments: 0..<20)
    func randomBytes(_ seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        let bytes = (0..<(Int(rng.next() % 20_000))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let r = ReceiptParser().parse(String(decoding: bytes, as: UTF8.self))
        #expect((0...1).contains(r.confidence))
        // A receipt without issues has every key field.
        #expect(!r.issues.isEmpty || (r.merchant != nil && r.date != nil && r.total != nil))
    }

    @Test func pathologicalInputs() {
        let parser = ReceiptParser()
        let inputs = [
            String(repeating: "1", count: 1_000_000),
            String(repeating: "1.", count: 500_000),
            String(repeating: "TOTAL 1,234.56 ", count: 70_000),
            String(repeating: "12/12/12/", count: 100_000),
            String(repeating: "a\n", count: 500_000),
            String(repeating: "Jan 1 ", count: 150_000),
            String(repeating: "\u{0}\u{FFFF}\r", count: 300_000),
        ]
        for text in inputs {
            // None of these is a receipt: each must come back flagged, not as a clean row.
            #expect(!parser.parse(text).issues.isEmpty)
        }
    }

    /// The parser reads a bounded prefix of its input: whatever follows cannot add work.
    @Test func workIsBoundedByTheInputLimits() throws {
        let receipt = try String(contentsOf: FixturePaths.text.appendingPathComponent("us-grocery.txt"), encoding: .utf8)
        let options = ParserOptions()
        let flood = receipt + String(repeating: "TOTAL 9,999.99 12/12/2012 12:12 " + String(repeating: "x", count: 500) + "\n", count: 4_000)
        let parser = ReceiptParser(options: options)
        let bounded = String(decoding: flood.utf8.prefix(options.maxTextBytes), as: UTF8.self)
        #expect(parser.parse(flood) == parser.parse(bounded))
        #expect(TextLine.split(flood, options: options).count <= options.maxLines)
        #expect(TextLine.split(flood, options: options).allSatisfy { $0.text.utf8.count <= options.maxLineLength + 4 })
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
