import Foundation
import Testing
@testable import ReceiptScanner

/// The tax summary and rounding checks that confirm one total line over another.
@Suite struct TotalsTests {
    func line(_ text: String) -> TextLine { TextLine(index: 0, text: text) }

    @Test(arguments: [
        ("SR @ 6%          147.17        8.83", "156.00"),  // net and tax beside a rate
        ("A 19%   12,97   2,47   15,44", "15.44"),  // net, tax and the gross they add up to
        ("Gesamt   4,49   0,76   5,25", "5.25"),  // a gross printed, no rate needed
        ("ZR @ 0%   28.31   0.00   28.31", "28.31"),  // zero-rated, gross printed
        ("A 7%   0,58   8,22   8,80", "8.80"),  // tax, net and gross (Lidl's `MWST + Netto = Brutto`)
        ("12,00   12,29   102,41   114,70", "114.70"),  // Sweden's rate, tax, net and gross
    ])
    func taxSummaryRows(_ text: String, _ expected: String) {
        #expect(Totals.summaryTotal(line(text)) == Decimal(string: expected))
    }

    @Test(arguments: [
        "2 X 5.00          10.00",  // an item: the second amount is no tax of the first
        "1 9.91 9.91",
        "CASH 50.00 CHANGE 1.60",  // two amounts, but no rate and no printed sum
        "SR @ 6%   26.79",  // one amount
        "ZR @ 0%   28.31   0.00",  // a zero tax needs the gross printed beside it
        "DISC 10% 10.00 -1.00",
    ])
    func notTaxSummaryRows(_ text: String) {
        #expect(Totals.summaryTotal(line(text)) == nil)
    }

    /// `TOTAL GST` inside a total that includes the tax does not make it the tax total.
    /// Whether another reading vouches for the total: what the total-look step skips.
    @Test(arguments: [
        ("TOTAL 13.50\nCASH 20.00\nCHANGE 6.50", true),  // what was paid
        ("SUBTOTAL 12.74\nGST 6% 0.76\nTOTAL 13.50", true),  // the sums
        ("TOTAL INCL GST 53.20\nGST @6% included in total 3.01", true),  // a tax at its rate
        ("TOTAL 13.50", false),  // nothing else on the receipt
        ("TOTAL 87.00\nCASH 100.00\nCHANGE 11.00", false),  // paid 89.00: the total line is not vouched for
        ("TOTAL 38.37\nROUNDING -0.02\nCASH 40.35\nCHANGE 2.00", true),  // paid: the total rounded
        ("TOTAL 38.37\nCASH 40.35\nCHANGE 2.00", false),  // 2 cents off, no rounding printed
        ("SUMME EUR 24,23\nGegeben 50,00\nRückgeld 25,77", true),  // handed over, less the change
        ("TOTAL 24.23\nVISA 24.23", true),  // a card payment
        ("TOTAL 26.23\nVISA 24.23", false),
        ("SUBTOTAL 38.50\nCarry Out 1.93\nTAX 2.31\nTOTAL 42.74", true),  // the lines above add up
        ("SUBTOTAL 38.50\nCarry Out 1.98\nTAX 2.31\nTOTAL 42.74", false),
    ])
    func aTotalIsVouchedForByAnotherReading(_ text: String, _ agrees: Bool) {
        let key = ReceiptParser().keyLines(text)
        #expect(!key.total.isEmpty)
        #expect(key.totalAgrees == agrees)
    }

    /// A total label read without an amount on its line or under it is what the total-look
    /// step reads again; a subtotal, a label whose amount is under it and a tax table's row are not.
    @Test func totalLabelsWithoutTheirAmount() {
        let parser = ReceiptParser()
        #expect(parser.unreadTotalLines("SUBTOTAL 51.90\nTAX 4.68\nTOTAL: S5E.S8\nTHANK YOU") == ["TOTAL: S5E.S8"])
        #expect(parser.unreadTotalLines("SUBTOTAL 51.90\nTAX 4.68\nTOTAL\n56.58").isEmpty)
        #expect(parser.unreadTotalLines("SUBTOTAL\nTOTAL 56.58").isEmpty)
    }

    /// A label read without its amount takes the amount printed alone under it, but not a tax or
    /// total line's, however short its label (`Tax 1.29` under a `Subtotal` whose amount was lost).
    @Test func aLabelDoesNotTakeTheAmountOfTheLabelledLineUnderIt() {
        func extract(_ text: String) -> Totals {
            Totals.extract(text.split(separator: "\n").enumerated().map { TextLine(index: $0, text: String($1)) })
        }
        let lost = extract("Subtotal        BB\nTax 1.29\nTo Stay Total 25.47")
        #expect(lost.subtotal == nil)
        #expect(lost.tax == Decimal(string: "1.29"))
        #expect(extract("SUBTOTAL\nRM 51.90\nGST 3.11\nTOTAL 55.01").subtotal == Decimal(string: "51.90"))
    }

