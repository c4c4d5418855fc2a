import Foundation

/// Merchant, address and phone: the receipt's header block.
struct HeaderRules {
    private let labelledPhone = #/(?i)\b(?:t[eé]l|phone|ph|telefon|t|fon|hp|h\/p|mobile)\b\.?\s*(?:no\.?)?\s*[:.]?\s*(\+?\(?\d[\d \-().]{6,18}\d)/#
    /// A company registration number alone on a line: `002043319-W`, `(867388-U)`, `JM0032980-V`.
    private let registrationNumber = #/^\(?[A-Z]{0,3}\d{5,12}[- .]?[A-Z]\)?$/#
    /// A tax id value: `001429012480`, `GB 220 4302 31`, `DE812706034`, `51 824 753 556`.
    private let taxIDValue = #/\b((?:[A-Z]{2} ?)?\d[\d \-/.]{4,20}\d[A-Z]?)/#
    /// A company number in brackets as OCR may misread it: `(S19S3?-X)`.
    private let misreadCompanyNumber = #/\([A-Z0-9?]{4,12}-[A-Z]\)/#
    /// A Malaysian-style company number, digits then a check letter: `210038-k`, `(867388-U)`.
    private let companyNumber = #/\(?[A-Z]{0,3}\d{5,12}-+[A-Za-z]\)?/#
    /// A US state and ZIP code as a town line prints it, also as OCR and shops write it in a
    /// header: the code in any case (`Houston, Tx 77061`) or the state's name (`Miami Beach
    /// Florida 33139`). The locale's test, which decides the date order, takes only the capitals.
    private let usStateZip = DateLocale.usStateZip().ignoresCase()
    private let usStateNameZip = #/\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming),? \d{5}(?:-\d{4})?\b/#
    /// A postcode before the town's name: `33100 Paderborn`, `CH-8001 Zürich`, `1012 AB Amsterdam`,
    /// `1100-148 Lisboa`, `00-950 Warszawa`, `110 00 Praha`.
    private let postcodeAndTown = #/(?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{4} [A-Z]{2}|\d{4}-\d{3}|\d{2}-\d{3}|\d{3} \d{2}) [^ ]*?\p{L}[^ ]*?\p{L}[^ ]*?\p{L}/#
    /// An area code in brackets may stand apart from its digits (`( 770 ) 389 - 2900`).
    private let barePhone = #/(?:^|[^\d.,])(\+?\( ?\d{2,4} ?\) ?[\-.]? ?\d{3,4} ?[ \-.] ?\d{3,4}|\+?\d{2,4}[ \-.]\d{3,4}[ \-.]\d{3,4})(?![\d.,])/#
    /// How many lines from the top the header can reach.
    private let headerDepth = 12
    private let addressRepair = AddressRepair()

    struct Header {
        var merchant: String?
        var merchantStrength = 0.0
        var address: String?
        var phone: String?
        var merchantLine: Int?
        /// Last line of the header block (merchant and address), where items may begin.
        var endLine = 0
    }

    /// - Parameter confidence: OCR's confidence (0...100) in a line, when the text came from OCR.
    /// - Parameter wordConfidence: OCR's confidence in each of a line's words, when known.
    func read(_ lines: [TextLine], confidence: (TextLine) -> Int? = { _ in nil },
              wordConfidence: (TextLine) -> [Int]? = { _ in nil }) -> Header {
        var h = Header()
        let top = Array(lines.prefix(headerDepth))
        h.phone = phone(in: top)
        // No name read (a logo only): the address and phone are still the header's.
        guard let (merchantIndices, strength) = merchantLines(top, confidence: confidence) else {
            let (address, lastAddressLine) = address(after: -1, in: top)
            h.address = address.map(addressRepair.repair)
            h.endLine = lastAddressLine ?? 0
            if let legal = footerLegalName(lines, confidence: confidence) {
                (h.merchant, h.merchantStrength, h.merchantLine) = (legal.name, 0.5, legal.line)
            }
            return h
        }
        let name = merchantIndices.map { i in
            cleanName(dropFarFragments(dropDoubtfulEnds(lines[i], words: wordConfidence(lines[i]))))
        }.joined(separator: " ")
        h.merchant = repairLegalForm(repairLetters(dropTrailingNoise(dropLeadingNoise(repairSlashForm(dropLabel(name))))))
        h.merchantStrength = strength
        h.merchantLine = merchantIndices.last
        let (address, lastAddressLine) = address(after: merchantIndices.last!, in: top)
        h.address = address.map(addressRepair.repair)
        h.endLine = lastAddressLine ?? merchantIndices.last!
        return h
    }

