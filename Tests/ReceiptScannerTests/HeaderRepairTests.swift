import Testing
@testable import ReceiptScanner

@Suite struct HeaderRepairTests {
    let rules = HeaderRules()

    @Test(arguments: [
        ("Heo Lf UNIHAKKA INTERNATIONAL SDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD"),
        (", . GARDENIA BAKERIES (KL) SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"),
        ("99 SPEED MART S/B", "99 SPEED MART S/B"),
        ("Maxincome Resources Sdn Bhd", "Maxincome Resources Sdn Bhd"),
        ("The Roti Man Bakery", "The Roti Man Bakery"),
        ("Cafe NERO", "Cafe NERO"),
        ("GREEN VALLEY MARKET", "GREEN VALLEY MARKET"),
    ])
    func noiseBeforeAnUpperCaseNameGoes(name: String, expected: String) {
        #expect(rules.dropLeadingNoise(name) == expected)
    }

    @Test(arguments: [
        ("GARDENIA BAKERIES (KL) SDN BILD", "GARDENIA BAKERIES (KL) SDN BHD"),
        ("R&C VENTURE SON BHD", "R&C VENTURE SDN BHD"),
        ("KEDAI ABC SDN BED", "KEDAI ABC SDN BHD"),
        ("KEDAI ABC SDN. BHD.", "KEDAI ABC SDN BHD"),
        ("KEDAI ABC SDN BHD", "KEDAI ABC SDN BHD"),
        ("SPORTS DEPOT SDN BANK", "SPORTS DEPOT SDN BANK"),
        ("BEST BUY INC", "BEST BUY INC"),
        ("SDN BHD", "SDN BHD"),
        ("GREEN LANE PHARMACY SDN BHI", "GREEN LANE PHARMACY SDN BHD"),
        ("KEDAI ABC SDN BIG", "KEDAI ABC SDN BIG"),
        ("ONE ONE THREE SEAFOOD RESTAURANT SDN", "ONE ONE THREE SEAFOOD RESTAURANT SDN BHD"),
        ("BEMED (SP) SDN.", "BEMED (SP) SDN BHD"),
    ])
    func misreadLegalFormsAreRepaired(name: String, expected: String) {
        #expect(rules.repairLegalForm(name) == expected)
    }

    @Test(arguments: [
        ("SUPER .SEVEN CASH & CARRY SEN 3HD oy 8 oO", "SUPER .SEVEN CASH & CARRY SEN 3HD"),
        ("AFON CO. (M) BHD (126926-H) ae f", "AFON CO. (M) BHD"),
        ("99 SPEED MART S/B", "99 SPEED MART S/B"),
        ("Maxincome Resources Sdn Bhd (383322-2}", "Maxincome Resources Sdn Bhd (383322-2}"),
        ("CAFE 1983", "CAFE 1983"),
        ("VIA EMILIA 9", "VIA EMILIA 9"),
        ("DOUGLAS BURGERS #15", "DOUGLAS BURGERS #15"),
        ("KING TACO # 30", "KING TACO # 30"),
        ("WENDY'S RESTAURANT # 3575", "WENDY'S RESTAURANT"),
        ("KEDAI ABC SDN BHD 1234", "KEDAI ABC SDN BHD"),
        ("99 SPEED MART S/B (S19S3?-X)", "99 SPEED MART S/B"),
    ])
    func noiseAfterAnUpperCaseNameGoes(name: String, expected: String) {
        #expect(rules.dropTrailingNoise(name) == expected)
    }

