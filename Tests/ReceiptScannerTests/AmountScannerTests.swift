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

    /// Currencies without minor units print whole amounts; without such a currency beside it a
    /// whole number is a quantity or code, however it is grouped.
    @Test(arguments: [
        ("OSSZESEN: 848 Ft", "848.00"), ("Total ¥1,000", "1000.00"), ("TOTAL Rp 25.000", "25000.00"),
        ("합계 ₩12,000", "12000.00"), ("Total 45.000 VND", "45000.00"), ("TOTAL 12 USD", nil), ("QTY 1,000", nil),
        ("Total ¥1,00,0", nil), ("River Village Fani1¥/ Restaurant", nil),
    ] as [(String, String?)])
    func readsWholeAmountsOfCurrenciesWithoutCents(_ line: String, _ expected: String?) {
        #expect(AmountScanner.scan(line).last.map { Money($0.value).plainString } == expected, "\(line)")
    }

    /// OCR damage inside amounts is undone; a tax code after a complete amount is not read as a digit.
    @Test(arguments: [
        ("TOTAL 1O.50", "10.50"), ("TOTAL l2.50", "12.50"), ("TOTAL 12.5O", "12.50"), ("SUMME 26 , 90", "26.90"),
        ("TOTAL 12. 50", "12.50"), ("TOTAL 12 .50", "12.50"), ("Gesamt 1 234,56", "1234.56"), ("RM 5.00S", "5.00"),
        ("CHANGE .40", "0.40"), ("TOTAL RM13.58 S", "13.58"), ("CASH RMS. OO", "5.00"), ("GST 6% RMO.28", "0.28"),
        ("TOTAL $l5.OO", "15.00"), ("RM5.OO", "5.00"),
    ])
    func repairsOCRDamage(_ line: String, _ expected: String) {
        #expect(AmountScanner.scan(line).last.map { Money($0.value).plainString } == expected, "\(line)")
    }

    @Test(arguments: ["12.03.2024", "1.000 QTY", "RMS. OOL", "ITEMS.OO", "RMSO.O", "INVOICE 10100023492", "12:30", "ul. Zniwna 5, 62-025 Kostrzyn", "25/12/2018", "L-A66/L-A71", "1,2345"])
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

    /// A sign in brackets apart from the amounts (a column head) names the receipt's currency;
    /// a bare mark OCR read as a sign does not, and a receipt that prints none has none.
    @Test(arguments: [
        ("TOTAL (€)          12,57", "EUR"), ("Importe (€)\nTOTAL 12,57", "EUR"),
        ("CELKEM Kč          75,70", "CZK"), ("TOTAL              12,57", nil),
        ("VISA ¥*X*KKKKKKKKK4ATT\nTOTAL 12.57", nil),
    ])
    func currencySignApartFromTheAmount(_ text: String, _ code: String?) {
        #expect(ReceiptParser().parse("SHOP\n22/02/2024\n" + text).currency == code)
    }
}