    @Test func aTotalIncludingTaxIsTheTotal() {
        let lines = ["SUBTOTAL 36.20", "GST 6% 2.17", "TOTAL (GST INCL) 38.37", "CASH 40.00", "CHANGE 1.65"]
            .enumerated().map { TextLine(index: $0, text: $1) }
        let t = Totals.extract(lines)
        #expect(t.total == Decimal(string: "38.37"))
        #expect(t.tax == Decimal(string: "2.17"))
        #expect(t.totalGuess == nil)
        // `w/Tax` (with tax) labels the total, not a tax line.
        let with = ["Subtotal: $10.00", "Tax: $0.70", "Sbtl w/Tax: $10.70"].enumerated().map { TextLine(index: $0, text: $1) }
        let w = Totals.extract(with)
        #expect(w.total == Decimal(string: "10.70"))
        #expect(w.tax == Decimal(string: "0.70"))
        #expect(w.sumsAgree)
    }

    /// Labels of the amount due in other languages: read as the total line, over the subtotal
    /// above it, not guessed from the amounts.
    @Test(arguments: ["Zu bezahlen CHF", "Endbetrag EUR", "Rechnungsbetrag", "Montant à payer", "À PAYER",
                      "Totale da pagare", "Net Payable"])
    func amountDueLabelsOfMoreLanguages(_ label: String) {
        let lines = ["Zwischensumme 11.90", "MWST 8.1% 0.96", "\(label)  12.86"].enumerated().map { TextLine(index: $0, text: $1) }
        let t = Totals.extract(lines)
        #expect(t.total == Decimal(string: "12.86"))
        #expect(t.totalGuess == nil)
    }

    @Test func roundedTotalNeedsFiveCents() {
        // 17.01 is not on 5 cents: the adjustment does not vouch for it, the stronger label wins.
        let lines = ["TOTAL INCL GST 17.02", "ROUNDING ADJ 0.01", "TOTAL 17.01"].enumerated().map { TextLine(index: $0, text: $1) }
        #expect(Totals.extract(lines).total == Decimal(string: "17.02"))
        // On 5 cents, the amount after the adjustment wins over the stronger label.
        let rounded = ["TOTAL 17.02", "ROUNDING ADJ 0.02", "TOTAL 17.00", "AMOUNT DUE 17.02"].enumerated().map { TextLine(index: $0, text: $1) }
        #expect(Totals.extract(rounded).total == Decimal(string: "17.00"))
    }

    /// A tax table's row carries the tax without a tax word: the included tax picks the total
    /// line it belongs to (10.00 holds 0.57 at 6%; 40.60 would hold 2.30).
    @Test func taxTableRowConfirmsTheTotal() {
        let text = ["2X 5.00 10.00 SR", "Total 10.00", "Final Total 40.60", "CASH 50.60",
                    "GST Summary   Amount(RM)   Tax(RM)", "SR @ 6%   9:43   0.57", "TAX TOTAL: 0.57"]
        let lines = text.enumerated().map { TextLine(index: $0, text: $1) }
        #expect(Totals.extract(lines).total == Decimal(string: "10.00"))
        // Without the table's head the row is no tax line: the later total line wins.
        let bare = text.filter { !$0.hasPrefix("GST Summary") }.enumerated().map { TextLine(index: $0, text: $1) }
        #expect(Totals.extract(bare).total == Decimal(string: "40.60"))
    }

    /// A tax table's `Total` row ends in the tax; its total is net + tax, which confirms the
    /// sum over a misread total line.
    @Test func taxTableTotalRow() {
        let text = ["Sub Total 10 94", "TOTAL 11.66", "TaxCode %  Amount  GST", "SR 6  10.94  0 66", "Total :  10.94  0.66"]
        let t = Totals.extract(text.enumerated().map { TextLine(index: $0, text: $1) })
        #expect(t.total == Decimal(string: "11.60"))
    }

    /// A bare table row (its rate misread) may be one tax class of several: with no total line
    /// it does not outrank the cash handed over.
    @Test func bareTableRowIsNoTotalOnItsOwn() {
        let text = ["Received Cash RM28.05", "GST Summary  Sales Amt  Tax Amt", "SR (64)  20,38  1,22", "ZR (0%)  6.43  0.00"]
        let t = Totals.extract(text.enumerated().map { TextLine(index: $0, text: $1) })
        #expect(t.total == Decimal(string: "28.05"))
        #expect(t.summaryTotals.contains(Decimal(string: "21.60")!))
    }

    /// The total after rounding replaces the one it rounds even when the subtotal, the tax and
    /// the tax table all confirm the unrounded one under a stronger label.
    @Test func roundedTotalReplacesTheOneItRounds() {
        let text = ["Total (Excluding GST): 67.00", "GST Payable: 4.02", "Total (Inclusive of GST): 71.02",
                    "Rounding Adj: -0.02", "TOTAL: 71.00", "CASH : 71.00",
                    "GST Summary  Amount(RM)  Tax(RM)", "SR (@ 6%)  67.00  4.02"]
        let t = Totals.extract(text.enumerated().map { TextLine(index: $0, text: $1) })
        #expect(t.total == Decimal(string: "71.00"))
        #expect(t.tax == Decimal(string: "4.02"))
    }

