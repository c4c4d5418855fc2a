import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct AmountScannerTests {
    @Test(arguments: [
        ("TOTAL 12.50", "12.50"), ("SUMME 12,50", "12.50"), ("1,234.56", "1234.56"), ("1.234,56", "1234.56"),
        ("1'234.50", "1234.50"), ("TOTAL: 10.7", "10.70"), ("RM30.90", "30.90"), ("30,90 EUR", "30.90"),
        ("€ 30,90", "30.90"), ("REFUND -13.88", "-13.88"), ("Pfand 1,00-", "-1.00"), ("(5.00)", "-5.00"),
        ("2,116.46", "2116.46"),
    ])
    func readsMoney(_ line: String, _ expected: String) {
        let amounts = AmountScanner.scan(line)
        #expect(amounts.last.map { Money($0.value).plainString } == expected)
    }

    /// OCR damage inside amounts is undone; a tax code after a complete amount is not read as a digit.
    @Test(arguments: [
        ("TOTAL 1O.50", "10.50"), ("TOTAL l2.50", "12.50"), ("TOTAL 12.5O", "12.50"), ("SUMME 26 , 90", "26.90"),
        ("TOTAL 12. 50", "12.50"), ("TOTAL 12 .50", "12.50"), ("Gesamt 1 234,56", "1234.56"), ("RM 5.00S", "5.00"),
        ("CHANGE .40", "0.40"), ("TOTAL RM13.58 S", "13.58"),
    ])
    func repairsOCRDamage(_ line: String, _ expected: String) {
        #expect(AmountScanner.scan(line).last.map { Money($0.value).plainString } == expected, "\(line)")
    }

    @Test(arguments: ["12.03.2024", "1.000 QTY", "INVOICE 10100023492", "12:30", "25/12/2018", "L-A66/L-A71", "1,2345"])
    func ignoresWhatIsNotMoney(_ line: String) {
        #expect(AmountScanner.scan(line).isEmpty, "\(line)")
    }

    @Test func currencyAndPercent() {
        let a = AmountScanner.scan("GST 6.00% RM 1.20")
        #expect(a.count == 2)
        #expect(a[0].isPercent)
        #expect(a[1].currency == "MYR")
        #expect(AmountScanner.scan("Total $47.42").first?.currency == "USD")
        #expect(AmountScanner.scan("Total S$7.09").first?.currency == "SGD")
    }
}

@Suite struct DateRuleTests {
    @Test(arguments: [
        ("25/12/2018", DateOrder.dmy, "2018-12-25", false), ("12/25/2018", .dmy, "2018-12-25", false),
        ("03/04/2024", .dmy, "2024-04-03", true), ("03/04/2024", .mdy, "2024-03-04", true),
        ("2018-12-25", .dmy, "2018-12-25", false), ("25-12-18", .dmy, "2018-12-25", false),
        ("05/05/2024", .mdy, "2024-05-05", false),
    ])
    func numeric(_ text: String, _ order: DateOrder, _ iso: String, _ ambiguous: Bool) throws {
        let lines = TextLine.split("Date: " + text, options: ParserOptions())
        let m = try #require(DateRules().date(in: lines, order: order))
        #expect(m.date.iso == iso)
        #expect(m.ambiguous == ambiguous)
    }

    @Test(arguments: [
        ("25 DEC 2018", "2018-12-25"), ("Dec 25, 2018", "2018-12-25"), ("3. Mai 2024", "2024-05-03"),
        ("15 janv. 2024", "2024-01-15"), ("20 de fev de 2024", "2024-02-20"), ("1st March 2024", "2024-03-01"),
        ("12 OGOS 2019", "2019-08-12"), ("7 maart 2023", "2023-03-07"), ("9 dicembre 2022", "2022-12-09"),
        ("20181225", "2018-12-25"),
    ])
    func monthNamesAndCompact(_ text: String, _ iso: String) throws {
        let lines = TextLine.split(text, options: ParserOptions())
        #expect(DateRules().date(in: lines, order: .dmy)?.date.iso == iso)
    }

    @Test func invalidDatesAreRejected() {
        for text in ["32/01/2020", "29/02/2023", "00/10/2020", "12/13/14/15"] {
            let lines = TextLine.split(text, options: ParserOptions())
            #expect(DateRules().date(in: lines, order: .dmy)?.date == nil, "\(text)")
        }
    }

    @Test(arguments: [("18:21:05", "18:21:05"), ("01:31 PM", "13:31"), ("12:05 am", "00:05"), ("9:41", "09:41")])
    func times(_ text: String, _ expected: String) {
        let lines = TextLine.split("Time " + text, options: ParserOptions())
        #expect(DateRules().time(in: lines, near: nil) == expected)
    }
}
