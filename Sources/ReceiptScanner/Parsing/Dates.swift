import Foundation

/// A date read from a line, with how it was decided.
struct DateMatch {
    var date: ReceiptDate
    var ambiguous: Bool
    var printed: String
    var line: Int
    var labelled: Bool
    /// The order a numeric day-month date proves by itself (`25/12/2018`: day first), nil when
    /// both orders read as dates or the date is not numeric day-month.
    var shows: DateOrder? = nil
    /// Set when a printed part cannot be (a year after `latest` or past 2100, a month past 12,
    /// a month name no language has) and was read again: which part, and what was printed.
    var impossible: (part: String, printed: String)?
    /// Set when the date was read with a separator OCR lost (`0509/2017` as 05/09/2017).
    var lostSeparator = false
    /// Read otherwise than printed: another reading may still find it as printed.
    var readAgain: Bool { impossible != nil || lostSeparator }
}

/// Date and time rules. Holds compiled regexes, so one instance per parser (not Sendable).
struct DateRules {
    // 25 Dec 2018, 25-DEC-18, 1st March 2024, 3. Mai 2024, 20 de fev de 2024, 25AUG'17 (tills
    // that print the year after an apostrophe). A number after `#` is a till's or a table's
    // (`#04 MAR.19'17`), not a day.
    private let dayMonthName = #/(?:^|[^\d#])(\d{1,2})(?:st|nd|rd|th|\.)?[ \-/.]{0,2}(?:de |del )?([A-Za-zÀ-ÿ]{3,10})\.?[ \-/.,'’‘]{0,3}(?:de |del )?(\d{4}|\d{2})(?!\d)/#
    // Dec 25, 2018 / December 25 2018 / Feb23'19 (restaurant tills: the year after an apostrophe,
    // a day's 0 often read as O) / Jun 24 20:49:53 2018 (a clock time before the year)
    private let monthNameDay = #/(?:^|[^A-Za-zÀ-ÿ])([A-Za-zÀ-ÿ]{3,10}?)\.? ?([0-9Oo]?\d)(?:st|nd|rd|th)?,? ?(?:\d{1,2}:\d{2}(?::\d{2})? )?(\d{4}|['’‘] ?\d{2})(?!\d)/#
    // A date whose first or second separator OCR lost: `0509/2017` (05/09/2017), `27/0618` (27/06/18).
    private let dayMonthJoined = #/(^|[^\d\/])(\d{2})(\d{2})\/(\d{4})(?![\d\/])/#
    private let monthYearJoined = #/(^|[^\d\/])(\d{1,2})\/(\d{2})(\d{2})(?![\d\/])/#
    // 20181225
    private let compact = #/(?:^|\D)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/#

    /// Dates after this are misreadings (a receipt is not dated in the future); nil accepts any.
    private let latest: ReceiptDate?

    init(latest: ReceiptDate? = nil) {
        self.latest = latest
    }

    /// The receipt's date: a labelled line first, then the first date in reading order. A date
    /// after `latest` (OCR's `2048` for `2018`) or read again (`18/64/2017`) counts only when the
    /// receipt has no other, a future year repaired; with none, a date whose separator OCR lost,
    /// flagged as read again.
    func date(in lines: [TextLine], order: DateOrder) -> DateMatch? {
        var best: DateMatch?, doubtful: DateMatch?
        for line in lines where line.digitCount >= 4 {
            // Once a date is found, only a labelled one can still win.
            if best != nil && !line.has(Keywords.date) { continue }
            guard let m = date(in: line, order: order) else { continue }
            if m.impossible != nil || latest.map({ m.date > $0 }) == true {
                if doubtful == nil { doubtful = m }
                continue
            }
            if m.labelled { return m }
            if best == nil { best = m }
        }
        guard best == nil else { return best }
        if let doubtful { return latest.map { Self.repairedYear(doubtful, latest: $0) } ?? doubtful }
        // Nothing reads as a date: one whose separator OCR lost (`0509/2017`, `27/0618`).
        for line in lines where line.digitCount >= 6 {
            guard let m = line.text.firstMatch(of: dayMonthJoined) ?? line.text.firstMatch(of: monthYearJoined),
                  let (date, ambiguous) = Self.resolve(String(m.2), String(m.3), String(m.4), order: order),
                  latest.map({ date > $0 }) != true else { continue }
            return DateMatch(date: date, ambiguous: ambiguous, printed: String(m.0.drop { !$0.isNumber }), line: line.index,
                             labelled: line.has(Keywords.date), shows: ambiguous ? nil : Self.shownOrder(String(m.2), String(m.3), String(m.4)),
                             lostSeparator: true)
        }
        return nil
    }