@Suite struct DateRuleTests {
    @Test(arguments: [
        ("25/12/2018", DateOrder.dmy, "2018-12-25", false), ("12/25/2018", .dmy, "2018-12-25", false),
        ("03/04/2024", .dmy, "2024-04-03", true), ("03/04/2024", .mdy, "2024-03-04", true),
        ("2018-12-25", .dmy, "2018-12-25", false), ("25-12-18", .dmy, "2018-12-25", false),
        ("05/05/2024", .mdy, "2024-05-05", false),
        ("5738/1 07/02/18-4 6:28pm", .mdy, "2018-07-02", true),  // a till's `-A` after the year, misread
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

    /// A dot and a space, as Czech, Slovak and Hungarian receipts print dates; only with the
    /// four-digit year (`1. 2. 50` is no date).
    @Test(arguments: [("Datum: 12. 3. 2019 14:22", "2019-03-12"), ("2019. 03. 12. 14:22", "2019-03-12"),
                      ("12.3. 2019", "2019-03-12"), ("12. 3. 19", nil), ("Pos. 1. 2. 50", nil)])
    func datesSpacedAfterTheirDots(_ text: String, _ iso: String?) {
        let lines = TextLine.split(text, options: ParserOptions())
        #expect(DateRules().date(in: lines, order: .dmy)?.date.iso == iso)
    }

    @Test func invalidDatesAreRejected() {
        for text in ["32/01/2020", "29/02/2023", "00/10/2020", "12/13/14/15", "12.03.2024.5", "1/2/345/6"] {
            let lines = TextLine.split(text, options: ParserOptions())
            #expect(DateRules().date(in: lines, order: .dmy)?.date == nil, "\(text)")
        }
    }

    /// A receipt is not dated in the future: another date wins, else the year is read again.
    @Test(arguments: [
        ("Date: 04-04-2048 14:08", "2018-04-04", 2048),  // tens digit: the latest year not after today
        ("Date: 23/05/2078", "2018-05-23", 2078),
        ("Date: 30/09/2617", "2017-09-30", 2617),  // hundreds digit: no year past 2100
        ("Date: 05/03/2023", "2023-03-05", nil),  // a past date stands
        ("UH14-21-32 12/120\nDate: 17-04-16 14:02", "2016-04-17", nil),  // the real date, though later and unlabelled
        ("Date: 01/02/2031\n03/04/2021 10:00", "2021-04-03", nil),
    ])
    func impossibleYears(_ text: String, _ iso: String, _ printedYear: Int?) throws {
        let rules = DateRules(latest: ReceiptDate(year: 2026, month: 12, day: 1)!)
        let m = try #require(rules.date(in: TextLine.split(text, options: ParserOptions()), order: .dmy))
        #expect(m.date.iso == iso)
        #expect(m.impossible?.printed == printedYear.map(String.init))
    }

    /// A month or day no calendar has, its tens digit a misread 0, is read again and said so.
    @Test(arguments: [
        ("INVNO: CS-SA-0079030 Date: 18/64/2017", DateOrder.dmy, "2017-04-18" as String?, "month 64" as String?),
        ("Date: 05/83/2019", .dmy, "2019-03-05", "month 83"),
        ("Date: 93/05/2019", .mdy, "2019-03-05", "month 93"),
        ("Date: 18/44/2017", .dmy, nil, nil),  // a 4 is no look-alike of 0
        ("Date: 18/60/2017", .dmy, nil, nil),  // month 0
        ("18/64/2017\n03/04/2017 10:00", .dmy, "2017-04-03", nil),  // a date read as printed wins
        ("Dave: 63/09/2017", .dmy, "2017-09-03", "day 63"),
        ("Date: 09/83/2019", .mdy, "2019-09-03", "day 83"),
        ("Date: 43/09/2017", .dmy, nil, nil),
        ("Date: 60/09/2017", .dmy, nil, nil),  // day 0
    ])
    func impossibleMonthsAndDays(_ text: String, _ order: DateOrder, _ iso: String?, _ printed: String?) {
        let m = DateRules().date(in: TextLine.split(text, options: ParserOptions()), order: order)
        #expect(m?.date.iso == iso)
        #expect(m.flatMap { $0.impossible.map { "\($0.part) \($0.printed)" } } == printed)
        if let part = printed?.split(separator: " ").first, order == .dmy {  // the parser's order without a US address
            #expect(ReceiptParser().parse(text).issues.contains { $0.contains("has a \(part) that cannot be") })
        }
    }

    /// With no date read, one whose separator OCR lost (`0509/2017`, `27/0618`) is the date, read
    /// again and said so; a date read as printed wins, and numbers that make no date stay none.
    @Test(arguments: [
        ("DD: 0509/2017 11:08", "2017-09-05" as String?, true),
        ("Date       27/0618 5:02 PM", "2018-06-27", true),
        ("Date 14/05/2017\nREF 0509/2017", "2017-05-14", false),
        ("SKU 1234/5678", nil, false),
        ("Invoice 0509/20171", nil, false),
        ("DD: 0509/2077", nil, false),  // in the future
    ])
    func aDateThatLostASeparator(_ text: String, _ iso: String?, _ flagged: Bool) {
        let receipt = "SHOP\n\(text)\nTOTAL 9.00\nCASH 9.00"
        let r = ReceiptParser().parse(receipt)
        #expect(r.date?.iso == iso)
        #expect(r.issues.contains { $0.contains("lost a separator") } == flagged)
        // The page is read again for it, as for a date with a part no calendar has.
        #expect(ReceiptParser().keyLines(receipt).dateReadAgain == flagged)
    }

    /// A date read again is compared as repaired: `63/05/2078` is 2018-05-03 read twice, while
    /// `04-04-2048` (2018) beside `04-04-2016` is two readings one digit apart.
    @Test func aDateReadAgainIsComparedAsRepaired() {
        let parser = ReceiptParser()
        let same = parser.parse("SHOP\nDate: 03/05/2018\nTOTAL 15.00\nCASH 15.00\n63/05/2078")
        #expect(!same.issues.contains { $0.contains("two dates") })
        let rival = parser.parse("SHOP\nDate 04-04-2048 14:08\nTOTAL 7.80\nCASH 7.80\nDate 04-04-2016 14:26")
        #expect(rival.date?.iso == "2016-04-04")
        #expect(rival.issues.contains { $0.contains("two dates one digit apart") })
        // What the second look and the enlarged reading are for: a date found only read again.
        #expect(parser.keyLines("SHOP\nDate 04-04-2048\nTOTAL 7.80").dateReadAgain)
        #expect(!parser.keyLines("SHOP\nDate 04-04-2018\nTOTAL 7.80").dateReadAgain)
    }

    /// A month abbreviation with one letter misread, in a day/month/year shape, is read again
    /// and said so; letters near two months, or a shape without a year, are no date.
    @Test(arguments: [
        ("CB; 7829315833233  14/dun/2017 00:34:22", "2017-06-14" as String?, "dun" as String?),
        ("Date: 03-0CT-2016", nil, nil),  // a digit for a letter: not three letters
        ("Date: 5.FEX.2019", "2019-02-05", "FEX"),
        ("12/JUX/2017", nil, nil),  // JUN or JUL
        ("14/dun/2017 07/06/2017", "2017-06-07", nil),  // a date read as printed wins
        ("SKU 14/ABC/20171", nil, nil),  // five digits: no year
        ("14/MAX-2017", nil, nil),  // two separators: not the shape
    ])
    func misreadMonthNames(_ text: String, _ iso: String?, _ printed: String?) {
        let m = DateRules().date(in: TextLine.split(text, options: ParserOptions()), order: .dmy)
        #expect(m?.date.iso == iso)
        #expect(m?.impossible?.printed == printed)
        if printed != nil {
            #expect(ReceiptParser().parse(text).issues.contains { $0.contains("has a month that cannot be (\(printed!))") })
        }
    }

    @Test func withoutALatestDateAnyYearStands() {
        let lines = TextLine.split("Date: 04-04-2048", options: ParserOptions())
        #expect(DateRules().date(in: lines, order: .dmy)?.date.iso == "2048-04-04")
        #expect(DateRules().date(in: TextLine.split("30/09/2617", options: ParserOptions()), order: .dmy) == nil)
    }

    @Test func parserFlagsARepairedYear() {
        let r = ReceiptParser().parse("SHOP\nDate: 23/05/2078\nTOTAL 5.00")
        #expect(r.date?.iso == "2018-05-23")
        #expect(r.issues.contains { $0.contains("2078") })
    }

    /// One `$` (OCR's reading of a 5 or an S) is no evidence of American month-first dates.
    @Test func oneDollarSignDoesNotMakeDatesMonthFirst() {
        let one = ReceiptParser().parse("KEDAI MAJU\nDate: 12/10/2017\nTotal Payable: $9.54")
        #expect(one.date?.iso == "2017-10-12")
        #expect(one.issues.contains { $0.contains("(day first)") }, "the review says the order the date was read in")
        let two = ReceiptParser().parse("DINER\nDate: 12/10/2017\nSubtotal $9.00\nTotal $9.54")
        #expect(two.date?.iso == "2017-12-10")
        let usd = ReceiptParser().parse("DINER\nDate: 12/10/2017\nTotal USD 9.54")
        #expect(usd.date?.iso == "2017-12-10")
    }

    @Test(arguments: [("18:21:05", "18:21:05"), ("01:31 PM", "13:31"), ("12:05 am", "00:05"), ("9:41", "09:41")])
    func times(_ text: String, _ expected: String) {
        let lines = TextLine.split("Time " + text, options: ParserOptions())
        #expect(DateRules().time(in: lines, near: nil) == expected)
    }
}