    @Test(arguments: [
        ("MR. D.1.Y. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),
        ("MR. D.I.¥. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),
        ("99 SPEED MART 5/B", "99 SPEED MART S/B"),
        ("GARDEN1A BAKERIES", "GARDENIA BAKERIES"),
        ("1STOP MART", "1STOP MART"),
        ("7-ELEVEN", "7-ELEVEN"),
        ("3M SHOP", "3M SHOP"),
        ("A1 CAFE", "A1 CAFE"),
        ("CAFE 1983", "CAFE 1983"),
        ("Lot 5 Cafe", "Lot 5 Cafe"),
        ("R@SSMANN", "ROSSMANN"), ("JIMART@SP3", "JIMART@SP3"), ("CAFE @ KLCC", "CAFE @ KLCC"),
    ])
    func lookAlikeDigitsInUpperCaseNamesBecomeLetters(name: String, expected: String) {
        #expect(rules.repairLetters(name) == expected)
    }

    @Test(arguments: [
        ("OWN BY: CHEF LEE SDN BHD", "CHEF LEE SDN BHD"),
        ("Owned By : Sanyu Supply Sdn Bhd", "Sanyu Supply Sdn Bhd"),
        ("CAFE: OPEN DAILY", "CAFE: OPEN DAILY"),
        ("KOPI HOUSE SDN BHD", "KOPI HOUSE SDN BHD"),
    ])
    func aLabelBeforeTheLegalNameGoes(name: String, expected: String) {
        #expect(rules.dropLabel(name) == expected)
    }
}

extension HeaderRepairTests {
    @Test(arguments: [
        ("Pel: 03- 55423228 Kax:03- 55423213", true),
        ("fel: O3- 55425228", true),
        ("TEL: 03-7875 1234", true),
        ("Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam", false),
        ("NO. 31G&33G, JALAN SETIA INDAH X ,U13/X 40170", false),
        ("Site: 2591", false),
    ])
    func phoneLinesEndTheAddressEvenWithMisreadLabels(text: String, isNumbers: Bool) {
        #expect(rules.isNumbersLine(TextLine(index: 0, text: text)) == isNumbers)
    }
}

extension HeaderRepairTests {
    /// A phone number with its area code in brackets (`( 555 ) 555 - 5555`, as Walmart prints it)
    /// is the phone, not a registration number that the line above it is the name over.
    @Test(arguments: ["( 555 ) 555 - 5555", "(555) 555-5555"])
    func aBracketedAreaCodeIsAPhoneNotARegistration(_ phone: String) {
        let text = "WALMART\nSave money. Live better.\n\(phone)\n123 MAIN ST\nANYTOWN TX 75001\n03/15/24\nTOTAL 6.10"
        let r = ReceiptParser().parse(text)
        #expect(r.merchant == "WALMART")
        #expect(r.phone?.filter(\.isNumber) == "5555555555")
        // A registration number in brackets still names the line above it.
        let registered = ReceiptParser().parse("GOOD FOOD\nSUNRISE DINER\n(1234567-X)\n03/15/24\nTOTAL 6.10")
        #expect(registered.merchant == "SUNRISE DINER")
    }

    @Test(arguments: [
        ("99 SPEED MART 5/8", "99 SPEED MART S/B"),
        ("99 SPEED MART S/8", "99 SPEED MART S/B"),
        ("99 SPEED MART S/B", "99 SPEED MART S/B"),
        ("PIZZA 3/4", "PIZZA 3/4"),
        ("KEDAI 5/8B", "KEDAI 5/8B"),
    ])
    func slashLegalFormIsRepaired(name: String, expected: String) {
        #expect(rules.repairSlashForm(name) == expected)
    }

    /// A registration number in brackets does not make the name's line "mostly digits", and one
    /// standing among stray marks is no address line.
    @Test func registrationNumbersAroundTheName() {
        let speedMart = rules.read(TextLine.split("""
            99 SPEED MART 5/8 (519537-X)
            LOT P.T. 2811, JALAN ANGSA,
            41150 KLANG, SELANGOR
            """, options: ParserOptions()))
        #expect(speedMart.merchant == "99 SPEED MART S/B")
        #expect(speedMart.address == "LOT P.T. 2811, JALAN ANGSA, 41150 KLANG, SELANGOR")
        for noisy in [",         002043319-W", "í 1120908-M)"] {
            let h = rules.read(TextLine.split("RESTORAN WAN SHENG\n\(noisy)\nNo.2, Jalan Temenggung 19/9,\n43200 Cheras, Selangor",
                                              options: ParserOptions()))
            #expect(h.address == "No.2, Jalan Temenggung 19/9, 43200 Cheras, Selangor", "\(noisy)")
        }
    }
}


extension HeaderRepairTests {
    private func merchant(_ text: String) -> String? {
        rules.read(TextLine.split(text, options: ParserOptions())).merchant
    }

    /// A logo OCR read as letters above the name: a legal form, even misread, marks the name.
    @Test func aMisreadLegalFormWinsOverALogosLetters() {
        #expect(merchant("APENE E EO E e\nSYARIKAT MAJU (M) SIN BHO\nCo-REG:123456-X\nLOT 5, JALAN BESAR") == "SYARIKAT MAJU (M) SDN BHD")
        #expect(merchant("n E E l VA\n  77 QUICK MART 5/8 (123456-X)\nLOT 9, JALAN ANGSA,") == "77 QUICK MART S/B")
        // A clean first name line without a legal form anywhere is still the name.
        #expect(merchant("ROTI CORNER\nNo. 5, Jalan Merah\n43200 Cheras") == "ROTI CORNER")
    }

    /// Several lines of logo letters push the legal name to the 7th line: still found.
    @Test func aLegalNameUnderSixLinesOfLogoIsFound() {
        let text = "NANE R IS E Lgi\nO I o E\nAK SO si\nhyori ES o,\nKQ\n~\nSYARIKAT JAYA SDN BHD\nLOT 3, JALAN KPB 6"
        #expect(merchant(text) == "SYARIKAT JAYA SDN BHD")
    }

    /// Without a legal form, the name the registration number is printed under; a tax id under
    /// an address line does not make that line a name.
    @Test func theNameAboveItsRegistrationNumber() {
        #expect(merchant("SSN\nAn ig\nKFB SUPPLIES\n( ROC : SA0412345-K )\n125A JALAN MALINJA") == "KFB SUPPLIES")
        #expect(merchant("HMM\nPETRO STOP\nCompany No: JM0012345- V\nLot 12 Tmn Sierra") == "PETRO STOP")
        #expect(merchant("BEST TOYS MALAYSIA (308000-A)\nLOT 26, SUBANG MALL\n47500 SUBANG JAYA, SELANGOR\nGST REG. NO. 001348600000")
                == "BEST TOYS MALAYSIA")
    }
}

extension HeaderRepairTests {
    /// An outlet code above the legal name is not the first half of its name; a wrapped name is.
    @Test func linesJoinedToTheLegalNameAndOnesThatAreNot() {
        #expect(merchant("QMART@PJ2\nTIGA GROUP SDN BHD\nRoc: 1020000-X\nNo.9, Jalan Dinar") == "TIGA GROUP SDN BHD")
        #expect(merchant("SINAR JAYA TOOLS\nENTERPRISE (SHAH ALAM) SDN BHD\n822000-X") == "SINAR JAYA TOOLS ENTERPRISE (SHAH ALAM) SDN BHD")
        // Over three lines, a bracket opened on the second closing on the legal line.
        #expect(merchant("SINAR JAYA TOOLS\nENTERPRISE (SHAH\nALAM) SIN BHO\n822000-X\nNO. 17, JALAN INDAH")
                == "SINAR JAYA TOOLS ENTERPRISE (SHAH ALAM) SDN BHD")
        #expect(merchant("SINAR JAYA TOOLS\nENTERPRISE (SHAH\nALAM) SDN BHD\n822000-X") == "SINAR JAYA TOOLS ENTERPRISE (SHAH ALAM) SDN BHD")
        // A trade word makes the first line legal; the form on the next lines still belongs to it.
        #expect(merchant("TAN BROTHERS HARDWARE\nENTERPRISE (SHAH\nALAM) SDN BHD\n822000-X") == "TAN BROTHERS HARDWARE ENTERPRISE (SHAH ALAM) SDN BHD")
        #expect(merchant("PASARAYA MAJU JAYA\nSDN BHD\n(123456-A)") == "PASARAYA MAJU JAYA SDN BHD")
        // A name that ends in its form takes no further line.
        #expect(merchant("KEDAI MAJU SDN BHD\nLTD MOTORS OUTLET\nNO 3, JALAN SS2") == "KEDAI MAJU SDN BHD")
    }
}

