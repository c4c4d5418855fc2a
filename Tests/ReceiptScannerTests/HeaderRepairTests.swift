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
    ])
    func misreadLegalFormsAreRepaired(name: String, expected: String) {
        #expect(rules.repairLegalForm(name) == expected)
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
