import Testing
@testable import ReceiptScanner

@Suite struct AddressRepairTests {
    let repair = AddressRepair()

    @Test(arguments: [
        // Street and place words one letter off, in the case they were read in.
        ("No.12, dalan Mawar 3, Tanan Sri Muda, 40400 Shah Alam, Selangoi",
         "No.12, Jalan Mawar 3, Taman Sri Muda, 40400 Shah Alam, Selangor"),
        ("12, JALAM MERAH, 57000 KUALA LUNPUR.", "12, JALAN MERAH, 57000 KUALA LUMPUR."),
        // Abbreviations with a look-alike letter; the number sign's O read as a zero.
        ("N0.7, Bik C, Jin SS2/24, THN MAJU", "NO.7, Blk C, Jln SS2/24, TMN MAJU"),
        ("N0: 5, J1n Besar", "NO: 5, Jln Besar"),
        ("Lot 26, Jalan $$16/1 47500 Subang Jaya", "Lot 26, Jalan SS16/1 47500 Subang Jaya"),
        // A lone lower-case letter among capitals.
        ("3RD FLR, PLAZA MAJU d JLN JEJAKA, 55100 KUALA LUMPUR", "3RD FLR, PLAZA MAJU JLN JEJAKA, 55100 KUALA LUMPUR"),
        // An I read as `!` or `1` in an upper-case word; a number's 1 stays.
        ("NO. 47, JALAN MERANT! 1A, SETIA 1NDAH, MEDAN DAMA!", "NO. 47, JALAN MERANTI 1A, SETIA INDAH, MEDAN DAMAI"),
        ("1ST FLOOR, 1 UTAMA, U13/X, PJU 1A/46", "1ST FLOOR, 1 UTAMA, U13/X, PJU 1A/46"),
        // Accents in a Malay address are OCR's.
        ("Lot 3, Jalan Pêlabur 23/1, Chéras, Selangor", "Lot 3, Jalan Pelabur 23/1, Cheras, Selangor"),
    ])
    func misreadAddressWordsAreRestored(read: String, expected: String) {
        #expect(repair.repair(read) == expected)
    }

    @Test(arguments: [
        "NO.9, JALAN MANIS 3, TAMAN SEGAR, 56100 KUALA LUMPUR",  // SEGAR is a word, not SETAR
        "LOT 9, JAMAN BERKELEY, 41150 KLANG",  // TAMAN or JALAN: not guessed
        "Café Europa, Hauptstraße 5, 80335 München",  // no Malay word: accents are the language's
        "12 Main Street, Springfield, IL 62701",
        "JALAN ABU BIN AHMAD, TAN JAYA",  // short words stay
        "LOT 5, JALAN 3/4 a, TAMAN c MAJU",  // two lower-case letters: not one smudge
        "N01 JALAN BESAR",
    ])
    func wordsTheListDoesNotPlaceStay(address: String) {
        #expect(repair.repair(address) == address)
    }
}

extension AddressRepairTests {
    @Test(arguments: [
        ("LOT 276 JALAN BANTING 43800 DENGKIL, SELANGOR. l", "LOT 276 JALAN BANTING 43800 DENGKIL, SELANGOR."),
        ("NO. 31G, JALAN SETIA INDAH 40170 SETIA ALAM K", "NO. 31G, JALAN SETIA INDAH 40170 SETIA ALAM"),
        ("12 Main Street, Springfield, IL 62701 |", "12 Main Street, Springfield, IL 62701 |"),  // after a number: kept
        ("Jalan 3/4 A", "Jalan 3/4 A"),
        ("Unit 5, Block A", "Unit 5, Block A"),  // a short word before it: kept
        ("Marktstr. 5 33098 Paderborn", "Marktstr. 5 33098 Paderborn"),
    ])
    func aLoneMarkAfterTheAddressGoes(address: String, expected: String) {
        #expect(repair.dropTrailingMark(address) == expected)
    }
}
