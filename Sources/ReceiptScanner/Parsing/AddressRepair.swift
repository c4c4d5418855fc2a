import Foundation

/// Puts right what OCR commonly gets wrong in a header's address, using the words addresses are
/// made of: a street or place word one letter off (`Jaian`, `TANAN`, `Selangoi`, `LUNPUR`), an
/// abbreviation with a look-alike letter (`Jin`, `THN`, `Bik`), `N0.` for `NO.`, `$` for S, a
/// lone mark after the last word or lower-case letter among capitals (`SC d JLN`), and accents
/// OCR put on letters of a Malay address, a language written without them (`Chéras`, `Pêlabur`).
///
/// Only words of the list below are restored: a word one letter from two of them, or one the list
/// does not know, stays as read; so do words under five letters, where a misread letter often
/// makes another real word.
struct AddressRepair {
    /// Street, building and place words of the addresses receipts print: English, Malay (Malaysia's
    /// street words, states and federal territories, largest cities) and German.
    static let words: Set<String> = [
        // English
        "STREET", "ROAD", "AVENUE", "BOULEVARD", "DRIVE", "LANE", "SUITE", "FLOOR", "GROUND", "LEVEL",
        "BLOCK", "BUILDING", "CENTRE", "CENTER", "SHOPPING", "PLAZA", "SQUARE", "OFFICE", "BASEMENT",
        "INDUSTRIAL", "ESTATE", "HIGHWAY", "TOWER", "COMPLEX",
        // Malay street and building words
        "JALAN", "TAMAN", "LORONG", "BANDAR", "SEKSYEN", "KAMPUNG", "BUKIT", "SUNGAI", "PERSIARAN",
        "LEBUH", "LEBUHRAYA", "SIMPANG", "MUKIM", "KAWASAN", "PERINDUSTRIAN", "PERUMAHAN", "BANGUNAN",
        "WISMA", "MENARA", "KOMPLEKS", "PUSAT", "DAGANGAN", "TINGKAT", "BAWAH", "WILAYAH", "PERSEKUTUAN",
        "DARUL", "EHSAN", "MAKMUR", "TAKZIM", "RIDZUAN", "KHUSUS",
        // Malaysia, its states and federal territories
        "MALAYSIA", "SELANGOR", "JOHOR", "KEDAH", "KELANTAN", "MELAKA", "NEGERI", "SEMBILAN", "PAHANG",
        "PERAK", "PERLIS", "PULAU", "PINANG", "PENANG", "SABAH", "SARAWAK", "TERENGGANU", "KUALA",
        "LUMPUR", "PUTRAJAYA", "LABUAN",
        // Malaysia's largest cities and towns
        "PETALING", "SUBANG", "KLANG", "SHAH", "ALAM", "AMPANG", "PUCHONG", "KAJANG", "SEREMBAN", "IPOH",
        "KUANTAN", "KUCHING", "KINABALU", "BAHRU", "SETAR", "SEBERANG", "CYBERJAYA", "RAWANG", "SELAYANG",
        // German
        "STRASSE", "PLATZ", "ALLEE", "GASSE", "RING", "DAMM", "CHAUSSEE",
    ]
    /// The words by length: a misread word is compared with words of its own length only.
    private static let wordsByLength: [Int: [String]] = Dictionary(grouping: words, by: \.count)
    /// Abbreviations, matched like the five-letter words: only a look-alike letter is put right.
    static let abbreviations: Set<String> = ["JLN", "TMN", "BLK", "LRG", "FLR"]
    /// Letters OCR confuses in print (upper-cased), each with its look-alikes.
    private static let lookAlikes: [Character: Set<Character>] = [
        "L": ["I", "1", "|", "!"], "I": ["L", "1", "|", "!"], "M": ["N", "H", "W"], "N": ["M", "H"],
        "H": ["M", "N"], "A": ["E", "O"], "E": ["A", "C", "O"], "O": ["D", "Q", "U", "C"], "J": ["D", "I"],
        "U": ["O", "V"], "C": ["E", "O", "G"], "G": ["C"],
    ]
    /// Words that say the address is Malaysian, in a language written without accents.
    private static let malay: Set<String> = [
        "JALAN", "JLN", "TAMAN", "TMN", "LORONG", "SEKSYEN", "KAMPUNG", "BANDAR", "MALAYSIA", "SELANGOR",
        "JOHOR", "PAHANG", "PERAK", "KEDAH", "MELAKA", "KELANTAN", "TERENGGANU", "SABAH", "SARAWAK",
        "LUMPUR", "PUTRAJAYA",
    ]

    func repair(_ address: String) -> String {
        // No address holds a dollar sign: it is OCR's S (`Jalan $$16/1`).
        let text = dropTrailingMark(address).replacingOccurrences(of: "$", with: "S")
        var tokens = text.split(separator: " ").map(String.init)
        // A lone lower-case letter in an upper-case address is a smudge read as a letter.
        if text.count(where: \.isLowercase) == 1 {
            tokens.removeAll { $0.count == 1 && $0.first!.isLowercase }
        }
        tokens = tokens.map { repairWord(letterI($0)) }
        let repaired = tokens.joined(separator: " ")
        guard tokens.contains(where: { Self.malay.contains($0.filter(\.isLetter).uppercased()) }) else { return repaired }
        return repaired.folding(options: .diacriticInsensitive, locale: nil)
    }