    /// An items table's column heads name a tax column: they are no tax label for the row under
    /// them; nor is a class total that includes the tax (`(INC. GST)`).
    @Test func columnHeadsAndIncludedTaxAreNoTaxLines() {
        let text = ["Qty Description   Total TAX", "1   D 32.00 SR", "Chicken Item",
                    "TOTAL 6% SUPPLIES (EXCL. GST): 69.36", "GST: 4.16", "TOTAL 6% SUPPLIES (INC. GST): 73.52",
                    "TOTAL PAYABLE: 73.52"]
        let t = Totals.extract(text.enumerated().map { TextLine(index: $0, text: $1) })
        #expect(t.tax == Decimal(string: "4.16"))
        #expect(t.total == Decimal(string: "73.52"))
        #expect(Totals.extract(text.dropFirst(3).enumerated().map { TextLine(index: $0, text: $1) }).tax == Decimal(string: "4.16"))
        // Run together by OCR, `TotalGST` is still the tax total.
        let merged = ["Total Sales (Excluding GST) : 115.00", "TotalGST : 6.90", "Total Sales (Inclusive of GST) : 121.90"]
        #expect(Totals.extract(merged.enumerated().map { TextLine(index: $0, text: $1) }).tax == Decimal(string: "6.90"))
    }

    /// Review: a receipt with tax classes adds its untaxed class's total line to the taxed
    /// class's subtotal and tax; sums that add up to nothing printed are still flagged, and so
    /// is a total of zero.
    @Test func taxClassTotalsAddUpInReview() {
        let classes = """
            TOTAL 0% SUPPLIES: 20.67
            TOTAL 6% SUPPLIES (EXCL. GST): 69.36
            GST: 4.16
            TOTAL 6% SUPPLIES (INC. GST): 73.52
            TOTAL PAYABLE: 94.19
            """
        let r = ReceiptParser().parse(classes)
        #expect(r.total?.amount == Decimal(string: "94.19"))
        #expect(!r.issues.contains { $0.contains("does not add up") })
        let wrong = ReceiptParser().parse(classes.replacingOccurrences(of: "94.19", with: "96.19"))
        #expect(wrong.issues.contains { $0.contains("does not add up") })
        #expect(ReceiptParser().parse("SHOP\nTOTAL 0.00\nCASH 0.00").issues.contains("the total is 0.00"))
        // The taxed class's own total and the untaxed class's add up to the total, whatever the
        // tax line read (`(ST: 0.86` lost its label).
        let classes2 = """
            BAKERY
            01/02/2018
            Total 0% supplies: 9.57
            Total 6% supplies (excl. GST): 14.40
            (ST: 0.86
            Total 6% supplies (Inc. GST): 15.26
            Total Payable: 24.83
            """
        #expect(!ReceiptParser().parse(classes2).issues.contains { $0.contains("does not add up") })
        let wrong2 = ReceiptParser().parse(classes2.replacingOccurrences(of: "24.83", with: "28.83"))
        #expect(wrong2.issues.contains { $0.contains("does not add up") })
        // With the payable label misread to a plain total, the total its classes add up to
        // still beats the taxed class's own total, that its subtotal and tax add up to.
        let misread = "Total 0% supplies: 35.14\nTotal 6% supplies (excl. GST): 36.24\nGST: 2.17\n"
            + "Total 6% supplies (Inc. GST): 38.41\nTotal Pays 2: 73,55"
        #expect(ReceiptParser().parse(misread).total?.amount == Decimal(string: "73.55"))
        #expect(ReceiptParser().keyLines(misread).total == ["Total Pays 2: 73,55"])
        // Cash rounding lands on 5 cents: 3 cents off the classes' sum is a misread, not rounding.
        let classes3 = "Total 0% supplies: 11.10\nTotal 6% supplies (excl. GST): -7.44\nGST: 0.45\n"
            + "Total 6% supplies (Inc. GST): -7.89\nTotal Payable: 3.24"
        #expect(ReceiptParser().parse(classes3).issues.contains { $0.contains("does not add up") })
        let rounded3 = ReceiptParser().parse(classes3.replacingOccurrences(of: "3.24", with: "3.20"))
        #expect(!rounded3.issues.contains { $0.contains("does not add up") })
    }

    /// The tax summary adds up to the total to the cent: a misread subtotal (`40.80` for
    /// `40.00`) does not send the row to review, as the sums vouch for the total. With the
    /// summary off too, nothing vouches. The reason names a rounding it added.
    @Test func taxSummaryVouchesForTheTotalOverAMisreadSubtotal() {
        let text = """
            SHOP
            01/02/2018
            Total Sales (Excluding GST) : 40.80
            TotalGST : 2.40
            Rounding : 0.00
            Total Sales (Inclusive of GST) : 42.40
            GST Summary Amount(RM) Tax(RM)
            SR @ 6% 40.00 2.40
            """
        let r = ReceiptParser().parse(text)
        #expect(r.total?.amount == Decimal(string: "42.40"))
        #expect(r.issues.isEmpty, "\(r.issues)")
        let off = ReceiptParser().parse(text.replacingOccurrences(of: "6% 40.00 2.40", with: "6% 40.00 2.46"))
        #expect(off.issues.contains("subtotal 40.80 + tax 2.40 + tip 0.00 - discount 0.00 does not add up to total 42.40"), "\(off.issues)")
        let rounded = ReceiptParser().parse("SHOP\n01/02/2018\nSubtotal 10.00\nTax 0.60\nRounding 0.02\nTotal 10.80")
        #expect(rounded.issues.contains("subtotal 10.00 + tax 0.60 + tip 0.00 + rounding 0.02 - discount 0.00 does not add up to total 10.80"), "\(rounded.issues)")
    }