    /// Another date the receipt prints one digit away from `chosen` (`Date 11-08-2018` beside
    /// `Closed 11-06-2018`): one of the two is misread, and nothing says which.
    func misreadTwin(of chosen: DateMatch, in lines: [TextLine], order: DateOrder) -> DateMatch? {
        func digits(_ d: ReceiptDate) -> [Character] { Array(d.iso.filter(\.isNumber)) }
        let mine = digits(chosen.date)
        for line in lines where line.index != chosen.line && line.digitCount >= 4 {
            // A date in the future is compared with its year repaired (`63/05/2078` as 2018-05-03):
            // the same date read twice, or a rival one digit away (`04-04-2048` beside `04-04-2016`).
            guard let found = date(in: line, order: order),
                  let m = latest.map({ found.date > $0 ? Self.repairedYear(found, latest: $0) : found }) ?? found,
                  m.date != chosen.date else { continue }
            if zip(digits(m.date), mine).count(where: { $0 != $1 }) == 1 { return m }
        }
        return nil
    }

    /// A future year with its tens digit read again, the latest that is not in the future
    /// (`2048`, `2078` -> `2018`): OCR misreads a 1 in small print more than any other digit.
    static func repairedYear(_ m: DateMatch, latest: ReceiptDate) -> DateMatch? {
        if m.date <= latest { return m }  // repaired when read (`2617`, a month)
        let d = m.date, decadeless = d.year - (d.year / 10 % 10) * 10
        for tens in stride(from: 9, through: 0, by: -1) {
            guard let repaired = ReceiptDate(year: decadeless + tens * 10, month: d.month, day: d.day),
                  repaired <= latest, repaired.year >= 1990 else { continue }
            var r = m
            r.date = repaired
            r.impossible = ("year", String(d.year))
            return r
        }
        return nil
    }

    private func date(in line: TextLine, order: DateOrder) -> DateMatch? {
        let text = line.text
        let labelled = line.has(Keywords.date)
        if line.has(Keywords.expiry) { return nil }
        // Cheap shape tests first: Swift Regex is slow, and most lines hold no date.
        if let (a, b, c, printed) = Self.numericDate(text) {
            if let (date, ambiguous) = Self.resolve(a, b, c, order: order) {
                return DateMatch(date: date, ambiguous: ambiguous, printed: printed, line: line.index, labelled: labelled,
                                 shows: ambiguous ? nil : Self.shownOrder(a, b, c))
            }
            // `30/09/2617`: a year no receipt has, its hundreds digit misread; read as 20xx.
            if latest != nil, c.count == 4, c.hasPrefix("2"), let printedYear = Int(c), printedYear > 2100,
               let (date, ambiguous) = Self.resolve(a, b, "20" + c.suffix(2), order: order) {
                return DateMatch(date: date, ambiguous: ambiguous, printed: printed, line: line.index,
                                 labelled: labelled, impossible: ("year", String(printedYear)))
            }
            if let (date, part, printedPart) = Self.repairedPart(a, b, c, order: order) {
                return DateMatch(date: date, ambiguous: false, printed: printed, line: line.index,
                                 labelled: labelled, impossible: (part, String(printedPart)))
            }
        }
        // A month name joined to its day (`Feb23'19`) is no word of its own: the year's apostrophe tells.
        if line.letterCount >= 3, line.has(MonthNames.words) || Self.hasApostropheYear(text) {
            if let m = text.firstMatch(of: dayMonthName), let month = MonthNames.month(String(m.2)),
               let day = Int(m.1), let year = Self.year(String(m.3)),
               let date = ReceiptDate(year: year, month: month, day: day) {
                return DateMatch(date: date, ambiguous: false, printed: Self.trimmed(m.0), line: line.index, labelled: labelled)
            }
            if let m = text.firstMatch(of: monthNameDay), let month = MonthNames.month(String(m.1)),
               let day = Int(String(m.2.map { $0 == "O" || $0 == "o" ? "0" : $0 })), let year = Self.year(String(m.3.filter(\.isNumber))),
               let date = ReceiptDate(year: year, month: month, day: day) {
                return DateMatch(date: date, ambiguous: false, printed: Self.trimmed(m.0), line: line.index, labelled: labelled)
            }
        }
        if line.letterCount >= 3, line.digitCount >= 5, let (day, word, year, printed) = Self.dayWordYear(text),
           let month = MonthNames.misreadAbbreviation(word), let date = ReceiptDate(year: year, month: month, day: day) {
            return DateMatch(date: date, ambiguous: false, printed: printed, line: line.index, labelled: labelled,
                             impossible: ("month", word))
        }
        if line.digitCount >= 8, let m = text.firstMatch(of: compact),
           let date = ReceiptDate(year: Int(m.1)!, month: Int(m.2)!, day: Int(m.3)!) {
            return DateMatch(date: date, ambiguous: false, printed: Self.trimmed(m.0), line: line.index, labelled: labelled)
        }
        return nil
    }