    /// The merchant's tax or registration id, from a labelled line anywhere on the receipt.
    func taxID(_ lines: [TextLine]) -> String? {
        for line in lines where line.digitCount >= 6 && !line.endsWithAmount && line.has(Keywords.taxIDLabel) {
            let text = line.text
            let value = text.firstIndex(of: ":").map { text[text.index(after: $0)...] } ?? text[...]
            if let m = value.firstMatch(of: taxIDValue) {
                return String(m.1).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The legal name (a line with a company form: SDN BHD, GmbH, Ltd) in the first 8 lines wins,
    /// as datasets and invoices name the merchant; without one, the name a registration number is
    /// printed under; else the first line in the first 6 that reads as a name, or the full name
    /// over the street and town that restates it (`GRILLE` / `Villaggio Grille`); else, when a
    /// street and town follow lower down (a photo's table and logo read as lines above), the
    /// name-like line nearest above them. Never below the street and town; lines OCR was unsure
    /// of are no names. A legal line is joined to the line above that it only finishes
    /// (`SINAR JAYA TOOLS` / `ENTERPRISE (SHAH ALAM) SDN BHD`), and to the line below that
    /// opens with the form it lacks (`AIK HUAT HARDWARE` / `ENTERPRISE (SETIA` / `ALAM) SDN BHD`).
    private func merchantLines(_ top: [TextLine], confidence: (TextLine) -> Int?) -> ([Int], Double)? {
        let address = top.first { isStreetOrTown($0, in: top) }?.index ?? top.count
        // Above a street and town the name may sit lower (a photo's table or logo read as lines).
        let reach = address < top.count ? address : min(8, top.count)
        let named = top.prefix(reach).filter { isNameLike($0) && (confidence($0) ?? 100) >= Self.minNameConfidence }
        let early = named.filter { $0.index < 8 }
        guard let legal = early.first(where: isLegalName) else {
            if let registered = early.first(where: { isRegisteredName($0, in: top) }) {
                return ([registered.index], 0.8)
            }
            if let first = named.first, first.index < 6 {
                // A logo's words read above the name printed in full over the address (`GRILLE` /
                // `Villaggio Grille`): the full name.
                if let nearest = named.last, nearest.index == address - 1, nearest.index > first.index,
                   !nearest.has(Keywords.address), restates(nearest, first) { return ([nearest.index], 0.7) }
                return ([first.index], 0.7)
            }
            // Lower down, the name is the line nearest above the address.
            return named.last.flatMap { address < top.count ? ([$0.index], 0.6) : nil }
        }
        func nameLine(_ index: Int) -> TextLine? { named.first { $0.index == index } }
        var indices = [legal.index]
        if let previous = nameLine(legal.index - 1), !isLegalName(previous), finishesName(legal, above: previous) {
            indices.insert(previous.index, at: 0)
        }
        // A name without its legal form, continued by a line that opens with one (`AIK HUAT
        // HARDWARE` / `ENTERPRISE (SETIA` / ...; a trade word made the first line legal).
        if let last = indices.last, let end = top[last].text.split(separator: " ").last, !Self.isLegalEnd(end),
           let next = nameLine(last + 1), let head = next.text.split(separator: " ").first, Self.isLegalContinuation(head) {
            indices.append(next.index)
        }
        // A bracket the name opens closes on the next line (`ENTERPRISE (SETIA` / `ALAM) SDN BHD`).
        if let last = indices.last, opensBracket(top[last]), let next = nameLine(last + 1), closesBracket(next) {
            indices.append(next.index)
        }
        return (indices, indices.count > 1 ? 0.85 : 0.9)
    }

    /// `line` holds a word of `logo` (three letters or more), or one that a word of four or
    /// more begins (`PLAC` of `Place`).
    private func restates(_ line: TextLine, _ logo: TextLine) -> Bool {
        func words(_ l: TextLine) -> [String] { l.text.uppercased().split(separator: " ").map { $0.filter(\.isLetter) } }
        let full = words(line)
        return words(logo).contains { w in
            w.count >= 3 && full.contains { $0 == w || (w.count >= 4 && $0.hasPrefix(w)) }
        }
    }

    /// The line opens a bracket it does not close (`ENTERPRISE (SETIA`).
    private func opensBracket(_ line: TextLine) -> Bool {
        guard let open = line.text.lastIndex(where: { "({[".contains($0) }) else { return false }
        return !line.text[open...].contains(")")
    }

    /// The line closes a bracket it did not open (`ALAM) SDN BHD`).
    private func closesBracket(_ line: TextLine) -> Bool {
        guard let close = line.text.firstIndex(of: ")") else { return false }
        return !line.text[..<close].contains(where: { "({[".contains($0) })
    }

    /// A name with the company's registration number on the next line (`KFA SUPPLY` /
    /// `( ROC : SA0416111-K )`); not an address line above a tax id (`GST REG NO ...`).
    private func isRegisteredName(_ line: TextLine, in top: [TextLine]) -> Bool {
        guard line.index + 1 < top.count, !looksLikeAddress(line) else { return false }
        let next = top[line.index + 1]
        return isRegistration(next) && !next.has(Keywords.taxIDLabel)
    }

    /// A postcode and town (`33100 Paderborn`, `Long Beach, CA 90804`), or the street with its
    /// number above one (`Pohlweg 110`, `5305 E PACIFIC COAST HWY`): the address, not the name.
    private func isStreetOrTown(_ line: TextLine, in top: [TextLine]) -> Bool {
        isTown(line, in: top) || (line.digitCount > 0 && line.index + 1 < top.count && isTown(top[line.index + 1], in: top))
    }

    /// A line that opens with a postcode before a word, or holds a US state and ZIP code. Above
    /// a state and ZIP, a number before a word is the street's (`1234 MAIN ST`), and the line
    /// above that is the name's (`WALGREENS #04521`); so is a number before a street's kind
    /// (`11325 Washington Blvd`), wherever the town is.
    private func isTown(_ line: TextLine, in top: [TextLine]) -> Bool {
        guard line.digitCount >= 4 else { return false }
        if isUSTown(line) { return true }
        return line.text.prefixMatch(of: postcodeAndTown) != nil && !line.has(Keywords.streetKind)
            && !(line.index + 1 < top.count && isUSTown(top[line.index + 1]))
    }

    private func isUSTown(_ line: TextLine) -> Bool {
        line.digitCount >= 5 && (line.text.contains(usStateZip) || line.text.contains(usStateNameZip))
    }

    /// With no name in the header (a logo only), the company the footer names
    /// (`Aldi GmbH & Co. KG, Schloß Holte` under `Vielen Dank für Ihren Einkauf!`): the first
    /// line below the header with a legal form, no digits and OCR sure of it, up to the comma
    /// after its form (the town or street follows). Not from just under the address: on an
    /// invoice, the legal name there is the customer's (measured: a grain copy's supplier
    /// invoice took `MAKASSAR FRESH MARKET SDN BHD`).
    private func footerLegalName(_ lines: [TextLine], confidence: (TextLine) -> Int?) -> (name: String, line: Int)? {
        guard let legal = lines.dropFirst(headerDepth).first(where: {
            $0.digitCount == 0 && $0.has(Keywords.legalForm) && isNameLike($0) && (confidence($0) ?? 100) >= Self.minNameConfidence
        }) else { return nil }
        let text = legal.text
        let end = text.firstIndex(of: ",").flatMap { Keywords.legalForm.matches(Word.split(String(text[..<$0]))) ? $0 : nil }
            ?? text.endIndex
        return (cleanName(String(text[..<end])), legal.index)
    }

    /// A line with a company form, also as OCR misreads it (`99 SPEED MART 5/8`, `... SIN BHO`).
    private func isLegalName(_ line: TextLine) -> Bool {
        if line.has(Keywords.companyForm) { return true }
        let name = cleanName(line.text)
        return repairSlashForm(name) != name || repairLegalForm(name) != name
    }

    private func finishesName(_ legal: TextLine, above previous: TextLine) -> Bool {
        // An outlet or web name above the legal name (`JIMART@SP3`) is not its first half.
        if previous.digitCount > 0 || previous.text.contains("@") { return false }
        let words = legal.words
        let previousWords = Set(previous.words)
        if words.contains(where: previousWords.contains) { return false }  // a restatement, not a wrap
        if legal.text.hasPrefix("(") || (closesBracket(legal) && opensBracket(previous)) { return true }
        if let head = words.first, Keywords.companyForm.containsWord(head) { return true }
        return words.filter { !Keywords.companyForm.containsWord($0) }.count <= 2
    }

    /// Below this OCR confidence a header line is a logo, a fold or the paper's edge read as
    /// letters (`hv o` 24, `FET 2a` 10 over `GREEN FIELD` 65). Measured in 0.17.3: at 40 or 45
    /// photos-us lost 4-5 names (the degraded scans gained 1-3); without it, 15.
    static let minNameConfidence = 50

    private func isNameLike(_ line: TextLine) -> Bool {
        // Mostly letters, not counting a registration number in brackets after the name
        // (`99 SPEED MART S/B (519537-X)`).
        let counted = line.text.split(separator: " ").filter { !($0.hasPrefix("(") && $0.filter(\.isNumber).count >= 5) }
        guard line.letterCount >= 3, line.letterCount * 2 >= counted.reduce(0, { $0 + $1.count }),
              line.amounts.isEmpty else { return false }
        if line.has(Keywords.notMerchant) && !line.has(Keywords.companyForm) { return false }
        if isRegistration(line) { return false }
        return true
    }

    /// "(CO. NO. 639240-H)", "(1234567-X)", "ROC NO ...": a registration number under the name;
    /// also with a misread label (`CO KEG NO : 210038-k`) or noise around the brackets.
    private func isRegistration(_ line: TextLine) -> Bool {
        line.has(Keywords.registration)
            || (line.text.contains("(") && line.digitCount >= 4 && line.letterCount <= 4 && line.text.firstMatch(of: barePhone) == nil)
            || (line.letterCount <= 4 && line.text.wholeMatch(of: registrationNumber) != nil)
            || (line.letterCount <= 4 && isAlone(companyNumber, in: line))
            || (line.text.contains(":") && !line.has(Keywords.companyForm)
                && line.text.split(separator: " ").last.map { $0.wholeMatch(of: companyNumber) != nil } == true)
    }

    /// The line's one word of two or more letters and digits matches, among stray marks
    /// (`, 002043319-W`, `í 1120908-M)`).
    private func isAlone(_ pattern: Regex<Substring>, in line: TextLine) -> Bool {
        let words = line.text.split(separator: " ").filter { $0.count { $0.isLetter || $0.isNumber } >= 2 }
        return words.count == 1 && words[0].wholeMatch(of: pattern) != nil
    }

    /// The header lines under the merchant that read as an address, joined.
    private func address(after merchant: Int, in top: [TextLine]) -> (String?, Int?) {
        var parts: [String] = []
        var last: Int?
        var skipped = 0, idsBeforeAddress = 0
        var block = top.filter { $0.index > merchant }
        // A labelled address (`HQ ADD: LOT 11995, BATU 2`, `Adresse: ...`) starts there,
        // wherever the phone and tax lines put it.
        if let (n, rest) = block.enumerated().lazy.compactMap({ n, line in
            line.endsWithAmount ? nil : Self.addressAfterLabel(line.text).map { (n, $0) }
        }).first {
            block = [TextLine(index: block[n].index, text: rest)] + block[(n + 1)...]
        }
        for (n, line) in block.enumerated() {
            // The legal name and registration numbers sit between a brand name and the address;
            // tax ids and the date can too (`GST NO: ...`, `02 Apr 2018 18:31` above the street).
            // Once the address has begun, one ends it: the lines under it are the outlet's or the till's.
            if isRegistration(line) {
                if parts.isEmpty { continue }
                break
            }
            if parts.isEmpty && line.has(Keywords.companyForm) { continue }
            if parts.isEmpty, idsBeforeAddress < 3,
               isTaxID(line) || isDateOrTime(line) {
                idsBeforeAddress += 1
                continue
            }
            if line.has(Keywords.addressStop) || line.endsWithAmount || line.letterCount == 0
                || isDateOrTime(line) || isLabelledNumber(line) || isTaxID(line) || parts.count == 5 { break }
            if !looksLikeAddress(line) {
                // Before the address: a slogan or outlet name (at most two). Inside it: a line
                // without numbers or street words still belongs if the next line is address.
                if parts.isEmpty { skipped += 1; if skipped > 2 { break } else { continue } }
                guard n + 1 < block.count, looksLikeAddress(block[n + 1]), !block[n + 1].has(Keywords.addressStop) else { break }
            }
            parts.append(line.text)
            last = line.index
        }
        return (parts.isEmpty ? nil : parts.joined(separator: " "), last)
    }

    /// The words that label an address line, in the languages of the other labels.
    private static let addressLabels: Set<String> = [
        "ADD", "ADDR", "ADDRESS", "ALAMAT", "ADRESSE", "ADRES", "ANSCHRIFT", "DIRECCION", "DIRECCIÓN",
        "INDIRIZZO", "ENDERECO", "ENDEREÇO", "ADRESA", "ADRESS",
    ]

    /// The text after an address label and its colon (`HQ ADD: LOT 11995` -> `LOT 11995`), nil
    /// for a line without one. The label is one of the first two words before the colon.
    static func addressAfterLabel(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let label = text[..<colon].uppercased().split(whereSeparator: { !$0.isLetter })
        guard (1...2).contains(label.count), label.contains(where: { addressLabels.contains(String($0)) }) else { return nil }
        let rest = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? nil : rest
    }

    /// A labelled tax id (`NIP 779-10-11-327`, `GST NO: 000306020352`).
    private func isTaxID(_ line: TextLine) -> Bool { line.has(Keywords.taxIDLabel) && line.digitCount >= 6 }

    /// A clock time or a numeric date (`2021-03-12 nr wydr. 123456`): the till's line, no address.
    private func isDateOrTime(_ line: TextLine) -> Bool {
        DateRules.hasClockShape(line.text) || DateRules.numericDate(line.text) != nil
    }

    /// A street word, or numbers or commas on a line without prices (opening hours and item
    /// lines carry amounts; "LOT 1.10, MID VALLEY" has its street word).
    private func looksLikeAddress(_ line: TextLine) -> Bool {
        line.has(Keywords.address)
            || (line.amounts.isEmpty && (line.digitCount > 0 || line.text.utf8.contains(UInt8(ascii: ","))))
    }

    /// "CARELINE : 1800 88 1231": a label and a long number, not an address line.
    private func isLabelledNumber(_ line: TextLine) -> Bool {
        guard let colon = line.text.firstIndex(of: ":") else { return false }
        let value = line.text[line.text.index(after: colon)...]
        return value.filter(\.isNumber).count >= 7 && value.filter(\.isLetter).isEmpty || isNumbersLine(line)
    }

    /// Phone and fax numbers behind labels OCR misread (`Pel: 03- 55423228 Kax:03- 55423213`,
    /// `fel: O3- 5542...`): seven digits or more, and every word with letters either a short
    /// label (at most four letters, with its colon) or letters that stand for digits (O, I, l, S).
    func isNumbersLine(_ line: TextLine) -> Bool {
        guard line.digitCount >= 7, line.text.contains(":") else { return false }
        // A label set apart from its colon (`IEL : 03-...`) is read as `IEL:`.
        let text = line.text.replacingOccurrences(of: " :", with: ":")
        return text.split(separator: " ").allSatisfy { word in
            let letters = word.filter(\.isLetter)
            return letters.isEmpty || (letters.count <= 4 && word.contains(":")) || letters.allSatisfy { "OoIlS".contains($0) }
        }
    }

    private func phone(in top: [TextLine]) -> String? {
        for line in top where line.digitCount >= 7 && line.has(Keywords.phoneLabel) {
            if line.has(Keywords.fax) && !line.has(Keywords.phone) { continue }
            if let m = line.text.firstMatch(of: labelledPhone) { return trimPhone(String(m.1)) }
        }
        // An unlabelled phone stands almost alone on its line ("03-7845 8155", "(212) 555-0110").
        for line in top where line.digitCount >= 7 && line.letterCount <= 6 && !line.has(Keywords.notPhone) {
            if let m = line.text.firstMatch(of: barePhone) { return trimPhone(String(m.1)) }
        }
        return nil
    }

    private func trimPhone(_ s: String) -> String {
        var t = s
        while let last = t.last, !last.isNumber { t.removeLast() }
        return t
    }

    /// OCR reads a logo beside the name as a few stray marks or mixed-case bits before it
    /// (`Heo Lf UNIHAKKA INTERNATIONAL SDN BHD`). When the name ends in a run of at least two
    /// upper-case words, tokens before the run that hold lower-case letters, or neither letters nor
    /// digits, are dropped. Mixed-case names (`Maxincome Resources Sdn Bhd`) have no such run: kept whole.
    func dropLeadingNoise(_ name: String) -> String {
        let tokens = name.split(separator: " ")
        func upper(_ t: Substring) -> Bool { t.contains { $0.isLetter } && !t.contains { $0.isLowercase } }
        func noise(_ t: Substring) -> Bool { t.contains { $0.isLowercase } || !t.contains { $0.isLetter || $0.isNumber } }
        var start = tokens.count
        while start > 0, upper(tokens[start - 1]) { start -= 1 }
        let run = tokens[start...].filter { $0.filter(\.isLetter).count >= 2 }
        guard start > 0, start < tokens.count, run.count >= 2, tokens[..<start].allSatisfy(noise) else { return name }
        return tokens[start...].joined(separator: " ")
    }

    /// Legal forms that end a company's name.
    static let legalEnds: Set<String> = ["BHD", "BERHAD", "SB", "GMBH", "LTD", "LIMITED", "LLC", "INC", "PLC"]

    /// Words a legal name's second line opens with: its form.
    static let legalContinuations = legalEnds.union(["SDN", "ENTERPRISE", "ENTERPRISES", "TRADING", "CORP", "CORPORATION", "PTE", "PTY"])

    static func isLegalEnd(_ token: Substring) -> Bool { legalEnds.contains(token.uppercased().filter(\.isLetter)) }
    static func isLegalContinuation(_ token: Substring) -> Bool { legalContinuations.contains(token.uppercased().filter(\.isLetter)) }

    /// As `dropLeadingNoise`, after the name: stray marks OCR read beside it (`... CARRY SEN 3HD oy 8 oO`) and
    /// a registration number (`AEON CO. (M) BHD (126926-H) ae f`). When the name holds a run of
    /// at least two upper-case words, trailing tokens with lower-case letters, without letters,
    /// or with four digits or more are dropped; a legal form stays (`ELEKTRO HAUS GmbH`).
    func dropTrailingNoise(_ name: String) -> String {
        var tokens = name.split(separator: " ")
        func noise(_ t: Substring) -> Bool {
            if Self.isLegalEnd(t) { return false }
            return t.contains { $0.isLowercase } || !t.contains { $0.isLetter } || t.filter(\.isNumber).count >= 4
                || (t.contains { $0.isNumber } && t.wholeMatch(of: misreadCompanyNumber) != nil)
        }
        let upperWords = tokens.filter { t in t.filter(\.isLetter).count >= 2 && !t.contains { $0.isLowercase } }
        guard upperWords.count >= 2 else { return name }
        // One or two digits after the name's last word are its own (`VIA EMILIA 9`, `STUDIO 54`,
        // a chain's outlet `DOUGLAS BURGERS #15`); longer numbers are the till's or the registration's.
        if let last = tokens.last, case let digits = last.drop(while: { $0 == "#" }),
           (1...2).contains(digits.count), digits.allSatisfy(\.isNumber) {
            let before = tokens.dropLast().last == "#" ? tokens.dropLast(2) : tokens.dropLast()
            if let word = before.last, word == upperWords.last { return name }
        }
        while let last = tokens.last, noise(last), tokens.count > 2 { tokens.removeLast() }
        return tokens.joined(separator: " ")
    }

    /// A word of at most two letters at either end of the name's line, read with less than this
    /// confidence, is a logo, a fold or the paper's edge read as letters (`ae Golden Panda
    /// Buffet`: 27 beside 96; `... # 3575 ra`: 26). Longer words stay, however unsure: OCR is
    /// unsure of real names too (`MITASU` 39, `Loaded` 54). Measured on the dev sets: 40 and two
    /// letters gained names on photos-us and sroie-check and lost none; 60, or words of any
    /// length, lost names on every set.
    static let doubtfulWord = 40, doubtfulWordLetters = 2

    /// The line without the doubtful short words at its ends (`doubtfulWord`); the line itself
    /// when its words' confidences are not known or none is dropped.
    func dropDoubtfulEnds(_ line: TextLine, words confidences: [Int]?) -> TextLine {
        let tokens = line.text.split(separator: " ")
        guard let confidences, confidences.count == tokens.count else { return line }
        func kept(_ i: Int) -> Bool {
            confidences[i] >= Self.doubtfulWord || tokens[i].filter(\.isLetter).count > Self.doubtfulWordLetters
        }
        guard let first = tokens.indices.first(where: kept), let last = tokens.indices.last(where: kept),
              first > 0 || last < tokens.count - 1 else { return line }
        // The wide gaps (byte offsets of the space between two words) move with the first word kept.
        let start = tokens[..<first].reduce(0) { $0 + $1.utf8.count + 1 }
        let text = tokens[first...last].joined(separator: " ")
        let gaps = line.wideGaps.map { $0 - start }.filter { $0 > 0 && $0 < text.utf8.count }
        return TextLine(index: line.index, text: text, wideGaps: gaps)
    }

    /// A fragment of at most three characters set apart by a wide gap (`AA        MIKUNI JAPANESE`,
    /// `Firefly American Bistro              pon`) is the photo's table, edge or logo, not the name.
    private func dropFarFragments(_ line: TextLine) -> String {
        guard !line.wideGaps.isEmpty else { return line.text }
        let bytes = Array(line.text.utf8)
        let bounds = [-1] + line.wideGaps + [bytes.count]
        let parts = zip(bounds, bounds.dropFirst()).map { String(decoding: bytes[($0 + 1)..<$1], as: UTF8.self) }
        let kept = parts.filter { $0.count > 3 }
        return kept.isEmpty ? line.text : kept.joined(separator: " ")
    }

    /// Letters OCR read as look-alike digits or signs inside an upper-case name: `MR. D.1.Y.`,
    /// `D.I.¥.`, `99 SPEED MART 5/B`. In a word with letters and one digit, a 0, 1, 5 or 8
    /// inside the word, or before a mark (`5/B`), becomes O, I, S or B; one that leads letters
    /// (`1STOP`) or ends the word (`A1`) is a name's own. `¥` becomes Y, and `@` between letters
    /// of a word without digits O (`R@SSMANN`; `JIMART@SP3` is an outlet code).
    func repairLetters(_ name: String) -> String {
        guard !name.contains(where: \.isLowercase) else { return name }
        let lookAlike: [Character: Character] = ["0": "O", "1": "I", "5": "S", "8": "B", "¥": "Y", "@": "O"]
        return name.split(separator: " ").map { token -> String in
            let chars = Array(token)
            guard chars.contains(where: \.isLetter), chars.filter(\.isNumber).count <= 1 else { return String(token) }
            return String(chars.indices.map { i -> Character in
                guard let letter = lookAlike[chars[i]] else { return chars[i] }
                if chars[i] == "¥" { return letter }
                if chars[i] == "@" {
                    let between = i > 0 && i + 1 < chars.count && chars[i - 1].isLetter && chars[i + 1].isLetter
                    return between && !chars.contains(where: \.isNumber) ? letter : chars[i]
                }
                guard i + 1 < chars.count else { return chars[i] }  // `A1`: a name's number
                return i > 0 || !chars[i + 1].isLetter ? letter : chars[i]
            })
        }.joined(separator: " ")
    }

    /// A label before the legal name (`OWNED BY: CHEF LEE SDN BHD`, `Owned By : ...`): the name
    /// is what follows the colon, when that has a company form and two words or more.
    func dropLabel(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        let rest = name[name.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let words = rest.split(separator: " ")
        guard words.count >= 2, TextLine(index: 0, text: rest).has(Keywords.companyForm) else { return name }
        return rest
    }

    /// `S/B` (short for SDN BHD) with OCR's digits for its letters: `5/8`, `S/8`, `5/B`.
    func repairSlashForm(_ name: String) -> String {
        guard let last = name.split(separator: " ").last, last.count == 3, last.dropFirst().first == "/",
              "S5".contains(last.first!), "B8".contains(last.last!), last != "S/B" else { return name }
        return name.dropLast(3) + "S/B"
    }

    /// `SDN BHD` (Malaysia's private-limited form, on most receipts there) as OCR misreads it:
    /// `SDN BILD`, `SON BHD`, `SDN BED`, `SDN BHI`. The last two words are put right when they are
    /// within one letter of SDN, the second starts with B (or 3, 8) and is one letter from BHD,
    /// or two when it ends in D.
    func repairLegalForm(_ name: String) -> String {
        var tokens = name.split(separator: " ").map(String.init)
        guard tokens.count >= 3 else { return name }
        // `SDN` never stands alone: OCR lost the `BHD` after it.
        if tokens.last?.uppercased().filter(\.isLetter) == "SDN" {
            return (tokens.dropLast() + ["SDN", "BHD"]).joined(separator: " ")
        }
        let first = tokens[tokens.count - 2].uppercased(), second = tokens[tokens.count - 1].uppercased()
        let core = second.filter { $0.isLetter || $0.isNumber }
        guard editDistance(first.filter(\.isLetter), "SDN") <= 1,
              first.filter(\.isLetter).count == 3,
              let lead = core.first, "B38".contains(lead),
              editDistance(core, "BHD") <= (core.last == "D" ? 2 : 1),
              first != "SDN" || core != "BHD" else { return name }
        tokens.removeLast(2)
        return (tokens + ["SDN", "BHD"]).joined(separator: " ")
    }

    /// Strips decoration around a name (`*** SHOP ***`, `SHOP:`) and a registration number
    /// printed after it (`SHOP SDN BHD (482123-U)`). A single mark touching a word stays
    /// (`=SHOP` is data; the CSV writer neutralises it).
    private func cleanName(_ text: String) -> String {
        let junk: Set<Character> = ["*", "=", "-", "_", "#", "~", ":", "|", " ", ".", ",", "`"]
        var s = Substring(text)
        // A registration or store number in brackets after the name: `(126926-H)`, `(612)`.
        if s.last == ")", let open = s.lastIndex(of: "("), open > s.startIndex,
           case let inside = s[open...].dropFirst().dropLast(), inside.filter(\.isNumber).count >= 4
               || (!inside.isEmpty && inside.allSatisfy(\.isNumber)) {
            s = s[..<open]
        }
        let lead = s.prefix(while: junk.contains)
        if lead.count >= 2 || lead.last == " " { s = s.dropFirst(lead.count) }
        while let l = s.last, junk.contains(l), l != "." { s = s.dropLast() }
        return String(s)
    }
}
