import Testing
@testable import ReceiptScanner

/// The order of an ambiguous date (`03/04/2018`), decided by the receipt and then by the batch.
@Suite struct DateLocaleTests {
    @Test(arguments: [
        // Malaysian: RM and GST.
        ("KEDAI MAJU SDN BHD\nGST ID: 000123\nDate: 03/04/2018\nTOTAL RM 9.54", "2018-04-03", ReceiptScanner.DateOrderBasis.receipt),
        // German: EUR and MwSt.
        ("Baeckerei\n03/04/2018\nSumme EUR 9,54\ninkl. MwSt 19% 1,52", "2018-04-03", .receipt),
        // American: a state and ZIP code, and dollars.
        ("DINER\nSpringfield, IL 62701\n03/04/2018\nTOTAL $9.54", "2018-03-04", .receipt),
        // American: dollars twice and a North American phone number.
        ("DINER\n(217) 555-0100\n03/04/2018\nSubtotal $9.00\nTOTAL $9.54", "2018-03-04", .receipt),
        // Dots: the way day-first countries write dates (a Turkish till: no currency printed).
        ("MIGROS TICARET\nTARIH: 12.03.2019 SAAT: 14:22\nTOPLAM *10,75", "2019-03-12", .receipt),
        // Indian: the GST identification number (GSTIN) every tax receipt prints.
        ("DMART\nGSTIN 27AACCA8432H1ZQ\nBill Dt: 12/03/2024\nTotal Amount 544.00", "2024-03-12", .receipt),
        // Only one order is a date: the date shows it.
        ("DINER\n03/14/2018\nTOTAL 9.54", "2018-03-14", .printed),
    ])
    func theReceiptDecides(_ text: String, _ iso: String, _ basis: ReceiptScanner.DateOrderBasis) {
        let r = ReceiptParser().parse(text)
        #expect(r.date?.iso == iso)
        #expect(r.dateOrderBasis == basis)
        #expect(!r.dateAmbiguous)
        #expect(!r.issues.contains { $0.contains("ambiguous") })
    }

    /// One `$` may be OCR's 5 or S: alone it decides nothing, and the row says so.
    @Test func oneDollarSignAloneDecidesNothing() {
        let r = ReceiptParser().parse("SHOP\n03/04/2018\nTOTAL $9.54")
        #expect(r.dateAmbiguous)
        #expect(r.dateOrderBasis == nil)
        #expect(r.issues.contains { $0.contains("ambiguous") })
    }

    /// A date written with dots is day-first evidence; times, versions and amounts with dots are none.
    @Test(arguments: [("12.03.2019", true), ("Datum 25.04.20 09:37", true), ("3.4.19", true),
                      ("08.18.00 17.36.12", false), ("v1.2.3.4", false), ("1.234.567,00", false),
                      ("12.13.2019", false), ("11.10.201", false), (String(repeating: "9", count: 40) + ".1.2019", false)])
    func datesWrittenWithDots(_ text: String, _ dayFirst: Bool) {
        #expect(DateLocale.hasDottedDayFirstDate(text) == dayFirst)
    }

    /// `--date-order` wins over what the receipt says.
    @Test func theOptionOverrides() {
        let r = ReceiptParser(options: ParserOptions(dateOrder: .mdy)).parse("KEDAI SDN BHD\nGST 6%\n03/04/2018\nTOTAL RM 9.54")
        #expect(r.date?.iso == "2018-03-04")
        #expect(r.dateOrderBasis == .option)
    }

    private func rows(_ texts: [String]) -> [ScanResult] {
        let parser = ReceiptParser()
        return texts.enumerated().map { .parsed($0, "r\($0).txt", parser.parse($1)) }
    }

    /// Undecided dates take the order the batch's self-evident dates show; the row becomes ok.
    @Test func theBatchDecidesWhatTheReceiptDoesNot() {
        var results = rows([
            "CAFE ONE\n04/13/2018 12:01\nSUBTOTAL 9.00\nTAX 0.54\nTOTAL 9.54",
            "CAFE TWO\n05/20/2018 12:01\nSUBTOTAL 9.00\nTAX 0.54\nTOTAL 9.54",
            "CAFE THREE\n03/04/2018 12:01\nSUBTOTAL 9.00\nTAX 0.54\nTOTAL 9.54",
        ])
        #expect(results[2].status == .needsReview)
        #expect(results[2].receipt?.date?.iso == "2018-04-03")
        Consensus.settleDates(&results)
        #expect(results[2].receipt?.date?.iso == "2018-03-04")
        #expect(results[2].receipt?.dateOrderBasis == .batch)
        #expect(results[2].receipt?.issues == [])
        #expect(results[2].status == .ok)
        // JSON rows say how the date's order was decided.
        let extras = Dictionary(uniqueKeysWithValues: ResultRow.jsonExtras(results[2]))
        #expect(extras["date_order"] == "\"mdy\"" && extras["date_order_basis"] == "\"batch\"")
        #expect(extras["date_ambiguous"] == "false")
    }

    /// A batch whose dates disagree decides nothing; a merchant's own dates decide for it.
    @Test func aMixedBatchDecidesNothingButTheMerchantDoes() {
        var results = rows([
            "CAFE ONE\n04/13/2018\nTOTAL 9.54",
            "KEDAI\n13/04/2018\nTOTAL 9.54",
            "CAFE THREE\n03/04/2018\nTOTAL 9.54",
            "KEDAI\n03/05/2018\nTOTAL 9.54",
        ])
        Consensus.settleDates(&results)
        #expect(results[2].receipt?.dateAmbiguous == true)
        #expect(results[2].receipt?.date?.iso == "2018-04-03")
        #expect(results[3].receipt?.dateOrderBasis == .batch)
        #expect(results[3].receipt?.date?.iso == "2018-05-03")
    }

    @Test(arguments: [
        ("Chk 2763     Feb23'19 10:23AM", "2019-02-23"), ("Date:  'AugO6’15. 11:01AM", "2015-08-06"),
        ("octo6'16 07:08PM", "2016-10-06"), ("CARRY-OUT, SUN JUN 24 20:49:53 2018", "2018-06-24"),
        ("Jun28' 17’ 05:38PM", "2017-06-28"), ("Tbl 12/1   25AUG'17 8:03PM", "2017-08-25"), ("25 AUG '17", "2017-08-25"),
        ("0168 20:14 #04 MAR.19'17 REG0001", "2017-03-19"),  // `#04` numbers the till, it is no day
    ])
    func tillDatesWithTheMonthsName(_ text: String, _ iso: String) {
        #expect(DateRules().date(in: TextLine.split(text, options: ParserOptions()), order: .dmy)?.date.iso == iso)
    }

    /// Thai receipts print the Buddhist era's year (543 ahead); a 20xx with its 0 misread as 6 is
    /// still the misreading it was.
    @Test(arguments: [("12/03/2562 14:35", "2019-03-12"), ("2562-03-12", "2019-03-12"), ("30/09/2617", "2017-09-30")])
    func buddhistEraYears(_ text: String, _ iso: String) {
        #expect(DateRules(latest: ReceiptDate(year: 2026, month: 12, day: 2)).date(in: TextLine.split(text, options: ParserOptions()), order: .dmy)?.date.iso == iso)
    }

    /// An apostrophe that is no year's: no date.
    @Test func anApostropheAloneIsNoYear() {
        #expect(DateRules().date(in: TextLine.split("Joe's 12 Burgers 2.50", options: ParserOptions()), order: .dmy) == nil)
    }
}