    /// What was paid, less the change, is the total: a misread subtotal (`48.20` for `43.20`)
    /// does not send the row to review. With the cash off too, nothing vouches.
    @Test func whatWasPaidVouchesForTheTotalOverAMisreadSubtotal() {
        let text = "SHOP\n01/02/2018\nSUB TOTAL 48.20\nGST 6% 2.59\nTOTAL 45.79\nCASH 50.00\nCHANGE 4.21"
        let r = ReceiptParser().parse(text)
        #expect(r.total?.amount == Decimal(string: "45.79"))
        #expect(r.issues.isEmpty, "\(r.issues)")
        let off = ReceiptParser().parse(text.replacingOccurrences(of: "CASH 50.00", with: "CASH 60.00"))
        #expect(off.issues.contains { $0.contains("does not add up") }, "\(off.issues)")
    }

    /// The lines between the last sum and the total add up to it, whatever their labels (a fee,
    /// a tip at its rate, a service charge after a first total): the sums are not in doubt. With
    /// one addend off, nothing vouches and the row says so.
    @Test(arguments: [
        ("Subtotal 38.50\nCarry Out 1.93\nTAX 2.31\nTOTAL: 42.74", "1.93", "1.98"),
        ("Subtotal 50.05\nTax 5.46\nTotal Bare\nGratuity 18.00% 9,01\nTotal 64,52\nBalance Due 64.52", "9,01", "9,06"),
        ("Subtotal 22.25\nTAX 211\nTotal 24.36\nService Charge 10% 2.90\nTotal 27.26", "2.90", "2.95"),
        ("SUB TOTAL: 35.95\nTax 1: 2.98\n18% TIPS: 8.09\n7/26/2019 10:56:49 PM\nTOTAL:\n$47.02", "8.09", "8.14"),
    ])
    func linesBetweenTheSubtotalAndTheTotalAddUp(_ sums: String, _ addend: String, _ misread: String) {
        let text = "SHOP\n07/26/2019\n" + sums
        let r = ReceiptParser().parse(text)
        #expect(!r.issues.contains { $0.contains("does not add up") }, "\(r.issues)")
        #expect(ReceiptParser().keyLines(text).totalAgrees)
        let off = text.replacingOccurrences(of: addend, with: misread)
        #expect(ReceiptParser().parse(off).issues.contains { $0.contains("does not add up") })
        #expect(!ReceiptParser().keyLines(off).totalAgrees)
    }

    /// A total label OCR read one letter off is weaker evidence: taken when it is the only total
    /// line, beaten by a total line read right, and sent to review unless something vouches for it.
    @Test func aTotalLabelReadOneLetterOff() {
        let vouched = ReceiptParser().parse("SHOP\nSubtota! 24.50\nTex 2.17\nDiscount 0,00\nTota! 26.67\nCASH 30.00\nCHANGE 3.33")
        #expect(vouched.total?.amount == Decimal(string: "26.67"))
        #expect(vouched.subtotal?.amount == Decimal(string: "24.50"))
        #expect(!vouched.issues.contains { $0.contains("one letter off") })
        let alone = ReceiptParser().parse("SHOP\n1 WINGS 9.50\nTOTL 9.50\nCASH 3.50")
        #expect(alone.total?.amount == Decimal(string: "9.50"))
        #expect(alone.issues.contains { $0.contains("one letter off 'TOTAL'") })
        let both = ReceiptParser().parse("SHOP\nTOTAL 12.00\nTOTEL 21.00")
        #expect(both.total?.amount == Decimal(string: "12.00"))
        // Real words one letter from TOTAL are not its misreadings.
        #expect(ReceiptParser().parse("SHOP\nTONAL CREAM 4.00").issues.contains("no total line read; the total is the largest amount"))
    }

    /// Two dates one digit apart: one is misread, so the row goes to review.
    @Test func twoDatesOneDigitApart() {
        let text = "SHOP\nDate: 11-08-2018 12:51\nTOTAL 15.00\nCASH 15.00\nClosed: 11-06-2018 12:52"
        #expect(ReceiptParser().parse(text).issues.contains { $0.contains("two dates one digit apart") })
        let apart = text.replacingOccurrences(of: "11-06-2018", with: "14-07-2018")
        #expect(!ReceiptParser().parse(apart).issues.contains { $0.contains("two dates") })
        let same = text.replacingOccurrences(of: "11-06-2018", with: "11-08-2018")
        #expect(!ReceiptParser().parse(same).issues.contains { $0.contains("two dates") })
    }

    /// What was paid by card, and a printed rounding, must agree with the total; unless the
    /// sums vouch for the total, then the card's amount is the misread one.
    @Test func cardPaymentAndRoundingCheckTheTotal() {
        let card = "SHOP\n01.02.2020\nSUMME EUR 20,61\nMastercard EUR 26,81"
        #expect(ReceiptParser().parse(card).issues.contains { $0.contains("card payment 26.81 is not the total 20.61") })
        #expect(!ReceiptParser().parse(card.replacingOccurrences(of: "26,81", with: "20,61")).issues.contains { $0.contains("card") })
        // The subtotal and tax vouch for the total to the cent: the card's amount is the misread one.
        let summed = "SHOP\n01.02.2020\nSubtotal 19,26\nMwSt 1,35\nSUMME EUR 20,61\nMastercard EUR 26,81"
        #expect(!ReceiptParser().parse(summed).issues.contains { $0.contains("card") })
        #expect(ReceiptParser().parse(summed.replacingOccurrences(of: "1,35", with: "1,36")).issues.contains { $0.contains("card payment 26.81") })
        let rounded = "SHOP\n01/02/2018\nTOTAL SALES (INCLUSIVE GST) RM 13.58\nROUNDING RM 13.40\nCASH RM 14.00"
        #expect(ReceiptParser().parse(rounded).issues.contains { $0.contains("not rounded to 5 cents") })
        let none = "SHOP\n13/02/2018\nTOTAL 13.58\nROUNDING 0.00\nVISA 13.58"
        #expect(ReceiptParser().parse(none).issues.isEmpty)
    }

