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