extension HeaderRepairTests {
    /// Letters OCR read from a logo above the name, which it was unsure of, are not the name; a
    /// line read at `minNameConfidence` is one, and so is every line of text without confidences.
    @Test func aHeaderLineOCRWasUnsureOfIsNotTheName() {
        let text = "hv o\nka \\\ni GREEN FIELD\n5305 E PACIFIC COAST HWY\nLong Beach, CA 90804"
        func merchant(logo: Int?) -> String? {
            let confidence = logo.map { ["hv o": $0, "ka \\": 76, "i GREEN FIELD": 65] } ?? [:]
            return ReceiptParser().parse(text, ocrConfidence: 70, lineConfidence: confidence).merchant
        }
        #expect(merchant(logo: HeaderRules.minNameConfidence - 1) == "GREEN FIELD")
        #expect(merchant(logo: HeaderRules.minNameConfidence) == "hv o")
        #expect(merchant(logo: nil) == "hv o")
    }
}

extension HeaderRepairTests {
    /// A logo only in the header: the company the footer names is the merchant, up to the comma
    /// after its legal form. Not a footer line OCR was unsure of, nor one with digits, nor over a
    /// name the header holds.
    @Test func theFooterNamesTheCompanyWhenTheHeaderHasNoName() {
        let items = (1...10).map { "ARTIKEL \($0) 1,00" }.joined(separator: "\n")
        let text = "Pohlweg 110\n33100 Paderborn\n\(items)\nSUMME 10,00\nVielen Dank!\nAldi GmbH & Co. KG, Schloss Holte"
        let unsure = "Aldi GmbH & Co. KG, Schloss Holte"
        #expect(ReceiptParser().parse(text).merchant == "Aldi GmbH & Co. KG")
        #expect(ReceiptParser().parse(text, ocrConfidence: 80, lineConfidence: [unsure: HeaderRules.minNameConfidence - 1]).merchant == nil)
        #expect(ReceiptParser().parse(text.replacingOccurrences(of: "Schloss Holte", with: "33758 Schloss Holte")).merchant == nil)
        #expect(ReceiptParser().parse("ALDI SUED\n" + text).merchant == "ALDI SUED")
    }
}

