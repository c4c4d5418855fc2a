/// Label words, in keyword form (upper case, no accents, single spaces), by what they announce.
/// Word sets, not regexes: `TextLine.has` looks a line's words up in them.
enum Keywords {
    /// Totals that are the final amount: highest weight.
    static let strongTotal: KeywordSet = [
        "GRAND TOTAL", "TOTAL DUE", "AMOUNT DUE", "BALANCE DUE", "TOTAL PAYABLE", "AMOUNT PAYABLE",
        "NET TOTAL", "NETT TOTAL", "ROUNDED TOTAL", "TOTAL ROUNDED", "TOTAL AFTER ROUNDING",
        "TOTAL ROUNDING", "TOTAL AMOUNT", "GRANDTOTAL", "TOTAL INCL", "TOTAL INCLUSIVE", "INCL GST", "INCLUSIVE GST",
        "INCLUSIVE OF GST", "TOTAL AFTER", "ZU ZAHLEN", "ZAHLBETRAG", "GESAMTBETRAG", "TOTAL TTC", "NET A PAYER",
        "TOTALE COMPLESSIVO", "IMPORTE TOTAL", "TOTAL A PAGAR", "TE BETALEN", "JUMLAH BESAR",
        "JUMLAH KESELURUHAN", "AMOUNT TO PAY", "TOTAL TO PAY", "AMT DUE", "BAL DUE",
        // Polish, Czech, Turkish, Hungarian, Swedish, Norwegian, Portuguese and Spanish "to pay"
        "DO ZAPLATY", "K UHRADE", "CELKEM K UHRADE", "GENEL TOPLAM", "FIZETENDO", "ATT BETALA", "A BETALE",
        "A PAGAR",
        // German, Swiss, French and Italian "to pay" and "final amount"
        "ZU BEZAHLEN", "ENDBETRAG", "ENDSUMME", "GESAMTSUMME", "RECHNUNGSBETRAG", "A PAYER", "MONTANT A PAYER",
        "DA PAGARE", "TOTALE DA PAGARE", "NET PAYABLE",
    ]
    /// Plain total labels.
    static let total: KeywordSet = [
        "TOTAL", "TOTAL RM", "SUMME", "SUMME EUR", "GESAMT", "TOTALE", "IMPORTE", "TOTAAL", "JUMLAH",
        "MONTANT", "BETRAG", "EUR SUMME", "TOTAL SALES", "TOTAL SALE", "ROUNDING", "ROUNDED",
        "SUMA PLN", "RAZEM", "CELKEM", "CELKOM", "SPOLU", "TOPLAM", "OSSZESEN", "SUMMA", "YHTEENSA", "I ALT",
        "UKUPNO", "SKUPAJ", "TOTALT", "FINALTOTAL",
    ]
    /// A total that says it includes the tax (`TOTAL (GST INCL)`): a total, though `TOTAL GST`
    /// in it reads like the tax total.
    static let totalIncludingTax: KeywordSet = [
        "TOTAL GST INCL", "TOTAL GST INCLUSIVE", "TOTAL TAX INCL", "TOTAL TAX INCLUSIVE", "TOTAL VAT INCL",
        "TOTAL VAT INCLUSIVE", "TOTAL SST INCL", "TOTAL SST INCLUSIVE",
        "W TAX", "WITH TAX",  // `Total w/Tax`, `Sbtl w/Tax`: the amount with the tax in it
    ]
    /// Lines that contain a total word but are not the receipt's total.
    static let notTotal: KeywordSet = [
        "SUBTOTAL", "SUB TOTAL", "ZWISCHENSUMME", "SOUS TOTAL", "SUBTOTALE", "SUBTOTAAL",
        "TOTAL QTY", "TOTAL QUANTITY", "TOTAL ITEM", "TOTAL ITEMS", "TOTAL NO", "TOTAL NUMBER",
        "TOTAL TAX", "TOTAL GST", "TOTAL VAT", "TOTAL SST", "TOTAL MWST", "TAX TOTAL", "GST TOTAL", "VAT TOTAL",
        "SST TOTAL", "TOTAL SAVING", "TOTAL SAVINGS",
        "TOTAL DISCOUNT", "TOTAL DISC", "EXCL", "EXCLUDING", "EXCLUSIVE", "BEFORE GST", "BEFORE TAX",
        "TOTAL POINTS", "POINTS", "YOU SAVED", "SAVINGS", "TOTAL WEIGHT", "NETTO", "TOTAL HT",
        "TOTAL PIECES", "TOTAL PCS", "TOTAL UNITS", "QTY TOTAL",
        // the tax's own total, the amount before tax, in the languages of the total words above
        "SUMA PTU", "PTU SUMA", "TOPLAM KDV", "KDV TOPLAM", "CELKEM DPH", "DPH CELKEM", "BEZ DPH",
        "ARA TOPLAM", "SUMA CZESCIOWA", "AFA OSSZESEN", "OSSZESEN AFA", "SUMMA MOMS", "MOMS SUMMA", "ALV YHTEENSA",
    ]
    /// Rounding adjustments: not a total unless the line also says TOTAL ("TOTAL AFTER ADJ").
    static let adjustment: KeywordSet = ["ADJ", "ADJUSTMENT", "ADJUSTMENTS", "ADJT"]
    static let totalWord: KeywordSet = ["TOTAL"]
    static let subtotal: KeywordSet = [
        "SUBTOTAL", "SUB TOTAL", "ZWISCHENSUMME", "SOUS TOTAL", "SUBTOTALE", "SUBTOTAAL",
        "TOTAL EXCL", "TOTAL EXCLUDING", "EXCLUDING GST", "EXCL GST", "TOTAL BEFORE", "TOTAL HT", "NET AMOUNT",
        "ARA TOPLAM", "MEZISOUCET", "SUMA CZESCIOWA", "DELSUMMA", "VALISUMMA", "CELKEM BEZ DPH",
    ]
    static let tax: KeywordSet = [
        "TAX", "GST", "VAT", "SST", "HST", "PST", "QST", "MWST", "UST", "MEHRWERTSTEUER", "STEUER", "TVA",
        "IVA", "BTW", "SALES TAX", "TAX AMOUNT", "TOTAL TAX", "TOTAL GST", "TOTAL VAT", "CUKAI",
        "TOTALTAX", "TOTALGST", "TOTALVAT",  // OCR ran the words together
        "PTU", "PODATEK", "DPH", "KDV", "TOPKDV", "AFA", "MOMS", "ALV", "MVA", "PDV", "DDV", "PPN", "CGST",
        "SGST", "IGST", "UTGST",
    ]
    /// Tax words in lines that are not a tax amount (registration numbers, invoice titles).
    static let notTax: KeywordSet = [
        "TAX INVOICE", "GST ID", "GST REG", "GST NO", "REG NO", "TAX ID", "VAT NO", "VAT REG", "VAT NUMBER",
        "TAX NO", "STEUERNR", "ST NR", "UST ID", "USTID", "UST IDNR", "SST ID", "SST REG", "TAX REG",
        "INCL", "INCLUSIVE", "INC GST", "INC TAX", "INC VAT", "EXCL", "EXCLUDING", "GST SUMMARY", "TAX SUMMARY",
        "SUMMARY", "ABN", "SIMPLIFIED", "TAX CODE", "INVOICE", "TAXABLE",  // the amount taxed, not the tax
        "SPRZED OPOD", "SPRZEDAZ OPODATKOWANA", "OPODATKOWANA",  // Polish: taxable sales, not the tax
    ]
    static let tip: KeywordSet = ["TIP", "TIPS", "GRATUITY", "TRINKGELD", "POURBOIRE", "PROPINA", "MANCIA", "FOOI", "GORJETA"]
    static let cash: KeywordSet = [
        "CASH", "BAR", "BARGELD", "TUNAI", "ESPECES", "EFECTIVO", "CONTANTI", "CONTANTE", "DINHEIRO", "CONTANT",
        "NUMERARIO", "GOTOWKA", "HOTOVOST", "HOTOVE", "NAKIT", "KESZPENZ", "KONTANT", "KONTANTER", "GOTOVINA",
    ]
    static let change: KeywordSet = [
        "CHANGE", "CHANGE DUE", "RUCKGELD", "ZURUCK", "RENDU", "CAMBIO", "RESTO", "WISSELGELD", "BAKI", "CHANGES",
        "TROCO", "RESZTA", "VRACENO", "PARA USTU", "VISSZAJARO", "VAXEL", "VEKSEL",
    ]
    static let cardBrands: [(KeywordSet, String)] = [
        (["VISA"], "visa"), (["MASTERCARD"], "mastercard"), (["MASTER CARD"], "mastercard"), (["MASTER"], "mastercard"),
        (["AMEX"], "amex"), (["AMERICAN EXPRESS"], "amex"), (["DISCOVER"], "discover"), (["MAESTRO"], "maestro"),
        (["GIROCARD"], "girocard"), (["EC KARTE"], "girocard"), (["EC CASH"], "girocard"), (["TWINT"], "twint"), (["JCB"], "jcb"), (["UNIONPAY"], "unionpay"),
        (["DINERS"], "diners"),
    ]
    static let card: KeywordSet = [
        "CARD", "CREDIT", "DEBIT", "KARTE", "KARTENZAHLUNG", "KREDITKARTE", "BANKKARTE", "ECKARTE", "CARTE", "CB", "TARJETA", "CARTA", "PIN",
        "CONTACTLESS", "KONTAKTLOS", "EFTPOS", "BANKOMAT", "KARTA", "KARTOU", "KREDI KARTI", "KORT", "KARTYA",
    ]
    static let date: KeywordSet = ["DATE", "DATUM", "TARIKH", "FECHA", "DATA", "DATE TIME", "DATE/TIME", "TARIH"]
    /// Header lines that name the document, not the merchant.
    static let notMerchant: KeywordSet = [
        "TAX INVOICE", "INVOICE", "RECEIPT", "OFFICIAL RECEIPT", "WELCOME", "WILLKOMMEN", "BIENVENUE",
        "SIMPLIFIED", "CASH SALE", "CASH BILL", "COPY", "DUPLICATE", "REPRINT", "KASSENBON", "BELEG",
        "QUITTUNG", "RECHNUNG", "ORDER", "CHECK", "TABLE", "THANK YOU", "GST REG", "GST ID", "CO NO",
        "COMPANY NO", "REG NO", "TEL", "PHONE", "FAX", "DATE", "TIME", "CASHIER", "SERVER", "TQ", "THANKS",
        "FOR SHOPPING", "PARAGON FISKALNY", "UCTENKA", "DANOVY DOKLAD", "NYUGTA", "KVITTO", "KUITTI", "FATURA",
        "FACTURA", "FACTURE", "SCONTRINO", "RECIBO", "BOLETA",
    ]
    /// Company-form words: a header line with one of these is most likely the legal name.
    static let companyForm: KeywordSet = [
        "SDN BHD", "SDN", "BHD", "BERHAD", "ENTERPRISE", "ENTERPRISES", "TRADING", "GMBH", "LTD", "LIMITED",
        "LLC", "INC", "CORP", "CORPORATION", "PLC", "CO KG", "AG", "SARL", "SAS", "SRL", "SPA", "B V",
        "PTY", "PTE", "S A", "S L", "LDA", "S B", "RESTAURANT", "RESTORAN", "BAKERY", "SUPERMARKET",
        "PHARMACY", "APOTHEKE", "HARDWARE", "STATIONERY", "MARKETING", "SERVICES", "INDUSTRIES",
        "HOLDINGS", "KEDAI", "PASARAYA",
    ]
    /// Legal forms alone, without the trade words `companyForm` also holds (`RESTAURANT`,
    /// `KEDAI`) or its short pieces (`AG`, `S A`): a footer line holding one names the company.
    static let legalForm: KeywordSet = [
        "SDN BHD", "BERHAD", "GMBH", "LTD", "LIMITED", "LLC", "INC", "CORP", "CORPORATION", "PLC", "CO KG", "SARL",
        "SAS", "SRL", "SPA", "B V", "PTY", "PTE", "S L", "LDA",
    ]
    /// Header lines that end the address block.
    static let addressStop: KeywordSet = [
        "TEL", "TELEPHONE", "PHONE", "PH", "FAX", "HP", "H P", "GST", "SST", "TAX", "INVOICE", "RECEIPT",
        "DATE", "TIME", "CASHIER", "EMAIL", "E MAIL", "WWW", "HTTP", "CO NO", "COMPANY NO", "REG NO",
        "ROC", "TABLE", "BILL", "ORDER", "DOC NO", "VAT", "UST", "STEUER", "TELEFON", "TEL NO", "MOBILE",
        "OPENING HOURS", "OFFNUNGSZEITEN", "SERVER", "CHECK", "TERMINAL", "STORE", "MEMBER", "UID", "NIF",
        "CIF", "NIPC", "NIE", "P IVA", "PARTITA IVA", "SIRET", "SIREN", "ABN", "FATURA", "FACTURA", "FACTURE",
        "DOCUMENTO", "FECHA", "HORA", "DATUM", "KASSE", "BON", "STNR", "ST NR",
        // The table, the waiter and the till of other countries' restaurants and shops.
        "TISCH", "KELLNER", "BEDIENUNG", "BEDIENER", "KASSIERER", "MESA", "CAMARERO", "TAVOLO", "CAMERIERE",
        "SERVEUR", "CAISSE", "CAISSIER", "TAFEL", "STOL", "STUL", "MASA", "GARSON", "KASJER", "POKLADNA",
        "PARAGON", "BELEG", "QUITTUNG",
    ]
    /// Address words that make a header line an address even without digits.
    static let address: KeywordSet = [
        "JALAN", "JLN", "JL", "TAMAN", "TMN", "LORONG", "LOT", "NO", "BATU", "KAMPUNG", "KG", "BANDAR",
        "PERSIARAN", "LEBUH", "SELANGOR", "KUALA LUMPUR", "JOHOR", "PAHANG", "PERAK", "KEDAH", "MELAKA",
        "PENANG", "PULAU PINANG", "SABAH", "SARAWAK", "NEGERI SEMBILAN", "PUTRAJAYA", "KELANTAN", "TERENGGANU",
        "STREET", "ST", "ROAD", "RD", "AVENUE", "AVE", "BLVD", "BOULEVARD", "LANE", "DRIVE", "DR", "SUITE",
        "FLOOR", "FLR", "BLOCK", "BLK", "UNIT", "STRASSE", "STR", "PLATZ", "WEG", "ALLEE", "RUE", "AVENIDA",
        "CALLE", "VIA", "PIAZZA", "STRAAT", "PLEIN", "RUA", "PLAZA", "SQUARE", "HIGHWAY", "HWY", "WISMA",
        "KOMPLEKS", "PUSAT", "PERINDUSTRIAN", "INDUSTRIAL", "CENTRE", "CENTER", "MALL",
    ]
    /// The kinds of street that follow a street's name (`11325 Washington Blvd`): a number before
    /// one is the house's, not a postcode. Not `ST`, which is also a town's saint (`9000 St. Gallen`).
    static let streetKind: KeywordSet = [
        "STREET", "ROAD", "RD", "AVENUE", "AVE", "BLVD", "BOULEVARD", "LANE", "DRIVE", "HIGHWAY", "HWY",
        "PARKWAY", "PKWY", "STRASSE", "STRAAT", "WEG", "ALLEE", "JALAN", "JLN",
    ]
    static let discount: KeywordSet = [
        "DISCOUNT", "DISC", "RABATT", "NACHLASS", "REMISE", "DESCUENTO", "SCONTO", "KORTING", "DESCONTO",
        "DISKAUN", "PROMO", "COUPON", "VOUCHER",
    ]
    static let discountTotal: KeywordSet = ["TOTAL DISCOUNT", "TOTAL DISC", "TOTAL SAVINGS", "TOTAL SAVING"]
    static let rounding: KeywordSet = ["ROUNDING", "ROUNDING ADJ", "ROUND ADJ", "RUNDUNG", "ARRONDI", "REDONDEO", "ARROTONDAMENTO", "PEMBUNDARAN"]
    static let tendered: KeywordSet = ["TENDERED", "TENDER", "PAID", "AMOUNT PAID", "RECEIVED", "AMOUNT RECEIVED", "GEGEBEN", "GEG", "BEZAHLT", "PAYE", "PAGADO", "PAGATO", "BETAALD"]
    static let taxIDLabel: KeywordSet = [
        "GST ID", "GST REG", "GST NO", "GST REG NO", "VAT NO", "VAT REG", "VAT NUMBER", "TAX ID", "ABN", "SST ID",
        "SST REG", "SST NO", "UST ID", "USTID", "UST IDNR", "USTIDNR", "UID", "UID NR", "STEUERNR", "ST NR",
        "STEUER NR", "NIF", "CIF", "P IVA", "PARTITA IVA", "TVA", "SIRET", "BTW", "NIPC", "GST", "HST", "TIN",
        "NIP", "DIC", "ICO", "GSTIN", "VKN", "VERGI NO", "NPWP", "CVR", "ORG NR",
    ]
    /// Lines in the item block that are not items.
    static let notItem: KeywordSet = [
        "QTY", "ITEM", "ITEMS", "PRICE", "AMOUNT", "AMT", "DESCRIPTION", "CHANGE", "CASH", "BALANCE", "TENDERED",
        "CARD", "VISA", "MASTERCARD", "PAID", "POINTS", "MEMBER",
    ]