    /// An apostrophe (straight or curly) and two digits: the `'19` of `Feb23'19`.
    static func hasApostropheYear(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        for i in b.indices {
            var next: Int
            if b[i] == UInt8(ascii: "'") { next = i + 1 }
            else if b[i] == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x98 || b[i + 2] == 0x99 { next = i + 3 }
            else { continue }
            if next < b.count, b[next] == 32 { next += 1 }
            if digit(next), digit(next + 1) { return true }
        }
        return false
    }

    /// A digit, a colon, two digits: `9:41`.
    static func hasClockShape(_ text: String) -> Bool {
        var run = 0  // 1: digit seen, 2: digit + colon, 3: + digit
        for b in text.utf8 {
            let digit = b >= 48 && b <= 57
            switch run {
            case 0, 1: run = digit ? 1 : (b == UInt8(ascii: ":") && run == 1 ? 2 : 0)
            case 2: run = digit ? 3 : 0
            default: if digit { return true } else { run = 0 }
            }
        }
        return false
    }

    /// `25/12/2018`, `12-25-18`, `2018.12.25`: 1-4 digits, a separator (`/`, `-`, `.`), 1-2 digits,
    /// the same separator, 2-4 digits, not inside a longer number. A dot may be followed by a
    /// space, as Czech, Slovak and Hungarian receipts print dates (`12. 3. 2019`, `2019. 03. 12.`),
    /// when the date has its four-digit year. Scanned by hand: this runs on every line with
    /// digits, and Swift Regex was the parser's largest cost.
    static func numericDate(_ text: String) -> (String, String, String, String)? {
        let b = Array(text.utf8)
        func isDigit(_ i: Int) -> Bool { i < b.count && b[i] >= 48 && b[i] <= 57 }
        func isSep(_ c: UInt8) -> Bool { c == UInt8(ascii: "/") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") }
        func digits(from i: Int) -> Int { var j = i; while isDigit(j) { j += 1 }; return j - i }
        var i = 0
        while i < b.count {
            let startsRun = isDigit(i) && (i == 0 || !(isDigit(i - 1) || isSep(b[i - 1]) || b[i - 1] == UInt8(ascii: ",")))
            guard startsRun else { i += 1; continue }
            let n1 = digits(from: i), s1 = i + n1
            defer { i = s1 + 1 }
            guard (1...4).contains(n1), s1 < b.count, isSep(b[s1]) else { continue }
            func spaced(_ sep: Int) -> Int { b[sep] == UInt8(ascii: ".") && sep + 1 < b.count && b[sep + 1] == 32 ? 1 : 0 }
            let p2 = s1 + 1 + spaced(s1), n2 = digits(from: p2), s2 = p2 + n2
            guard (1...2).contains(n2), s2 < b.count, b[s2] == b[s1] else { continue }
            let p3 = s2 + 1 + spaced(s2), n3 = digits(from: p3), end = p3 + n3
            guard (2...4).contains(n3), spaced(s1) + spaced(s2) == 0 || n1 == 4 || n3 == 4 else { continue }
            // Not followed by more number: "12.03.2024.5", "1/2/345/6". Another separator may
            // follow (`07/02/18-4`: a till's `-A` after the year, its letter misread).
            if end + 1 < b.count, b[end] == b[s1] || b[end] == UInt8(ascii: ","), isDigit(end + 1) { continue }
            func part(_ from: Int, _ count: Int) -> String { String(decoding: b[from..<(from + count)], as: UTF8.self) }
            return (part(i, n1), part(p2, n2), part(p3, n3), part(i, end - i))
        }
        return nil
    }

    /// Puts three numeric parts in order. Unambiguous when the year leads or only one of
    /// day-month / month-day is a real date; otherwise `order` decides and the result says so.
    static func resolve(_ a: String, _ b: String, _ c: String, order: DateOrder) -> (ReceiptDate, Bool)? {
        guard let x = Int(a), let y = Int(b), let z = Int(c) else { return nil }
        if a.count == 4 {
            return ReceiptDate(year: buddhistEra(x) ?? x, month: y, day: z).map { ($0, false) }
        }
        guard a.count <= 2, let year = year(c) else {
            // yy-mm-dd only when the configured order says so
            if order == .ymd, a.count == 2, c.count == 2, let d = ReceiptDate(year: 2000 + x, month: y, day: z) {
                return (d, false)
            }
            return nil
        }
        if order == .ymd, a.count == 2, c.count == 2, let d = ReceiptDate(year: 2000 + x, month: y, day: z) {
            return (d, true)
        }
        let dmy = ReceiptDate(year: year, month: y, day: x)
        let mdy = ReceiptDate(year: year, month: x, day: y)
        switch (dmy, mdy) {
        case let (d?, m?): return x == y ? (d, false) : (order == .mdy ? m : d, true)
        case let (d?, nil): return (d, false)
        case let (nil, m?): return (m, false)
        default: return nil
        }
    }

    /// The order day-month parts prove: a first part past 12 is a day, a second one past 12 too.
    static func shownOrder(_ a: String, _ b: String, _ c: String) -> DateOrder? {
        guard a.count <= 2, c.count != 4 || year(c) != nil, let x = Int(a), let y = Int(b), x != y,
              (1...31).contains(x), (1...31).contains(y) else { return nil }
        if x > 12 && y <= 12 { return .dmy }
        if y > 12 && x <= 12 { return .mdy }
        return nil
    }

    /// `18/64/2017`, `63/09/2017`: a month or a day no calendar has, whose tens digit is a 6, 8
    /// or 9, OCR's misreadings of a 0; read as the month or day its last digit names. The date,
    /// the part read again and that part as printed.
    static func repairedPart(_ a: String, _ b: String, _ c: String, order: DateOrder) -> (ReceiptDate, part: String, printed: Int)? {
        guard order != .ymd, a.count <= 2, let year = year(c) else { return nil }
        let (dayPart, monthPart) = order == .mdy ? (b, a) : (a, b)
        func misread(_ part: String, over limit: Int) -> Int? {
            guard part.count == 2, let printed = Int(part), printed > limit, "689".contains(part.first!) else { return nil }
            return Int(part.suffix(1))
        }
        if let m = misread(monthPart, over: 12), let d = Int(dayPart), let date = ReceiptDate(year: year, month: m, day: d) {
            return (date, "month", Int(monthPart)!)
        }
        if let d = misread(dayPart, over: 31), let m = Int(monthPart), let date = ReceiptDate(year: year, month: m, day: d) {
            return (date, "day", Int(dayPart)!)
        }
        return nil
    }

    /// A match includes the one character before it (Swift Regex has no lookbehind).
    static func trimmed(_ s: Substring) -> String {
        String(s.drop { !$0.isLetter && !$0.isNumber })
    }

    /// `14/dun/2017`: a day, three letters and a four-digit year, joined by one separator (`/`,
    /// `-` or `.`) used twice: the shape of a date with a month abbreviation, whatever the letters
    /// read as. A byte scan (a regex per line with digits would cost more than the rules).
    static func dayWordYear(_ text: String) -> (day: Int, word: String, year: Int, printed: String)? {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Bool { i >= 0 && i < b.count && b[i] >= 48 && b[i] <= 57 }
        func letter(_ i: Int) -> Bool { i < b.count && ((b[i] | 0x20) >= 97 && (b[i] | 0x20) <= 122) }
        var i = 1
        while i + 8 < b.count {
            defer { i += 1 }
            let sep = b[i]
            guard sep == UInt8(ascii: "/") || sep == UInt8(ascii: "-") || sep == UInt8(ascii: "."),
                  digit(i - 1), letter(i + 1), letter(i + 2), letter(i + 3), b[i + 4] == sep,
                  (i + 5...i + 8).allSatisfy(digit), !digit(i + 9), !letter(i + 9) else { continue }
            let start = digit(i - 2) ? i - 2 : i - 1
            guard !digit(start - 1), let day = Int(String(decoding: b[start..<i], as: UTF8.self)),
                  let year = Self.year(String(decoding: b[(i + 5)...(i + 8)], as: UTF8.self)) else { continue }
            return (day, String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), year,
                    String(decoding: b[start...(i + 8)], as: UTF8.self))
        }
        return nil
    }