extension HeaderRepairTests {
    /// Short words at either end of the name's line that OCR was unsure of (a logo or the
    /// paper's edge read as letters) are no part of it; a doubtful word inside the name stays,
    /// and so does a doubtful longer word (OCR is unsure of real names too), and a line whose
    /// words' confidences are not known.
    @Test func doubtfulShortWordsAtTheEndsOfTheNameGo() {
        let text = "Sb Golden Panda Buffet ra\n14428 Ramona Blvd. #70\nBaldwin Park, CA 91706\nTOTAL 12.50"
        func merchant(_ words: [Int]?) -> String? {
            ReceiptParser().parse(text, ocrConfidence: 80, lineConfidence: ["Sb Golden Panda Buffet ra": 80],
                                  wordConfidence: words.map { ["Sb Golden Panda Buffet ra": $0] } ?? [:]).merchant
        }
        #expect(merchant([27, 96, 96, 97, 20]) == "Golden Panda Buffet")
        #expect(merchant([27, 96, 96, 97, 40]) == "Golden Panda Buffet ra")
        #expect(merchant([96, 96, 20, 97, 96]) == "Sb Golden Panda Buffet ra")
        #expect(merchant([90, 20, 30, 35, 10]) == "Sb Golden Panda Buffet")
        #expect(merchant(nil) == "Sb Golden Panda Buffet ra")
        #expect(merchant([27, 96, 96]) == "Sb Golden Panda Buffet ra")  // not this line's words
    }