    // Smaller sets used by single rules.
    static let expiry: KeywordSet = ["EXP", "EXPIRY", "EXPIRES", "VALID", "GULTIG", "BEST BEFORE"]
    static let registration: KeywordSet = ["CO NO", "CO REG", "COMPANY NO", "ROC", "REG NO", "CO REG NO", "SSM"]
    static let fax: KeywordSet = ["FAX"]
    static let phone: KeywordSet = ["TEL", "PHONE"]
    static let phoneLabel: KeywordSet = ["TEL", "TELEPHONE", "PHONE", "PH", "TELEFON", "T", "FON", "HP", "H P", "MOBILE"]
    static let notPhone: KeywordSet = ["FAX", "GST", "REG", "NO"]
    static let notCardPayment: KeywordSet = ["CARD NO", "MEMBER", "LOYALTY", "POINTS"]
    static let receiptNumber: KeywordSet = [
        "RECEIPT", "INVOICE", "INV", "BILL", "TRANS", "TRANSACTION", "TXN", "DOC", "DOCUMENT", "ORDER", "CHECK",
        "CHK", "BON", "BELEG", "TICKET", "SLIP", "REF", "BELEGNR", "BONNR",
    ]
    static let cardDigitsLabel: KeywordSet = ["ENDING", "LAST", "CARD NO", "CARD", "ACCT", "ACCOUNT"]
    /// Column heads of a tax table (`GST Summary Amount(RM) Tax(RM)`, `MwSt Netto Brutto`),
    /// with a tax word on the same line.
    static let taxTable: KeywordSet = ["SUMMARY", "NETTO", "BRUTTO", "NET", "GROSS", "AMOUNT", "RATE", "SATZ"]
    /// Column heads of an items table; two on a line make it the table's head.
    static let columnHead: KeywordSet = [
        "QTY", "QUANTITY", "PRICE", "DESCRIPTION", "ITEM", "ITEMS", "AMOUNT", "AMT", "UNIT", "CODE",
        "MENGE", "PREIS", "ARTIKEL", "BEZEICHNUNG", "QTE", "PRIX", "CANT", "PRECIO",
    ]
    static let usd: KeywordSet = ["USD", "US DOLLAR", "US DOLLARS"]
    static let totalTax: KeywordSet = [
        "TOTAL TAX", "TOTAL GST", "TOTAL VAT", "TOTAL SST", "TAX TOTAL", "GST TOTAL", "VAT TOTAL", "SST TOTAL",
        "TOTALTAX", "TOTALGST", "TOTALVAT",
    ]
    static let suggestedTip: KeywordSet = ["SUGGESTED", "SUGGESTION"]
    /// The total and subtotal labels as OCR misreads them by one letter (`Tota!` -> TOTA, `TOTL`,
    /// `Subtota]`): one letter lost or changed. Weaker evidence than the word itself.
    static let misreadTotal = KeywordSet(oneLetterOff: "TOTAL", except: ["TONAL", "TOTEM", "POTAL", "METAL"])
    static let misreadSubtotal = KeywordSet(oneLetterOff: "SUBTOTAL", except: [])
    static let currencyCodes: [(KeywordSet, String)] = [
        (["EUR"], "EUR"), (["USD"], "USD"), (["GBP"], "GBP"), (["MYR", "RM"], "MYR"), (["SGD"], "SGD"), (["CHF"], "CHF"),
        (["PLN"], "PLN"), (["CZK"], "CZK"), (["HUF"], "HUF"), (["THB"], "THB"), (["INR"], "INR"), (["SEK"], "SEK"),
        (["DKK"], "DKK"), (["NOK"], "NOK"),
    ]
}