    /// A lone letter or mark after the address's last word (`... 43800 DENGKIL, SELANGOR. l`,
    /// `40170 SETIA ALAM K`): OCR's reading of a smudge or the paper's edge. A capital after a
    /// word that takes one (`Block A`) stays.
    func dropTrailingMark(_ address: String) -> String {
        var tokens = address.split(separator: " ")
        guard tokens.count >= 3, let last = tokens.last, last.count == 1, let mark = last.first, !mark.isNumber else { return address }
        let previous = tokens[tokens.count - 2]
        guard previous.filter(\.isLetter).count >= 3,
              !(mark.isUppercase && Self.takesLetter.contains(previous.uppercased().filter(\.isLetter))) else { return address }
        tokens.removeLast()
        return tokens.joined(separator: " ")
    }

    private static let takesLetter: Set<String> = [
        "BLOCK", "BLK", "BLOK", "UNIT", "LOT", "WING", "TOWER", "LEVEL", "PHASE", "SUITE", "FLOOR", "GATE",
        "ZONE", "SECTION", "SEKSYEN", "JALAN", "JLN", "HAUS", "BAU", "STIEGE", "TREPPE",
    ]

    /// An upper-case word of four letters or more with one `1`, `!` or `|` among or after its
    /// letters: OCR's reading of an I (`MERANT!`, `DAMA!`, `1NDAH`). No address word holds an
    /// exclamation mark, and a number's digit stands beside digits (`1A`, `1ST`, `U13`).
    func letterI(_ token: String) -> String {
        let marks = token.indices.filter { "1!|".contains(token[$0]) }
        guard marks.count == 1, let mark = marks.first else { return token }
        let rest = token.replacingCharacters(in: mark...mark, with: "")
        let letters = rest.filter(\.isLetter)
        guard letters.count >= 4, letters.allSatisfy(\.isUppercase),
              rest.allSatisfy({ $0.isLetter || ".,;:".contains($0) }) else { return token }
        // The mark must touch a letter (`ALAM!` yes, `ALAM, !` is two tokens anyway).
        let before = mark > token.startIndex ? token[token.index(before: mark)] : " "
        let after = token.index(after: mark) < token.endIndex ? token[token.index(after: mark)] : " "
        guard before.isLetter || after.isLetter else { return token }
        return token.replacingCharacters(in: mark...mark, with: "I")
    }

    /// One token: its letters put right when they are one look-alike off an abbreviation or one
    /// letter off exactly one address word; punctuation around it stays.
    func repairWord(_ token: String) -> String {
        guard let start = token.firstIndex(where: \.isLetter),
              let end = token.lastIndex(where: { $0.isLetter || $0.isNumber }) else { return token }
        let core = String(token[start...end])
        // `N0.12,` / `N0:`: the number sign's O read as a zero.
        if core.first == "N", core.dropFirst().first == "0",
           !(core.dropFirst(2).first.map { $0.isLetter || $0.isNumber } ?? false) {
            return token.replacingCharacters(in: start...token.index(after: start), with: "NO")
        }
        guard core.allSatisfy({ $0.isLetter || $0 == "1" || $0 == "|" || $0 == "!" }) else { return token }
        let upper = core.uppercased()
        guard !Self.words.contains(upper), !Self.abbreviations.contains(upper) else { return token }
        let match: String?
        // Most five-letter words have real words one letter off (`SEGAR` is not `SETAR`), so only
        // a look-alike letter is put right in them; longer words may be off by any one letter.
        if upper.count == 3 {
            match = Self.abbreviations.first { lookAlikeOff(upper, $0) }
        } else if upper.count >= 5, core.allSatisfy(\.isLetter) {
            let near = (Self.wordsByLength[upper.count] ?? []).filter {
                upper.count >= 6 ? mismatches(upper, $0) == 1 : lookAlikeOff(upper, $0)
            }
            match = near.count == 1 ? near.first : nil
        } else {
            match = nil
        }
        guard let match else { return token }
        return token.replacingCharacters(in: start...end, with: cased(match, like: core))
    }

    private func mismatches(_ a: String, _ b: String) -> Int {
        zip(a, b).count { $0 != $1 }
    }

    /// One letter differs, and it is one of OCR's look-alikes for the word's letter.
    private func lookAlikeOff(_ read: String, _ word: String) -> Bool {
        guard read.count == word.count, mismatches(read, word) == 1,
              let (r, w) = zip(read, word).first(where: { $0 != $1 }) else { return false }
        return Self.lookAlikes[w]?.contains(r) == true
    }

    /// The word in the case it was read in: `JALAN` or `Jalan` (also for `dalan`, whose capital
    /// was misread).
    private func cased(_ word: String, like read: String) -> String {
        read.contains(where: \.isLowercase) ? word.prefix(1) + word.dropFirst().lowercased() : word
    }
}