    /// The name is printed above its street and town: a street over its postcode and town, or a
    /// town with its ZIP code, is the address, and without a name above it the receipt has none.
    @Test func theNameIsAboveTheStreetAndTown() {
        #expect(merchant("GREEN FIELD\n5305 E PACIFIC COAST HWY\nLong Beach, CA 90804\n(562) 597-0906") == "GREEN FIELD")
        let logoOnly = ReceiptParser().parse("Ad anbe D nE\nPohlweg 110\n33100 Paderborn\nUNSERE ÖFFNUNGSZEITEN\nBIO HONIG 2,29",
                                             ocrConfidence: 60, lineConfidence: ["Ad anbe D nE": 20])
        #expect(logoOnly.merchant == nil)
        #expect(logoOnly.address == "Pohlweg 110 33100 Paderborn")
    }

    /// A photo's table and edge read as lines push the name down: above the street and town it
    /// is still the name, and a mark far from it on its line is not part of it.
    @Test func aNameLowInAPhotoAboveItsAddress() {
        let noise = ["AARS s. E A     ey", "SRA     n", "y", "SES", "AN", "FET 2a", "Aa Še"]
        let text = (noise + ["i      New Asia Buffet              rs", "14727 Rinaldi St.", "San Fernando, CA 91340", "TOTAL 12.50"])
            .joined(separator: "\n")
        let confidence = Dictionary(uniqueKeysWithValues: noise.map { (TextLine.normalised(Substring($0)), 20) })
        #expect(ReceiptParser().parse(text, ocrConfidence: 60, lineConfidence: confidence).merchant == "New Asia Buffet")
        // Without a street and town below, a line that far down is no name.
        let noAddress = (noise + ["New Asia Buffet", "TOTAL 12.50"]).joined(separator: "\n")
        #expect(ReceiptParser().parse(noAddress, ocrConfidence: 60, lineConfidence: confidence).merchant == nil)
        // Postcodes of other shapes mark the town as well.
        for town in ["CH-8001 Zürich", "1012 AB Amsterdam", "1100-148 Lisboa", "00-950 Warszawa", "110 00 Praha 1"] {
            let receipt = ReceiptParser().parse((noise + ["Café Central", "Hauptstraße 21", town, "Total 8.00"]).joined(separator: "\n"),
                                                ocrConfidence: 60, lineConfidence: confidence)
            #expect(receipt.merchant == "Café Central", "\(town)")
            #expect(receipt.address == "Hauptstraße 21 \(town)")
        }
        // A logo's words above the name printed in full over the address: the full name; not a
        // street line that shares a word with the name.
        #expect(merchant("GRILLE\nVillaggio Grille\n4780 Wharf Parkway\nOrange Beach, AL 36561") == "Villaggio Grille")
        #expect(merchant("PLAC\nThe Place 2 Be\n615 Franklin Ave\nHartford, CT 06114") == "The Place 2 Be")
        #expect(merchant("BUNGA RAYA CAFE\nTAMAN BUNGA RAYA\n52100 KUALA LUMPUR") == "BUNGA RAYA CAFE")
        // A store number in brackets is not the name's.
        #expect(merchant("Pappadeaux Seafood Kitchen (612)\n7800 Airport Blvd\nHouston, TX 77061") == "Pappadeaux Seafood Kitchen")
        // A five-digit house number before a street's kind is no postcode: the name above it,
        // outlet number and all, is still the name (the town's state spelled out, no ZIP pattern).
        #expect(merchant("DOUGLAS BURGERS #15\n11325 Washington Blvd\nWhitter, Calif 90605") == "DOUGLAS BURGERS #15")
        #expect(merchant("Café Central\n8001 Zürich\nTotal 8.00") == "Café Central")
        // Words set apart by a wide gap stay when each is more than a mark.
        #expect(merchant("CAFE ROMA      WINE BAR\n12 Main St\nBoston, MA 02110") == "CAFE ROMA WINE BAR")
    }
}