    /// With no total line read and nothing paid, the largest amount printed twice, else the
    /// largest amount, is the last guess: the row says so and goes to review.
    @Test func theLargestAmountIsTheLastGuess() {
        let twice = ReceiptParser().parse("SHOP\n1 FAMILY FILL UP 20.00\nTHRU $21.73\n$21.73\nSERVICE 40.00")
        #expect(twice.total?.amount == Decimal(string: "21.73"))
        #expect(twice.issues.contains("no total line read; the total is the largest amount printed twice"))
        let once = ReceiptParser().parse("SHOP\n1 WINGS 9.99\n1 TENDERS 8.69\nAMOUNT $41.45")
        #expect(once.total?.amount == Decimal(string: "41.45"))
        #expect(once.issues.contains("no total line read; the total is the largest amount"))
        // A total line read is never overruled by the largest amount.
        #expect(ReceiptParser().parse("SHOP\nTV 499.00\nTOTAL 12.00").total?.amount == Decimal(string: "12.00"))
    }

    @Test func multiplesOfFiveCents() {
        #expect(Decimal(string: "17.05")!.isMultiple(of: .fiveCents))
        #expect(Decimal(string: "-3.10")!.isMultiple(of: .fiveCents))
        #expect(!Decimal(string: "17.02")!.isMultiple(of: .fiveCents))
    }
}

extension TotalsTests {
    /// Without a total line read, the subtotal and the tax printed under it make the total; a
    /// subtotal printed under the tax already holds it, and so does a tax summary's tax.
    @Test func theSubtotalAndTheTaxUnderItWithoutATotalLine() {
        func total(_ text: String) -> Decimal? { ReceiptParser().parse(text).total?.amount }
        #expect(total("DINER\nFood Subtotal: 31.45\nTax 1; 1,89\nThank you") == Decimal(string: "33.34"))
        #expect(total("DINER\nAmount: $25.34\nTax Rate:(9.00%): $2.28\nSub-Total: $27.62") == Decimal(string: "27.62"))
        #expect(total("SHOP\nSUBTOTAL RM41.45\nGST SUMMARY\nRate Net GST\nSR 39.10 2.35") == Decimal(string: "41.45"))
        // The taxable amount is what the tax is on, not the tax (the tax's own amount lost here).
        let taxable = ReceiptParser().parse("SHOP\nSUBTOTAL RM152.00\nGST TAXABLE RM152.00\nGST 0% RNO. 00")
        #expect(taxable.total?.amount == Decimal(string: "152.00"))
        #expect(taxable.tax == nil)
    }
}

extension TotalsTests {
    /// The total's label in the languages of the receipts the tool is used on.
    @Test(arguments: ["Totalt 249,00 kr", "Razem 249,00", "TOPLAM *249,00", "CELKEM 249,00 Kč", "Yhteensä 249,00",
                      "I ALT 249,00", "ÖSSZESEN 249,00", "Summe EUR 249,00", "TOTAAL € 249,00", "Importe total: 249,00 EUR"])
    func totalLabels(_ line: String) {
        let r = ReceiptParser().parse("SHOP\nKaffe 12,00\n\(line)\n03.12.2019")
        #expect(r.total?.amount == Decimal(string: "249.00"))
        #expect(!r.issues.contains { $0.contains("no total line read") })
    }

    /// A total line one digit off the sum that the items and the subtotal and tax both give is
    /// the misread one: the sum is the total, and the row says what the line read.
    @Test func itemsAndSumsOverruleATotalMisreadByOneDigit() {
        let receipt = """
        CORNER CAFE
        1 Soup            3.80
        1 Fish Plate      4.95
        1 Bread           0.50
        2 Tea             5.60
        Net SubTotal     12.37
        VAT               2.48
        Total to Pay      4.85
        """
        let r = ReceiptParser().parse(receipt)
        #expect(r.total?.amount == Decimal(string: "14.85"))
        #expect(r.issues.contains { $0.contains("the total line reads 4.85; the items and the subtotal say 14.85") })
    }

    @Test(arguments: [
        // The sums alone: the subtotal may be the misread line.
        "Soup 3.80\nNet SubTotal 12.37\nVAT 2.48\nTotal 4.85",
        // Items and sums agree, but the total line is more than one digit from them.
        "Soup 3.80\nFish 4.95\nBread 0.50\nTea 5.60\nSubTotal 12.37\nVAT 2.48\nTotal 4.05",
        // What was paid vouches for the total line.
        "Soup 3.80\nFish 4.95\nBread 0.50\nTea 5.60\nSubTotal 12.37\nVAT 2.48\nTotal 4.85\nCash 10.00\nChange 5.15",
    ])
    func totalLineStandsWithoutTwoAgreeingSums(_ text: String) {
        let total = ReceiptParser().parse("CORNER CAFE\n" + text).total?.amount
        #expect(total != Decimal(string: "14.85"))
    }

