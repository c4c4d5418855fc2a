/// Which way a receipt writes its numeric dates (`03/04/2024`: 3 April or March 4), decided from
/// what the receipt itself says about where it was printed: the currency, the tax's name, the
/// shape of an address or phone number, a country's name. Month first is American (and a few
/// places that print dollars); nearly every other country writes the day first.
///
/// Each kind of evidence is a named weight; one order must lead by `decisive` for the receipt to
/// decide, so a single `$` (which OCR also makes of a 5 or an S) does not outvote `RM` and `GST`.
struct DateLocale {
    struct Weights {
        /// A currency code or symbol other than the dollar on the amounts: day first.
        var currency = 2.0
        /// Dollars: month first, but one `$` alone may be OCR's 5 or S and decides nothing by
        /// itself; a second dollar amount or `USD` printed confirms it.
        var dollar = 1.0
        var dollarsConfirmed = 1.0
        /// A tax named as countries writing the day first name it (GST, VAT, MwSt, TVA, IVA, ...).
        var taxWord = 2.0
        /// `SALES TAX`, and a US state with its ZIP code.
        var usTax = 1.0
        var usStateZip = 3.0
        /// `(212) 555-0100`, `212-555-0100`: the North American phone shape.
        var usPhone = 1.0
        /// A country or a large city of a day-first country named on the receipt.
        var placeName = 2.0
        /// A date written with dots (`12.03.2019`) that reads as day first: dots are the
        /// day-first countries' way (Germany to Turkey and Russia); the US writes slashes.
        var dottedDate = 2.0
        /// How far one order must lead.
        var decisive = 2.0
    }

    /// Tax words of countries that write the day first.
    static let dayFirstTax: KeywordSet = [
        "GST", "SST", "VAT", "MWST", "UST", "TVA", "IVA", "BTW", "MOMS", "DPH", "PTU", "KDV", "PPN",
        "CGST", "SGST", "IGST", "GSTIN", "ABN", "NPWP", "INKL MWST", "TAX INVOICE",
    ]
    static let usTaxWords: KeywordSet = ["SALES TAX", "STATE TAX", "CITY TAX", "COUNTY TAX"]
    /// Countries and largest cities of day-first countries, as receipts print them in address lines.
    static let dayFirstPlaces: KeywordSet = [
        "MALAYSIA", "SELANGOR", "KUALA LUMPUR", "JOHOR", "PENANG", "PULAU PINANG", "SABAH", "SARAWAK",
        "SINGAPORE", "AUSTRALIA", "NEW ZEALAND", "UNITED KINGDOM", "ENGLAND", "LONDON", "INDIA", "MUMBAI",
        "DELHI", "BANGALORE", "DEUTSCHLAND", "GERMANY", "BERLIN", "HAMBURG", "MUNCHEN", "KOLN", "FRANKFURT",
        "OSTERREICH", "AUSTRIA", "WIEN", "SCHWEIZ", "SUISSE", "ZURICH", "GENEVE", "FRANCE", "PARIS",
        "ESPANA", "MADRID", "BARCELONA", "ITALIA", "ROMA", "MILANO", "PORTUGAL", "LISBOA", "NEDERLAND",
        "AMSTERDAM", "BELGIQUE", "BELGIE", "POLSKA", "WARSZAWA", "CESKA REPUBLIKA", "PRAHA", "TURKIYE",
        "ISTANBUL", "THAILAND", "BANGKOK", "INDONESIA", "JAKARTA", "BRASIL", "MEXICO", "IRELAND", "DUBLIN",
    ]

    let weights: Weights
    private let usStateZip = DateLocale.usStateZip()
    private let usPhone = #/(?:^|\D)(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)/#

    /// "NY 10001", "DC 20005-1234": a US state and ZIP code (built per owner: a Regex is not
    /// Sendable).
    static func usStateZip() -> Regex<Substring> {
        #/\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]),? \d{5}(?:-\d{4})?\b/#
    }

    init(weights: Weights = Weights()) {
        self.weights = weights
    }

    /// A US state and ZIP code in the header (`Springfield, IL 62701`).
    func hasUSAddress(_ lines: [TextLine]) -> Bool {
        lines.prefix(12).contains { $0.digitCount >= 5 && $0.text.contains(usStateZip) }
    }

    /// A date as `12.03.2019` or `3.12.19` whose first two numbers are a day and a month; not
    /// inside a longer run of digits and dots (a version, a time with seconds `17.36.12`).
    static func hasDottedDayFirstDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < b.count && b[i] >= 48 && b[i] <= 57 }
        func isDot(_ i: Int) -> Bool { i >= 0 && i < b.count && b[i] == UInt8(ascii: ".") }
        /// The run of digits starting at `i`: its value and where it ends.
        func number(at i: Int) -> (value: Int, end: Int) {
            var j = i, v = 0
            while isDigit(j) { if j - i < 6 { v = v * 10 + Int(b[j] - 48) }; j += 1 }  // no overflow on long runs
            return (v, j)
        }
        var i = 0
        while i < b.count {
            guard isDigit(i), !isDigit(i - 1), !isDot(i - 1) else { i += 1; continue }
            let start = i
            let day = number(at: i), month = number(at: day.end + 1), year = number(at: month.end + 1)
            i = day.end
            guard day.end - start <= 2, isDot(day.end), isDigit(day.end + 1),
                  month.end - day.end - 1 <= 2, isDot(month.end), isDigit(month.end + 1),
                  [2, 4].contains(year.end - month.end - 1), !(isDot(year.end) && isDigit(year.end + 1)) else { continue }
            if (1...31).contains(day.value), (1...12).contains(month.value) { return true }
        }
        return false
    }

    /// The order the receipt's evidence decides; nil when it does not.
    func order(_ lines: [TextLine], currency: String?) -> DateOrder? {
        var mdy = 0.0, dmy = 0.0
        var dollars = 0, usdCode = false, otherCurrency = false
        for line in lines {
            for a in line.amounts { if let c = a.currency { if c == "USD" { dollars += 1 } else { otherCurrency = true } } }
            if line.has(Keywords.usd) { usdCode = true }
        }
        if otherCurrency || (currency != nil && currency != "USD") {
            dmy += weights.currency
        } else if dollars > 0 || usdCode || currency == "USD" {
            mdy += weights.dollar + (dollars >= 2 || usdCode ? weights.dollarsConfirmed : 0)
        }
        if lines.contains(where: { $0.has(Self.dayFirstTax) }) { dmy += weights.taxWord }
        if lines.contains(where: { $0.has(Self.usTaxWords) }) { mdy += weights.usTax }
        if lines.contains(where: { $0.has(Self.dayFirstPlaces) }) { dmy += weights.placeName }
        if lines.contains(where: { $0.digitCount >= 4 && Self.hasDottedDayFirstDate($0.text) }) { dmy += weights.dottedDate }
        // Addresses and phone numbers stand in the header and the footer.
        let ends = lines.count > 30 ? Array(lines.prefix(15) + lines.suffix(15)) : lines
        if ends.contains(where: { $0.digitCount >= 5 && $0.text.contains(usStateZip) }) { mdy += weights.usStateZip }
        if ends.contains(where: { $0.digitCount >= 10 && $0.text.contains(usPhone) }) { mdy += weights.usPhone }
        if mdy - dmy >= weights.decisive { return .mdy }
        if dmy - mdy >= weights.decisive { return .dmy }
        return nil
    }
}