/// Phrases of one or more words, looked up by a line's words: a table lookup per word instead of
/// a substring search per phrase (Foundation's substring search was most of the parse time).
struct KeywordSet: ExpressibleByArrayLiteral {
    /// Open addressing on the words' own FNV hashes (Swift's Set re-hashes with SipHash, which
    /// showed up in profiles). Slot value: -1 a one-word phrase, >= 0 index into `rests`
    /// (phrases starting with this word), -2 both.
    private var keys: [UInt64] = Array(repeating: 0, count: 16)
    private var slots: [Int] = Array(repeating: 0, count: 16)
    private var singles: Set<UInt64> = []
    private var rests: [[[Word]]] = []
    private var count = 0

    init(arrayLiteral phrases: String...) {
        for phrase in phrases { insert(phrase) }
    }

    /// The one-word phrases one letter away from `word` (a letter dropped or replaced), without
    /// the word itself and the real words in `except`.
    init(oneLetterOff word: String, except: Set<String>) {
        let letters = Array(word), alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        var variants: Set<String> = []
        for i in letters.indices {
            var dropped = letters
            dropped.remove(at: i)
            variants.insert(String(dropped))
            for c in alphabet where c != letters[i] {
                var replaced = letters
                replaced[i] = c
                variants.insert(String(replaced))
            }
        }
        for v in variants.subtracting(except) where v != word { insert(v) }
    }