    /// On a receipt that prints `$`, a `$` OCR read as the first digit of the total and the tax
    /// (`Total 310.90`, `Tax 90.62`) is read as the sign when that alone makes the sums add up.
    @Test func aDollarSignReadAsADigitIsReadAsTheSign() {
        let r = ReceiptParser().parse("DINER\nSubtotal      $10.28\nTax           90.62\nTotal        310.90")
        #expect(r.total?.amount == Decimal(string: "10.90"))
        #expect(r.tax?.amount == Decimal(string: "0.62"))
        #expect(r.issues.contains { $0.contains("the total line reads 310.90") })
    }

    @Test(arguments: [
        ("SHOP\nSubtotal      10.28\nTax           90.62\nTotal        310.90", "10.28", "310.90"),  // no `$` printed
        ("DINER\nSubtotal      $10.28\nTax           $0.62\nTotal        $11.90", "10.28", "11.90"),  // no first digit to drop
        // The subtotal is taken as printed, though 1.90 + 4.68 would make 6.58.
        ("DINER\nSUB TOTAL:     51.90\nTax 1:         4.68\nTOTAL:        $6.58", "51.90", "6.58"),
    ])
    func amountsStayWithoutADollarSignToExplainThem(_ text: String, _ subtotal: String, _ total: String) {
        let r = ReceiptParser().parse(text)
        #expect(r.subtotal?.amount == Decimal(string: subtotal))
        #expect(r.total?.amount == Decimal(string: total))
    }

    /// The receipt's own arithmetic where OCR lost a label: the cash line's, the rounding
    /// line's amount, the rounding line itself, or a total line's amount (`ROUNDING 0.00`).
    @Test(arguments: [
        // The cash label lost: the amount over the change, less the change, is what was paid.
        ("Toal'Gales Incl. GST RM 280,00\nTotal Sales RM 250.00\netal ae RM 300,00\nChanges RM 50,00", "250.00"),
        ("Total anount 1.50 RM\nAccepted total 2.00 RM\nChange 0.50 RM", "1.50"),  // a total line handed over
        // A rounding line whose adjustment was not read: the total is the amount rounded.
        ("Total Sales (Inclusive GST) RM 13.58\nRounding RM = 13,60", "13.60"),
        // No rounding line read: a total line under another is that one rounded to 5 cents.
        ("Total Sales inclusive GST 28.31\nTOTAL : 28.30", "28.30"),
        // No total line: the cash rounds the subtotal and tax, a rounding line printed.
        ("SUB TOTAL 21.00\nGST 6% 1.26\nRounding Adj\nCash 22.25", "22.25"),
        // A zero total line on a receipt that was paid is no total.
        ("SUB-TOTAL (GST) 16.00\nROUNDING 0.00\nCASH 16.00", "16.00"),
        // A card paid it, with no change to give: `CHANGE 0.00` does not hide the card.
        ("TOTAL: 180.10\nTOTAL PAYMENT = 190.10\nCHANGE : 0.00\nVISA 180.10", "180.10"),
        // `TOTAL` run into the word before it.
        ("Total 14.80\nRound Adj 0.10\nFinalTotal 14.90", "14.90"),
    ])
    func theArithmeticWhereALabelWasLost(_ text: String, _ total: String) {
        #expect(ReceiptParser().parse("SHOP\n" + text).total?.amount == Decimal(string: total))
    }

    @Test(arguments: [
        // Cash printed: what was paid is the cash less the change (19.50), not the line over the
        // change less it (9.50), which would vouch for the first total line.
        ("Total 9.50\nTOTAL 10.00\nCHANGE 0.50\nCASH 20.00", "10.00"),
        // A rounded-looking total line above the unrounded one: the lower line is not rounded.
        ("TOTAL 28.30\nTotal Sales inclusive GST 28.31", "28.31"),
        // More than 5 cents apart: two readings of the total, not a rounding (the stronger
        // label stays).
        ("Total Sales inclusive GST 28.21\nTOTAL : 28.30", "28.21"),
        // A rounding adjustment read: only that adjustment rounds, and 13.60 is not 13.58 + 0.03.
        ("GRAND TOTAL 13.58\nROUNDING 0.03\nTOTAL 13.60", "13.58"),
        // Nothing paid, no subtotal: a zero total stays (a voided or free receipt).
        ("TOTAL 0.00", "0.00"),
    ])
    func theArithmeticLeavesAloneWhatItCannotTell(_ text: String, _ total: String) {
        #expect(ReceiptParser().parse("SHOP\n" + text).total?.amount == Decimal(string: total))
    }
}