extension HeaderRepairTests {
    /// A labelled address is the address wherever the phone and tax lines put it, without its
    /// label; a line that only starts with such a word, or carries a price, is not.
    @Test(arguments: [
        ("HQ ADD: LOT 11995, BATU 2, JALAN KAPAR\n41400 KLANG, SELANGOR", "LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR" as String?),
        ("Adresse: 12 Rue de la Paix\n75002 Paris", "12 Rue de la Paix 75002 Paris"),
        ("Alamat : No 5, Jalan Besar", "No 5, Jalan Besar"),
        ("ADD ON: EXTRA CHEESE 1.00", nil),
        ("Additional info: 12 Main St", nil),
    ])
    func aLabelledAddressAfterThePhoneAndTaxLines(_ lines: String, _ address: String?) {
        let text = "HAI-O RAYA BHD\nKEPONG OUTLET\nTEL / FAX : 03-62636977\nGST ID NO: 001600892928\n\(lines)\nDATE: 15/12/2016\nTOTAL 47.70"
        #expect(ReceiptParser().parse(text).address == address)
    }
}

extension HeaderRepairTests {
    /// A registration line between the name and the address is passed over; one under the
    /// address ends it, and the outlet's name or till code below is no address.
    @Test(arguments: [
        ("LOT 7, JALAN MAJU 3\n47500 SUBANG JAYA, SELANGOR\nGST REG NO 000123456789\nMAJU 2 OUTLET", "LOT 7, JALAN MAJU 3 47500 SUBANG JAYA, SELANGOR"),
        ("CO REG NO 123456-A\nLOT 7, JALAN MAJU 3\n47500 SUBANG JAYA, SELANGOR", "LOT 7, JALAN MAJU 3 47500 SUBANG JAYA, SELANGOR"),
        ("LOT 7, JALAN MAJU 3\n47500 SUBANG JAYA\nTEL: (+603) 7831 0109\nKPB02201605190112", "LOT 7, JALAN MAJU 3 47500 SUBANG JAYA"),
    ])
    func aRegistrationLineUnderTheAddressEndsIt(_ lines: String, _ address: String) {
        let text = "MAJU TRADING SDN BHD (654321-X)\n\(lines)\nDATE: 15/12/2016\nTOTAL 47.70"
        #expect(ReceiptParser().parse(text).address == address)
    }
}

extension HeaderRepairTests {
    /// A US town line as photos and shops print it (`Tx 77061`, `Florida 33139`) ends the
    /// name's search as `TX 77061` does: the street above it is no name, and a logo's words
    /// above the name printed in full over the street give way to that name.
    @Test(arguments: [
        ("THANK YOU\n1344 Ocean Drive\nMiami Beach Florida 33139", nil as String?),
        ("GRILL\nMaple Grill House\n120 Main Street\nSpringfield, Il 62701", "Maple Grill House"),
        ("GRILL\nMaple Grill House\n120 Main Street\nSpringfield, IL 62701", "Maple Grill House"),
    ])
    func aUSTownLineInAnyCase(_ header: String, _ merchant: String?) {
        let r = ReceiptParser().parse("\(header)\n(217) 555-0110\n03/17/2017 11:24 AM\nTOTAL $13.78\nVISA $13.78")
        #expect(r.merchant == merchant)
    }
}