    static func year(_ text: String) -> Int? {
        guard let v = Int(text) else { return nil }
        switch text.count {
        case 2: return 2000 + v
        case 4: return (1990...2100).contains(v) ? v : buddhistEra(v)
        default: return nil
        }
    }

    /// Thai receipts count years from the Buddha (2562 is 2019): 543 years ahead. Only 2530-2599,
    /// so a 20xx whose 0 OCR read as 6, 8 or 9 (`2617`) is still repaired as a misreading.
    static func buddhistEra(_ year: Int) -> Int? {
        (2530...2599).contains(year) ? year - 543 : nil
    }

    /// The first clock time, preferring the date's line; 24-hour `HH:MM[:SS]`.
    func time(in lines: [TextLine], near dateLine: Int?) -> String? {
        let ordered = dateLine.map { d in [lines[d]] + lines.filter { $0.index != d } } ?? lines
        for line in ordered where line.digitCount >= 3 {
            if let t = Self.clockTime(line.text) { return t }
        }
        return nil
    }

    /// `13:45`, `1:45:09 PM`, `12:05 am` as 24-hour `HH:MM[:SS]`: an hour (0-23, or 1-12 with
    /// AM/PM), minutes and optional seconds, not inside a longer run of digits and colons.
    /// Scanned by hand, like the numeric dates, for speed.
    static func clockTime(_ text: String) -> String? {
        let b = Array(text.utf8)
        func digit(_ i: Int) -> Int? { i >= 0 && i < b.count && b[i] >= 48 && b[i] <= 57 ? Int(b[i] - 48) : nil }
        func two(_ i: Int) -> Int? { guard let x = digit(i), let y = digit(i + 1) else { return nil }; return x * 10 + y }
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        for c in b.indices where b[c] == UInt8(ascii: ":") {
            // hour: one or two digits before the colon, not preceded by a digit or colon
            guard let h1 = digit(c - 1) else { continue }
            var hour = h1, start = c - 1
            if let h0 = digit(c - 2) { hour = h0 * 10 + h1; start = c - 2 }
            if start > 0, digit(start - 1) != nil || b[start - 1] == UInt8(ascii: ":") { continue }
            guard let minute = two(c + 1), minute < 60 else { continue }
            var end = c + 3
            var second: Int?
            if end < b.count, b[end] == UInt8(ascii: ":") {
                guard let s = two(end + 1), s < 60 else { continue }
                second = s
                end += 3
            }
            if digit(end) != nil || (end < b.count && b[end] == UInt8(ascii: ":")) { continue }
            // AM/PM: "PM", " pm", "P.M."
            var k = end
            if k < b.count, b[k] == 32 { k += 1 }
            if k + 1 < b.count, "AaPp".utf8.contains(b[k]),
               b[k + 1] == UInt8(ascii: "M") || b[k + 1] == UInt8(ascii: "m")
                || (b[k + 1] == UInt8(ascii: ".") && k + 2 < b.count && (b[k + 2] == UInt8(ascii: "M") || b[k + 2] == UInt8(ascii: "m"))) {
                guard (1...12).contains(hour) else { continue }
                let pm = b[k] == UInt8(ascii: "P") || b[k] == UInt8(ascii: "p")
                hour = pm ? hour % 12 + 12 : hour % 12
            }
            guard hour < 24 else { continue }
            return pad(hour) + ":" + pad(minute) + (second.map { ":" + pad($0) } ?? "")
        }
        return nil
    }
}