extension TotalsTests {
    /// With the total line lost, what was paid is the total; it needs no review when the subtotal
    /// and tax (or the tax summary) make it to the cent, and still does when only the change is
    /// printed beside it.
    @Test(arguments: [
        ("Subtotal 7.00\nTax 0.61\nTotal 1 |\nCash 8.00\nChange 0.39", "7.61", true),  // 7.00 + 0.61 = 8.00 - 0.39
        ("Subtotal 7.00\nTax 0.61\nTotal 1 |\nCash 8.00\nChange 0.29", "7.71", false),  // the change alone
        ("Total 1 |\nCash 8.00\nChange 0.39", "7.61", false),
        // The cash label lost too: what was handed over is the amount over the change.
        ("Subtotal 7.00\nTax 0.61\netal ae 8.00\nChange 0.39", "7.61", true),
    ])
    func whatWasPaidAndTheSumsVouchForALostTotalLine(_ sums: String, _ total: String, _ vouched: Bool) {
        let r = ReceiptParser().parse("SHOP\n12/03/2019\n" + sums)
        #expect(r.total?.amount == Decimal(string: total))
        #expect(r.issues.contains { $0.hasPrefix("no total line read") } == !vouched, "\(r.issues)")
    }

    /// The tax summary makes what was paid: the sums agree with the total, so a misread subtotal
    /// (`7.80` for `7.00`) raises no "does not add up" either.
    @Test func theTaxSummaryVouchesForWhatWasPaidOverAMisreadSubtotal() {
        let text = "SHOP\n12/03/2019\nSubtotal 7.80\nGST 0.61\nTotal 1 |\nCash 8.00\nChange 0.39\n"
            + "GST Summary Amount(RM) Tax(RM)\nSR @ 6% 7.00 0.61"
        let r = ReceiptParser().parse(text)
        #expect(r.total?.amount == Decimal(string: "7.61"))
        #expect(r.issues.isEmpty, "\(r.issues)")
        let off = ReceiptParser().parse(text.replacingOccurrences(of: "7.00 0.61", with: "7.00 0.67"))
        #expect(off.issues.contains { $0.contains("does not add up") }, "\(off.issues)")
    }

    /// The items and what was paid agree with each other and not with the total, even where the
    /// subtotal agrees with it (one glyph misread the same way on both lines): a total line one
    /// digit from them is overruled, and either way the row goes to review. Not when the change
    /// makes up the difference, nor when the total is what was paid.
    @Test(arguments: [
        ("Total (Excluding GST): 14.00\nTotal GST: 0.00\nTotal (Inclusive of GST): 14.00\nCASH: 15.00", "15.00",
         "the total line reads 14.00; the items and what was paid say 15.00"),
        ("Total (Excluding GST): 12.50\nTotal GST: 0.00\nTotal (Inclusive of GST): 12.50\nCASH: 15.00", "12.50",
         "the items and what was paid make 15.00, not the total 12.50"),
        ("Total (Excluding GST): 14.00\nTotal GST: 0.00\nTotal (Inclusive of GST): 14.00\nCASH: 15.00\nCHANGE: 1.00", "14.00", nil),
        ("Total: 15.00\nCASH: 15.00", "15.00", nil),
    ])
    func theItemsAndWhatWasPaidAgainstTheTotal(_ sums: String, _ total: String, _ reason: String?) {
        let r = ReceiptParser().parse("SHOP\n25/03/2019\nCoffee 15.00\n" + sums)
        #expect(r.total?.amount == Decimal(string: total))
        #expect(r.issues == (reason.map { [$0] } ?? []), "\(r.issues)")
    }

    /// Cash less the change that is not the total sends the row to review, unless the sums vouch
    /// for the total to the cent: then the cash or the change is the misread one. A tax at its
    /// rate is no such witness (a total 10 cents off still holds a 6% tax once rounded).
    @Test(arguments: [
        ("SUBTOTAL 11.23\nGST 0.67\nTOTAL 11.90\nCASH 50.06\nCHANGE 38.10", false),  // 11.23 + 0.67 = 11.90
        ("TOTAL 11.90\nCASH 50.06\nCHANGE 38.10", true),  // nothing vouches for the total
        ("TOTAL INCL GST 14.80\nGST @6% included in total 0.84\nCASH 20.00\nCHANGE 5.10", true),
    ])
    func cashAndChangeAgainstTheSums(_ sums: String, _ flagged: Bool) {
        let r = ReceiptParser().parse("SHOP\n12/03/2019\n" + sums)
        #expect(r.issues.contains { $0.hasPrefix("cash ") } == flagged, "\(r.issues)")
    }
}

extension TotalsTests {
    /// A tax table printing the tax before the net (`Moms % Moms Netto Brutto`): the tax is the
    /// row's smaller addend, not its gross.
    @Test func aTaxPrintedBeforeItsNetIsTheTax() {
        let r = ReceiptParser().parse("SHOP\n2024-03-14\nOst 69,90\nTotalt SEK 114,70\nKort 114,70\n"
            + "Moms % Moms Netto Brutto\n12,00 12,29 102,41 114,70")
        #expect(r.tax?.amount == Decimal(string: "12.29"))
        #expect(r.total?.amount == Decimal(string: "114.70"))
    }

    /// With the total line lost, a tax summary row that comes to less than a card paid is one
    /// class of several, not the total; cash handed over (its change line lost too) says nothing.
    @Test(arguments: [
        ("Kreditkarte 19,77", "19.77"),
        ("Bar 20,00", "8.80"),
    ])
    func aTaxClassUnderWhatACardPaidIsNoTotal(_ payment: String, _ total: String) {
        let r = ReceiptParser().parse("SHOP\n11.04.20\nzu zahlen pe qQ a7\n\(payment)\n"
            + "MWST MWST + Netto = Brutto\nA 7% 0,58 8,22 8,80")
        #expect(r.total?.amount == Decimal(string: total), "\(r.issues)")
    }

