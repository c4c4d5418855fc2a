import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct OutputTests {
    @Test(arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1 555", "'+1 555"), ("-rf", "'-rf"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
        ("-12.50", "-12.50"), ("+3", "+3"), ("plain", "plain"),
    ])
    func formulaInjectionIsNeutralised(_ input: String, _ expected: String) {
        #expect(CSVFormat.neutralise(input) == expected)
    }

    @Test func quotingFollowsRFC4180() {
        #expect(CSVFormat.line([.text("a,b"), .text("say \"hi\""), .text("two\nlines"), .null, .number("1.50")])
                == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,1.50\r\n")
    }

    @Test func headerHasTheDocumentedColumns() {
        #expect(ResultRow.columns == ["file", "status", "merchant", "address", "phone", "date", "time", "currency",
                                      "subtotal", "tax", "tip", "total", "payment_method", "card_last4",
                                      "receipt_number", "item_count", "confidence", "upload_url", "sha256", "error",
                                      "tax_id", "discount", "rounding", "amount_paid", "change", "duplicate_of", "page"])
    }

    @Test func jsonEscapesAndKeepsDecimalsExact() throws {
        let json = JSONFormat.object(["a", "b", "c"], [.text("x\"\u{1}"), .number("0.10"), .null])
        #expect(json == "{\"a\":\"x\\\"\\u0001\",\"b\":0.10,\"c\":null}")
        _ = try JSONSerialization.jsonObject(with: Data(json.utf8))
    }

    @Test func moneyFormatting() {
        #expect(Money(Decimal(string: "12.5")!).plainString == "12.50")
        #expect(Money(Decimal(-3)).plainString == "-3.00")
        #expect(Money(Decimal(string: "1.005")!).plainString == "1.005")
    }

    @Test func outputFileIsRenamedIntoPlaceOnlyOnCommit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("r.csv").path
        let out = try OutputFile(path: path)
        try out.write("header\r\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        try out.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "header\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.csv"])
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(long) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