/// Month names and abbreviations in the languages receipts come in. Keys are upper case
/// without accents; a word matches a key in full or by a 3+ letter prefix of a full name.
enum MonthNames {
    private static let table: [String: Int] = {
        let names: [[String]] = [
            ["JANUARY", "JANUAR", "JANVIER", "ENERO", "GENNAIO", "JANUARI", "JANEIRO", "JAN", "JANV", "ENE", "GEN", "JAENNER", "JANNER"],
            ["FEBRUARY", "FEBRUAR", "FEVRIER", "FEBRERO", "FEBBRAIO", "FEBRUARI", "FEVEREIRO", "FEB", "FEV", "FEVR"],
            ["MARCH", "MAERZ", "MARZ", "MARS", "MARZO", "MAART", "MARCO", "MAC", "MAR", "MRZ", "MRT"],
            ["APRIL", "AVRIL", "ABRIL", "APRILE", "APR", "AVR", "ABR"],
            ["MAY", "MAI", "MAYO", "MAGGIO", "MEI", "MAIO", "MAG"],
            ["JUNE", "JUNI", "JUIN", "JUNIO", "GIUGNO", "JUNHO", "JUN", "GIU"],
            ["JULY", "JULI", "JUILLET", "JULIO", "LUGLIO", "JULHO", "JULAI", "JUL", "JUIL", "LUG"],
            ["AUGUST", "AOUT", "AGOSTO", "AUGUSTUS", "OGOS", "AUG", "AGO", "OGO"],
            ["SEPTEMBER", "SEPTEMBRE", "SEPTIEMBRE", "SETTEMBRE", "SETEMBRO", "SEP", "SEPT", "SET"],
            ["OCTOBER", "OKTOBER", "OCTOBRE", "OCTUBRE", "OTTOBRE", "OUTUBRO", "OCT", "OKT", "OTT", "OUT"],
            ["NOVEMBER", "NOVEMBRE", "NOVIEMBRE", "NOVEMBRO", "NOV"],
            ["DECEMBER", "DEZEMBER", "DECEMBRE", "DICIEMBRE", "DICEMBRE", "DEZEMBRO", "DISEMBER", "DEC", "DEZ", "DIC", "DIS"],
        ]
        var t: [String: Int] = [:]
        for (i, list) in names.enumerated() { for n in list { t[n] = i + 1 } }
        return t
    }()
    private static let fullNames: [(String, Int)] = table.filter { $0.key.count > 4 }.map { ($0.key, $0.value) }