    /// A new reading vouches for the total only when the total is read from the same line: a tax
    /// amount read otherwise does; the total line's amount lost, so that a weaker total line the
    /// sums agree with becomes the total, does not.
    @Test func newReadingsVouchOnlyForTheSameTotalLine() {
        let parser = ReceiptParser()
        let first = "SHOP\n2024-03-14\nSUBTOTAL 10.00\nTAX 0.50\nAMOUNT DUE 10.80\nTOTL 10.50\n"
        #expect(parser.parse(first).total?.amount == Decimal(string: "10.80"))
        #expect(parser.arithmeticTotal(lineOf: first)(first) == nil)
        let taxReadAgain = first.replacingOccurrences(of: "TAX 0.50", with: "TAX 0.80")
        #expect(parser.arithmeticTotal(lineOf: first)(taxReadAgain) == Decimal(string: "10.80"))
        let totalLost = first.replacingOccurrences(of: "AMOUNT DUE 10.80", with: "AMOUNT DUE")
        #expect(parser.keyLines(totalLost).totalAgrees)
        #expect(parser.arithmeticTotal(lineOf: first)(totalLost) == nil)
    }

    /// The sums' lines, which `sums-look` reads again, are those that may hold a sum: a tax id
    /// or an invoice's title names a tax word but no tax, and the parser takes none from it.
    @Test func aTaxIdOrInvoiceTitleIsNoSumLine() {
        let parser = ReceiptParser()
        let text = "SHOP\nGST ID : 001234567890\nTAX INVOICE\n2024-03-14\nSUBTOTAL 10.00\nGST 6% 0.6O\nTOTAL 10.90\nCASH 20.00\n"
        #expect(parser.keyLines(text).sums == ["SUBTOTAL 10.00", "GST 6% 0.6O", "CASH 20.00"])
        #expect(parser.keyLines("SHOP\nTOTAL GST 0.60\nTOTAL 10.60\n").sums == ["TOTAL GST 0.60"])
        // A tax class's total names no tax either, but the sums of its class come to it.
        let classes = "SHOP\nTotal 6% supplies (excl. GST): 7.92\nGST: 0.48\nTotal 6% supplies (Inc. GST): 8.40\nTotal Payable: 8.40\n"
        #expect(parser.keyLines(classes).sums == ["Total 6% supplies (excl. GST): 7.92", "GST: 0.48", "Total 6% supplies (Inc. GST): 8.40"])
        // So is every total line above the total: the classes' totals may add up to it.
        let untaxed = "SHOP\nTOTAL 0% SUPPLIES: 20.67\nTotal 6% supplies (Inc. GST): 8.40\nTotal Payable: 29.07\nTOTAL QTY: 3\n"
        #expect(parser.keyLines(untaxed).sums == ["TOTAL 0% SUPPLIES: 20.67", "Total 6% supplies (Inc. GST): 8.40"])
    }

    /// A line with a sum's word and no amount is read again only when it may be a label: a few
    /// words (a subtotal's or a total tax's may be more), no document number, no id. A sentence
    /// of the footer is none.
    @Test func aSentenceOrAnInvoiceNumberIsNoSumLine() {
        let parser = ReceiptParser()
        let text = "SHOP\nCash Inv No.: 7830F715\nGST 1D: 000381399040\n2024-03-14\nSubTotal oe -e\n"
            + "Subtotal of all items before discount\nTax 1: U.68\nTOTAL GST PAYABLE BY CUSTOMER\nCASH\nChange tow ry\n"
            + "Received above goods in good order condition.\ninput tax claims, on the basic of the\n"
        #expect(parser.keyLines(text).sums == ["SubTotal oe -e", "Subtotal of all items before discount", "Tax 1: U.68",
                                               "TOTAL GST PAYABLE BY CUSTOMER", "CASH", "Change tow ry"])
    }
}

extension TotalsTests {
    /// `ok` means the total is vouched for: a total line that nothing else on the receipt
    /// confirms sends the row to review; the sums, what was paid, a tax at its rate or two items
    /// that add up to it each vouch for it.
    @Test func aTotalNothingConfirmsIsReviewed() {
        let parser = ReceiptParser()
        let alone = parser.parse("SHOP\n14.03.2024\nBread 2.49\nTOTAL 9.42\n")
        #expect(alone.issues.contains("nothing on the receipt confirms the total 9.42 (no subtotal and tax, payment, tax rate or rounding agrees with it)"),
                "\(alone.issues)")
        for vouched in ["SHOP\n14.03.2024\nSUBTOTAL 9.00\nTAX 0.42\nTOTAL 9.42\n",
                        "SHOP\n14.03.2024\nTOTAL 9.42\nCASH 10.00\nCHANGE 0.58\n",
                        "SHOP\n14.03.2024\nBread 2.49\nMilk 1.15\nCheese 3.79\nSoap 1.99\nSUMME 9,42\nGeg. Bar 20,00\nRiickgeld 10,58\n"] {
            let r = parser.parse(vouched)
            #expect(!r.issues.contains { $0.contains("confirms the total") }, "\(vouched): \(r.issues)")
        }
    }
}