    /// Adds a phrase, written as it would read in keyword form (upper case, spaces between words).
    mutating func insert(_ phrase: String) {
        let words = Word.split(phrase)
        guard let first = words.first else { return }
        let slot = findOrAdd(first.key)
        if words.count == 1 {
            singles.insert(first.key)
        } else {
            if slots[slot] < 0 { slots[slot] = rests.count; rests.append([]) }
            rests[slots[slot]].append(Array(words.dropFirst()))
        }
    }

    private mutating func findOrAdd(_ key: UInt64) -> Int {
        if count * 2 >= keys.count { grow() }
        var i = Int(truncatingIfNeeded: key) & (keys.count - 1)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & (keys.count - 1) }
        if keys[i] == 0 { keys[i] = key; slots[i] = -1; count += 1 }
        return i
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        slots = Array(repeating: 0, count: oldKeys.count * 2)
        count = 0
        for (k, v) in zip(oldKeys, oldSlots) where k != 0 { slots[findOrAdd(k)] = v }
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: key) & (keys.count - 1)
        while true {
            let k = keys[i]
            if k == key { return i }
            if k == 0 { return nil }
            i = (i + 1) & (keys.count - 1)
        }
    }

    /// True if `word` is one of the one-word phrases.
    func containsWord(_ word: Word) -> Bool { slot(word.key) != nil && singles.contains(word.key) }

    func matches(_ tokens: [Word]) -> Bool {
        for i in tokens.indices {
            guard let s = slot(tokens[i].key) else { continue }
            if singles.contains(tokens[i].key) { return true }
            let r = slots[s]
            guard r >= 0 else { continue }
            for rest in rests[r] where i + rest.count < tokens.count {
                if tokens[(i + 1)...(i + rest.count)].elementsEqual(rest) { return true }
            }
        }
        return false
    }
}