    /// Every name and abbreviation as words, to test a line cheaply before running a regex.
    static let words: KeywordSet = {
        var set = KeywordSet()
        for name in table.keys { set.insert(name) }
        for name in ["MAERZ", "MÄRZ"] { set.insert(name) }
        return set
    }()

    /// The month of a three-letter abbreviation with one letter misread (`DUN`: JUN), when only
    /// one month's abbreviation is that close; nil for a real abbreviation (read as it is) and
    /// for letters near two months (`JUX`: JUN or JUL).
    static func misreadAbbreviation(_ word: String) -> Int? {
        let key = Array(word.uppercased().utf8)
        guard key.count == 3, month(word) == nil else { return nil }
        let near = Set(abbreviations.filter { abbreviation in
            zip(abbreviation.0, key).count(where: { $0 != $1 }) == 1
        }.map(\.1))
        return near.count == 1 ? near.first : nil
    }
    private static let abbreviations: [([UInt8], Int)] = table.filter { $0.key.count == 3 }.map { (Array($0.key.utf8), $0.value) }

    static func month(_ word: String) -> Int? {
        let key = word.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .uppercased().replacingOccurrences(of: "Ä", with: "AE")
        if let m = table[key] { return m }
        guard key.count >= 3 else { return nil }
        return fullNames.first { $0.0.hasPrefix(key) }?.1
    }
}
