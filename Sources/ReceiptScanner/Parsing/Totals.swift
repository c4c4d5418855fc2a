import Foundation

/// What a total read without its line was taken from, as the row's review reason names it.
enum TotalGuess: String {
    case paid = "the amount paid", taxSummary = "the tax summary", subtotal = "the subtotal"
    case subtotalAndTax = "the subtotal and tax"
    case largestRepeated = "the largest amount printed twice", largest = "the largest amount"

    /// The last guesses, no better than no total for a second reading.
    var isLargestAmount: Bool { self == .largestRepeated || self == .largest }
}

/// The money fields: total, subtotal, tax, tip, and the cash/change pair used to check them.
struct Totals {
    var total: Decimal?
    /// 0...1: how strong the rule that chose the total was.
    var totalStrength = 0.0
    var totalLine: Int?
    /// The line the total's amount was read from (the label's, or the one under it).
    var totalAmountLine: Int?
    var subtotal: Decimal?
    var tax: Decimal?
    /// The lines of the subtotal and of the last tax line outside a tax summary: a subtotal
    /// printed after the tax already holds it.
    var subtotalLine: Int?, lastTaxLine: Int?
    /// The line the subtotal's amount was read from (the label's, or the one under it).
    var subtotalAmountLine: Int?
    var tip: Decimal?
    var cash: Decimal?
    var change: Decimal?
    /// Amount handed over when labelled as such (`TENDERED`, `Gegeben`), cash or card.
    var tendered: Decimal?
    /// Amount on a card payment line (`Kreditkarte 19,77`, `VISA 12.50`).
    var cardPaid: Decimal?
    /// What was paid: cash or what was handed over, less the change; else a card payment (with
    /// no change). With the cash label lost (`etal ae RM 300,00` over `Changes RM 50,00`), what
    /// was handed over is the amount on the line above the change, when it is more than the change.
    var amountPaid: Decimal?
    /// What was paid, when the items add up to it: two readings apart from the total's lines
    /// (set by `vouch(byItems:)`).
    var itemsAndPaid: Decimal?
    var discount: Decimal?
    var rounding: Decimal?
    /// A rounding line is printed with an amount other than 0.00 (or none read): the amount to
    /// pay is rounded, to 5 cents or more (Malaysia, Switzerland, Australia; a krona in Sweden).
    var roundingPrinted = false
    var taxLines: [(label: String, rate: Decimal?, amount: Decimal)] = []
    var currency: String?
    /// First line of the totals block (subtotal, tax or total): items end there.
    var firstMoneyLine: Int?
    /// Set when no total line was read and the total is a guess: what it was taken from.
    var totalGuess: TotalGuess?
    /// Totals the tax summary adds up to: net + tax on one row (`SR @ 6% 147.17 8.83`), or the
    /// gross a row prints beside them (`A 19% 12,97 2,47 15,44`). A second reading of the total,
    /// printed apart from its label line.
    var summaryTotals: [Decimal] = []
    /// Those of rows that show a rate or print their gross (not only their place in a table).
    var selfEvidentSummaryTotals: [Decimal] = []
    /// Tax lines with a rate (`GST @6% included in total RM 3.01`, `inkl. 19% MwSt 6,23`, a
    /// tax table's `SR @ 6% 9.43 0.57`): a total that includes this tax must come to it.
    var ratedTaxes: [(rate: Decimal, amount: Decimal)] = []
    /// Set when the total line's amount was overruled (`overrule`): what it read, and what
    /// overruled it, as the row's review reason names it.
    var overruled: (read: Decimal, by: String)?
    /// Amounts of the other total lines: a receipt with tax classes prints one per class
    /// (`TOTAL 0% SUPPLIES: 20.67` beside the taxed class's subtotal and tax).
    var otherTotals: [Decimal] = []
    /// The total's label was read one letter off (`Tota!`, `TOTL`): with nothing else vouching
    /// for the total, a person should look.
    var totalLabelMisread = false

    /// Lines labelled as a total (not a subtotal) where no amount was read, on the line or
    /// under it: a reading step can read them again (large print is often misread).
    var unreadTotalLines: [Int] = []
    /// Lines labelled as a subtotal, a tax (outside a tax table; not a tax id or an invoice's
    /// title), cash, change or tendered, read or not (unread, only a label's shape:
    /// `mayLabelSum`), the total lines above the total's, and the lines their amounts were read
    /// from: what the checks of the total are made of (the sums, what was paid), for a reading
    /// step to read again.
    var sumLines: [Int] = []

    /// The label weights of the total's score (what vouches for it adds to them).
    static let strongLabelWeight = 3.0, labelWeight = 2.0, misreadLabelWeight = 1.5
    /// Another reading vouches for the total chosen: what was paid, the sums, the lines above it,
    /// its tax classes' totals, the tax summary, a rounding or a tax included at its rate.
    var totalAgrees = false
    /// The lines between the last sum above the total and the total add up to it (`linesAddUp`).
    var linesAddUp = false
    /// Amounts printed apart from the total add up to it to the cent: the subtotal and tax, the
    /// lines above it, its tax classes' totals or the tax summary (not a tax at its rate, which
    /// a total a few cents off still holds once rounded).
    var sumsAgree = false
    /// What was paid (cash or what was handed over, less the change; else a card payment) is the
    /// total, or the total rounded: a reading of the total printed apart from its line.
    var paymentAgrees = false

    /// Reads the money fields from the lines.
    static func extract(_ lines: [TextLine]) -> Totals {
        var t = Totals()
        typealias Candidate = (amount: Amount, weight: Double, line: Int)
        var candidates: [Candidate] = []
        var taxLines: [(amount: Decimal, isTotal: Bool, rate: Decimal?)] = []
        var discountTotal: Decimal?, discountSum: Decimal = 0
        var totalTaxLine: (label: String, rate: Decimal?, amount: Decimal)?
        var taxTableEnd = -1  // rows of a tax table run to here: tax lines without a tax word
        var changeLine: Int?

        for (i, line) in lines.enumerated() where line.hasLetters {
            let includesTax = line.has(Keywords.totalIncludingTax)
            let isTax = line.has(Keywords.tax) && !includesTax
            // A tax word in a tax id or an invoice's title (`GST ID`, `TAX INVOICE`) labels no tax.
            let labelsTax = isTax && (!line.has(Keywords.notTax) || line.has(Keywords.totalTax))
            if isTax && line.has(Keywords.taxTable) { taxTableEnd = i + 4 }
            let inTaxTable = i <= taxTableEnd
            let tableTotal = summaryTotal(line, inTaxTable: inTaxTable)
            let isSubtotal = line.has(Keywords.subtotal) || (line.has(Keywords.misreadSubtotal) && !line.has(Keywords.total))
            let excluded = !includesTax && (line.has(Keywords.notTotal)
                || (line.has(Keywords.adjustment) && !line.has(Keywords.totalWord)))
            if !excluded {
                let weight: Double? = line.has(Keywords.strongTotal) || includesTax ? Self.strongLabelWeight
                    : line.has(Keywords.total) ? Self.labelWeight
                    : !isSubtotal && line.has(Keywords.misreadTotal) ? Self.misreadLabelWeight : nil
                // A tax table's total row (`Total : 10.94 0.66`) ends in the tax: its total is
                // net + tax, or the gross printed beside them.
                var amount = inTaxTable ? nil : amountFor(label: i, in: lines)
                if inTaxTable, let tableTotal, var last = line.amounts.last { last.value = tableTotal; amount = last }
                if let weight, let amount {
                    candidates.append((amount, weight, i))
                    t.markMoney(i)
                } else if weight != nil, !inTaxTable, !isSubtotal { t.unreadTotalLines.append(i) }
            }
            if isSubtotal || (labelsTax && !inTaxTable && tableTotal == nil)
                || (!line.has(Keywords.total) && (line.has(Keywords.cash) || line.has(Keywords.change) || line.has(Keywords.tendered))) {
                let amount = amountFor(label: i, in: lines)
                if amount != nil || mayLabelSum(line, named: isSubtotal) { t.sumLines += Set([i, amount?.line ?? i]).sorted() }
            }
            if isSubtotal, let a = amountFor(label: i, in: lines) {
                (t.subtotal, t.subtotalLine, t.subtotalAmountLine) = (a.value, i, a.line)
                t.markMoney(i)
            }
            if labelsTax, var a = amountFor(label: i, in: lines) {
                // A tax row that prints net, tax and gross (`B 10% 3,44 0,34 3,78`) ends in the gross.
                if let tax = taxOfGrossRow(lines[a.line]) { a.value = tax }
                let rate = line.amounts.first(where: { $0.isPercent })?.value ?? percentInteger(line.text)
                taxLines.append((a.value, line.has(Keywords.totalTax), rate))
                if !inTaxTable && tableTotal == nil { t.lastTaxLine = i }
                let entry = (label: label(of: line), rate: rate, amount: a.value)
                if line.has(Keywords.totalTax) { totalTaxLine = entry } else { t.taxLines.append(entry) }
                t.markMoney(i)
            }
            if line.has(Keywords.discount), let a = line.amounts.last(where: { !$0.isPercent }) {
                if line.has(Keywords.discountTotal) { discountTotal = abs(a.value) } else { discountSum += abs(a.value) }
            }
            if line.has(Keywords.rounding) {
                let a = amountFor(label: i, in: lines)
                if let a, abs(a.value) < 1 { t.rounding = a.value }
                // `ROUNDING 0.00`: nothing was rounded (a card payment).
                t.roundingPrinted = t.roundingPrinted || a?.value != 0
            }
            if line.has(Keywords.tendered), !line.has(Keywords.total), let a = amountFor(label: i, in: lines) {
                t.tendered = a.value
            }
            if let a = line.amounts.last(where: { !$0.isPercent }), a.value > 0, !line.has(Keywords.total),
               line.has(Keywords.card) || Keywords.cardBrands.contains(where: { line.has($0.0) }) {
                t.cardPaid = a.value
            }
            if line.has(Keywords.tip), !line.text.contains("%"), !line.has(Keywords.suggestedTip),
               let a = line.amounts.last(where: { !$0.isPercent }) {
                t.tip = a.value
            }
            if let tableTotal {
                t.summaryTotals.append(tableTotal)
                // Only a row that shows its rate or gross itself may stand in for a lost total
                // line: a bare row may be one tax class of several.
                if !inTaxTable || summaryTotal(line) != nil { t.selfEvidentSummaryTotals.append(tableTotal) }
            }
            if isTax || inTaxTable, let rate = line.amounts.first(where: { $0.isPercent })?.value
                ?? percentInteger(line.text), rate > 0, rate < 30 {
                t.ratedTaxes += line.amounts.filter { !$0.isPercent && $0.value > 0 }.map { (rate, $0.value) }
            }
            if line.has(Keywords.change), !line.has(Keywords.total), let a = amountFor(label: i, in: lines) {
                t.change = abs(a.value)  // printed as what leaves the till: `RÜCKGELD -1,22`
                changeLine = i
            } else if line.has(Keywords.cash), !line.has(Keywords.total), let a = amountFor(label: i, in: lines) {
                t.cash = a.value
            }
        }

        // Only a total tax line printed: it is the one tax line.
        if t.taxLines.isEmpty, let only = totalTaxLine { t.taxLines = [only] }
        // A printed total discount replaces the sum of the discount lines it totals.
        t.discount = discountTotal ?? (discountSum > 0 ? discountSum : nil)
        if let total = taxLines.last(where: { $0.isTotal }) {
            t.tax = total.amount
        } else if !taxLines.isEmpty {
            // Several tax lines add up when their rates differ, or when the subtotal and all of
            // them make a printed total (India's CGST and SGST at one rate); else the last is
            // the tax and the others repeat it.
            let rates = Set(taxLines.compactMap { $0.rate })
            let sum = taxLines.reduce(Decimal(0)) { $0 + $1.amount }
            func sumMakesTotal() -> Bool {
                guard let subtotal = t.subtotal else { return false }
                return candidates.contains { abs(subtotal + sum - $0.amount.value) < .cent }
            }
            t.tax = taxLines.count > 1 && (rates.count == taxLines.count || sumMakesTotal()) ? sum : taxLines.last!.amount
        }

        // The total: strongest label, then agreement with the arithmetic, then the later line
        // (a rounded total follows the unrounded one).
        let handedAbove: Decimal? = if let change = t.change, change > 0, let changeLine, changeLine > 0,
            let a = lines[changeLine - 1].amounts.last(where: { !$0.isPercent }), a.value > change { a.value } else { nil }
        t.amountPaid = if let handed = t.cash ?? t.tendered ?? handedAbove { handed - (t.change ?? 0) }
            else if (t.change ?? 0) == 0 { t.cardPaid } else { nil }
        let amountPaid = t.amountPaid
        // What was paid is the total, or the total rounded by the printed adjustment (`TOTAL
        // 38.37`, `ROUNDING -0.02`, cash 40.35 less change 2.00).
        func paidAgrees(_ v: Decimal) -> Bool {
            guard let amountPaid else { return false }
            return abs(amountPaid - v) < .cent || t.rounds(amountPaid, v)
        }
        func sumAgrees(_ v: Decimal) -> Bool {
            t.subtotal.map { abs($0 + (t.tax ?? 0) + (t.tip ?? 0) - v) < .cent } ?? false
        }
        func summaryAgrees(_ v: Decimal) -> Bool { t.summaryTotals.contains { abs($0 - v) < .cent } }
        // The amount after rounding: another total line rounded.
        func isRounded(_ v: Decimal) -> Bool { candidates.contains { t.rounds(v, $0.amount.value) } }
        // The amount before rounding, when the rounded one is printed too; with no adjustment
        // read, a total line under it that is it rounded to 5 cents (`Total Sales inclusive GST
        // 28.31` over `TOTAL : 28.30`, the rounding line lost).
        func isSuperseded(_ c: Candidate) -> Bool {
            candidates.contains {
                t.rounds($0.amount.value, c.amount.value)
                    || (t.rounding == nil && $0.line > c.line && Self.landsOnFiveCents($0.amount.value, c.amount.value))
            }
        }
        // The amounts printed between the last sum above the total line (the subtotal, or another
        // total line) and the total line add up to it, whatever their labels: a service charge,
        // a tip at its rate, a carry-out fee (`Subtotal 38.50`, `Carry Out 1.93`, `TAX 2.31`,
        // `TOTAL 42.74`).
        func linesAddUp(_ c: Candidate) -> Bool {
            // A total line above with the same amount restates it (`Total 64,52` over `Balance
            // Due 64.52`): it is neither where the sum starts nor one of its addends.
            let restating = Set(candidates.filter { $0.amount.value == c.amount.value }.map(\.amount.line))
            var start = t.subtotalAmountLine.flatMap { l in t.subtotal.map { (line: l, value: $0) } }
            for o in candidates where o.amount.line < c.line && o.amount.line > (start?.line ?? -1)
                && !restating.contains(o.amount.line) {
                start = (o.amount.line, o.amount.value)
            }
            guard let start, start.line + 1 < c.line else { return false }
            var sum = start.value, addends = 0
            for j in (start.line + 1)..<c.line where !restating.contains(j) {
                guard let a = lines[j].amounts.last(where: { !$0.isPercent }), a.value != 0 else { continue }
                sum += a.value
                addends += 1
            }
            return addends > 0 && abs(sum - c.amount.value) < .cent
        }
        // Two total lines above add up to it: a receipt with tax classes prints a total per class
        // (`Total 6% supplies (Inc. GST) 38.41`, `Total 0% supplies 35.14`, `Total Payable 73.55`).
        func totalsAbove(_ c: Candidate) -> [Candidate] { candidates.filter { $0.amount.line < c.line } }
        func classesAddUp(_ c: Candidate) -> Bool {
            let above = totalsAbove(c).filter { $0.amount.value > 0 && $0.amount.value < c.amount.value }
            return above.indices.contains { i in
                above.indices.contains { j in j > i && abs(above[i].amount.value + above[j].amount.value - c.amount.value) < .cent }
            }
        }
        // Agreement outweighs label strength, and what was paid (cash - change) outweighs sums of
        // other lines. A misread digit on one total line loses to a total that another line
        // confirms. The amount before rounding scores nothing beside the amount after it, however
        // well sums confirm it ("TOTAL INCL GST 65.72" beside "TOTAL 65.70" after a rounding
        // adjustment), so the rounded amount needs no weight of its own (docs/measurements.md, 0.17.9).
        func score(_ c: Candidate) -> (Double, Int) {
            let v = c.amount.value
            if isSuperseded(c) { return (0, c.line) }
            let paid: Double = paidAgrees(v) ? 2 : 0
            let sums: Double = (sumAgrees(v) ? 1 : 0) + (summaryAgrees(v) ? 1 : 0) + (t.taxIncluded(in: v) ? 1 : 0)
                + (classesAddUp(c) ? 1 : 0)
            return (c.weight + paid + sums, c.line)
        }
        // A zero "total" beside real ones, or on a receipt that was paid or prints a subtotal,
        // is a rounding line or an empty tax class (`ROUNDING 0.00` under `SUB-TOTAL 16.00`).
        if candidates.contains(where: { $0.amount.value != 0 }) || (amountPaid ?? 0) > 0 || (t.subtotal ?? 0) > 0 {
            candidates.removeAll { $0.amount.value == 0 }
        }
        // Scored once each: the checks do decimal arithmetic.
        if let best = candidates.map({ ($0, score($0)) }).max(by: { $0.1 < $1.1 })?.0 {
            t.total = best.amount.value
            t.otherTotals = candidates.filter { $0.line != best.line }.map(\.amount.value)
            // The total lines above the total's (a tax class's: `Total 6% supplies (Inc. GST)`,
            // `TOTAL 0% SUPPLIES: 20.67`) are sums too: `classesAddUp` adds them up to it.
            let above = totalsAbove(best).flatMap { [$0.line, $0.amount.line] }
            t.sumLines = Set(t.sumLines + above).sorted()
            t.totalLine = best.line
            t.totalAmountLine = best.amount.line
            t.linesAddUp = linesAddUp(best)
            let v = best.amount.value
            t.sumsAgree = t.linesAddUp || classesAddUp(best) || sumAgrees(v) || summaryAgrees(v)
            t.paymentAgrees = paidAgrees(v)
            t.totalAgrees = t.sumsAgree || t.paymentAgrees || isRounded(v) || t.taxIncluded(in: v)
            t.totalStrength = (best.weight >= Self.strongLabelWeight ? 0.9 : 0.8) + (t.totalAgrees ? 0.1 : 0)
            t.totalLabelMisread = best.weight == Self.misreadLabelWeight
            t.currency = best.amount.currency
            // Nothing vouches for the total line, while what was paid agrees with the tax or the
            // sums: the total line's amount is the misread one (`55.20` for `53.20`, with cash
            // 100.20, change 47.00, tax 3.01). The paid amount is then the total, and vouched
            // for by what it agrees with.
            if !t.totalAgrees, let paid = amountPaid, paid > 0,
               t.taxIncluded(in: paid) || sumAgrees(paid) || summaryAgrees(paid) {
                t.overrule(with: paid, by: "the amount paid and the tax or sums")
            }
        } else {
            t.chooseWithoutTotalLine(lines)
        }
        return t
    }

    /// On a receipt that prints `$`, OCR reads a `$` before an amount as a digit (`Total 310.90`
    /// for $10.90, `Tax 90.62` for $0.62). When nothing vouches for the total line, and reading
    /// the first digit of the total or the tax as that `$` makes the subtotal and tax come to
    /// the total exactly (one way only), those are the amounts; the total line, when it changed,
    /// was misread. The subtotal is taken as printed: with its first digit dropped, `SUB TOTAL
    /// 51.90` and `Tax 4.68` came to a `$6.58` that had lost its 5.
    mutating func readDollarSigns(printed: Bool) {
        guard printed, !totalAgrees, totalGuess == nil, let read = total, let subtotal, let tax, (tip ?? 0) == 0,
              discount == nil, abs(subtotal + tax - read) >= .cent else { return }
        func readings(_ v: Decimal) -> [Decimal] { [v] + (Self.withoutDollarDigit(v).map { [$0] } ?? []) }
        let found = readings(tax).flatMap { x in readings(read).map { (x, $0) } }.filter { abs(subtotal + $0.0 - $0.1) < .cent }
        guard found.count == 1, let (x, v) = found.first else { return }
        self.tax = x
        if let i = taxLines.lastIndex(where: { $0.amount == tax }) { taxLines[i].amount = x }
        if v != read {
            overrule(with: v, by: "the subtotal and tax (a $ read as a digit)")
        } else {
            totalAgrees = true  // the tax alone was misread: the line's total now adds up
        }
    }

    /// `310.90` as `10.90`: an amount of two whole digits or more whose first is one OCR reads a
    /// `$` as (3, 5, 8, 9); nil for any other.
    static func withoutDollarDigit(_ v: Decimal) -> Decimal? {
        let text = Money.format(v)
        guard let first = text.first, "3589".contains(first), let dot = text.firstIndex(of: "."),
              text.distance(from: text.startIndex, to: dot) >= 2 else { return nil }
        return Decimal(string: String(text.dropFirst()))
    }

    /// Nothing vouches for the total line's amount, while the items and the sums agree on an
    /// amount one digit from it (`Total to Pay 4.85` under items of 14.85 and `Net SubTotal
    /// 12.37` + `VAT 2.48`): the total line is the misread one, as when what was paid overrules
    /// it. The sums alone do not overrule a total: a misread subtotal is as likely as a misread
    /// total (docs/measurements.md, 0.16.0); two sums that agree with each other are not.
    /// Receipts with a rounding line are left as read. The items and what was paid overrule a
    /// total line one digit from the amount they agree on even where the sums agree with the
    /// line: a glyph printed alike on the subtotal and total lines is misread alike (`1x 15.00`,
    /// `Total (Excl. GST) 14.00`, `Total 14.00`, `CASH 15.00`). Two items or more that add up to
    /// the total line's amount vouch for it. True when the total was put right.
    mutating func vouch(byItems items: [Decimal]) -> Bool {
        let itemSum = items.reduce(0, +)
        if let paid = amountPaid, !items.isEmpty, abs(itemSum - paid) < .cent { itemsAndPaid = paid }
        if totalGuess == nil, let read = total, let agreed = itemsAndPaid, abs(agreed - read) >= .fiveCents,
           editDistance(Money.format(read), Money.format(agreed)) == 1 {
            overrule(with: agreed, by: "the items and what was paid")
            return true
        }
        if !totalAgrees, totalGuess == nil, let read = total, items.count >= 2, abs(itemSum - read) < .cent {
            totalAgrees = true
            return false
        }
        guard !totalAgrees, totalGuess == nil, let read = total, let subtotal, items.count >= 2,
              rounding == nil || rounding == 0 else { return false }
        let sums = subtotal + (tax ?? 0)
        guard abs(itemSum - subtotal) < .cent || abs(itemSum - sums) < .cent, abs(sums - read) >= .cent,
              editDistance(Money.format(read), Money.format(sums)) == 1 else { return false }
        overrule(with: sums, by: "the items and the subtotal")
        return true
    }

    /// The total line's amount replaced by what the receipt's other amounts agree on: vouched
    /// for by them, but weaker than a line that agrees by itself.
    private mutating func overrule(with agreed: Decimal, by reason: String) {
        overruled = total.map { ($0, reason) }
        total = agreed
        totalStrength = 0.6
        totalAgrees = true
    }

    /// No total line read (OCR lost or misread its label): what was paid (`amountPaid`) when the
    /// change is printed or the subtotal or tax summary agrees; else the tax summary's largest
    /// total; else the subtotal, with the tax printed under it; else what was paid alone; else
    /// the largest amount. Weak guesses: the row says so and goes to review, unless what was
    /// paid and the sums agree to the cent. Never a sum of items.
    private mutating func chooseWithoutTotalLine(_ lines: [TextLine]) {
        let paid = amountPaid
        // A tax summary that comes to less than a card paid lacks a class (`A 7% 0,58 8,22 8,80`
        // above a sum line OCR lost, paid by card 19,77): not the total. (Cash handed over is
        // more than the total when the change line was lost.)
        var summary = selfEvidentSummaryTotals.max()
        if let s = summary, cash == nil, tendered == nil, let card = cardPaid, card > s { summary = nil }
        // What the subtotal (and tax) or the tax summary make, to the cent.
        func sumsMake(_ v: Decimal) -> Bool {
            subtotal.map { abs($0 + (tax ?? 0) - v) < .cent || abs($0 - v) < .cent } == true
                || summary.map { abs($0 - v) < .cent } == true
        }
        if let paid, paid > 0, change != nil || sumsMake(paid) || subtotal.map({ rounds(paid, $0 + (tax ?? 0)) }) == true {
            (total, totalStrength, totalGuess) = (paid, 0.5, .paid)
            // Two readings vouch for the amount the lost total line printed: the sums agree.
            if sumsMake(paid) { (totalStrength, totalAgrees, sumsAgree) = (0.6, true, true) }
        } else if let summary {
            (total, totalStrength, totalGuess) = (summary, 0.45, .taxSummary)
        } else if let subtotal, subtotal > 0 {
            // A tax line under the subtotal is added to it (`SUB TOTAL 31.45` / `Tax 1.89`); a
            // subtotal printed under the tax, or a tax summary's included tax, already holds it.
            if let tax, tax > 0, let lastTaxLine, let subtotalLine, lastTaxLine > subtotalLine {
                (total, totalStrength, totalGuess) = (subtotal + tax, 0.4, .subtotalAndTax)
            } else {
                (total, totalStrength, totalGuess) = (subtotal, 0.4, .subtotal)
            }
        } else if let paid, paid > 0 {
            (total, totalStrength, totalGuess) = (paid, 0.4, .paid)
        } else if let (largest, repeated) = Self.largestAmount(lines) {
            (total, totalStrength, totalGuess) = repeated ? (largest, 0.3, .largestRepeated) : (largest, 0.25, .largest)
        }
    }

    /// The largest amount ending two lines or more (the total and what paid it, both labels
    /// lost), else the largest amount ending a line: the total is the largest sum on most
    /// receipts, a last guess when no label was read.
    static func largestAmount(_ lines: [TextLine]) -> (Decimal, repeated: Bool)? {
        var counts: [Decimal: Int] = [:]
        for line in lines where line.endsWithAmount {
            if let a = line.amounts.last, !a.isPercent, a.value > 0 { counts[a.value, default: 0] += 1 }
        }
        if let r = counts.filter({ $0.value >= 2 }).keys.max() { return (r, true) }
        return counts.keys.max().map { ($0, false) }
    }

    /// `rounded` is `unrounded` plus or minus the printed adjustment (OCR often loses its
    /// sign), landing on the 5 cents that rounding exists to reach. A rounding line whose
    /// adjustment was not read (`Rounding RM = 13,60`) allows any step under 5 cents.
    func rounds(_ rounded: Decimal, _ unrounded: Decimal) -> Bool {
        if let r = rounding.map(abs), r != 0 {
            return Self.landsOnFiveCents(rounded, unrounded) && abs(abs(rounded - unrounded) - r) < .cent
        }
        return roundingPrinted && rounding == nil && Self.landsOnFiveCents(rounded, unrounded)
    }

    /// `rounded` is a multiple of 5 cents less than 5 cents from `unrounded`, which is none:
    /// what rounding to 5 cents, up or down, makes of it.
    static func landsOnFiveCents(_ rounded: Decimal, _ unrounded: Decimal) -> Bool {
        rounded.isMultiple(of: .fiveCents) && !unrounded.isMultiple(of: .fiveCents) && abs(rounded - unrounded) < .fiveCents
    }

    /// A total that includes a printed tax: the tax at its rate comes to the printed amount,
    /// to the cent (`53.20` with 6% holds 3.01; `55.20` would hold 3.12).
    func taxIncluded(in total: Decimal) -> Bool {
        ratedTaxes.contains { tax in
            let expected = total * tax.rate / (100 + tax.rate)
            return abs(expected - tax.amount) <= Decimal(sign: .plus, exponent: -3, significand: 6)
        }
    }

    /// A tax summary row's total: the last money values are net and tax (the tax at most 30% of
    /// the net, more than any VAT rate) and, when a third follows, their sum. The row must show
    /// it is about tax: a rate (`6%`), the printed sum, or its place under a tax table's head.
    static func summaryTotal(_ line: TextLine, inTaxTable: Bool = false) -> Decimal? {
        guard line.amounts.count >= 2 else { return nil }
        let money = line.amounts.filter { !$0.isPercent }.map(\.value)
        let hasRate = inTaxTable || line.text.contains("%")
        guard money.count >= 2 else { return nil }
        if let row = grossRow(money, grossFirst: hasRate) { return row.gross }
        let (net, tax) = (money[money.count - 2], money[money.count - 1])
        return hasRate && isTax(tax, of: net) && tax > 0 ? net + tax : nil
    }

    /// The last three money values of a tax row when they add up: net and tax in either order,
    /// then gross (`3,44 0,34 3,78`; Sweden's `12,29 102,41 114,70`), or gross first as Swiss
    /// tills print them (`7.70 0.19 7.51`), taken only where the row shows it is about tax. The
    /// tax is the smaller addend.
    private static func grossRow(_ money: [Decimal], grossFirst: Bool) -> (gross: Decimal, tax: Decimal)? {
        guard money.count >= 3 else { return nil }
        let (a, b, c) = (money[money.count - 3], money[money.count - 2], money[money.count - 1])
        func split(_ gross: Decimal, _ x: Decimal, _ y: Decimal) -> (gross: Decimal, tax: Decimal)? {
            let (tax, net) = (min(x, y), max(x, y))
            return gross > 0 && isTax(tax, of: net) && abs(net + tax - gross) < .cent ? (gross, tax) : nil
        }
        return split(c, a, b) ?? (grossFirst ? split(a, b, c) : nil)
    }

    /// At most 30% of the net: more than any VAT rate.
    private static func isTax(_ tax: Decimal, of net: Decimal) -> Bool { net > 0 && tax >= 0 && tax <= net * Decimal(3) / 10 }

    /// The tax of a tax label's row printing net, tax and gross, in either order (`B 10% 3,44
    /// 0,34 3,78`; `2.5% 7.70 0.19 7.51`): not its last amount.
    static func taxOfGrossRow(_ line: TextLine) -> Decimal? {
        grossRow(line.amounts.filter { !$0.isPercent }.map(\.value), grossFirst: true).map(\.tax).flatMap { $0 > 0 ? $0 : nil }
    }

    private mutating func markMoney(_ line: Int) {
        firstMoneyLine = min(firstMoneyLine ?? line, line)
    }

    /// A tax line's label: its text before the first number (`GST 6% 0.76` -> `GST`).
    private static func label(of line: TextLine) -> String {
        let text = line.text.prefix { !$0.isNumber && $0 != "@" && $0 != "%" }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " :=-(").union(.whitespaces))
    }

    /// The amount that belongs to a label line: its last money value, or the first one on the
    /// next lines when the label stands alone (scans often split a label from its amount).
    static func amountFor(label i: Int, in lines: [TextLine]) -> Amount? {
        if let a = lines[i].amounts.last(where: { !$0.isPercent }) { return a }
        // A table's column heads (`Qty Description Total Tax`) label the rows under them, not an amount.
        if lines[i].words.count(where: Keywords.columnHead.containsWord) >= 2 { return nil }
        for j in (i + 1)..<min(lines.count, i + 3) {
            let next = lines[j]
            // Only a line that is (almost) just an amount: a currency, a sign, a tax code.
            // A payment line is a label of its own (`Bar 20,00` under a `Total` read without its
            // amount), and so is a tax line, whose label is as short as a currency (`Tax 1.29`
            // under `Subtotal`); longer labels end the search below.
            if next.has(Keywords.cash) || next.has(Keywords.change) || next.has(Keywords.tendered)
                || next.has(Keywords.tax) { return nil }
            guard next.letterCount <= 3, let a = next.amounts.last(where: { !$0.isPercent }) else {
                if next.hasLetters && next.letterCount > 3 { return nil }
                continue
            }
            return a
        }
        return nil
    }

    /// A line with a sum's word and no amount read may still label one (`SubTotal oe -e`, `Change
    /// tow ry`), but not when it is a sentence (`Received above goods in good order condition.`,
    /// `input tax claims, on the basic of the`), a document's number (`Cash Inv No.: 7830F715`,
    /// `CASH RECEIPT`) or an id (`GST 1D: 000381399040`, its label misread): a label is a few
    /// words, and a subtotal's or a total tax's may be longer.
    private static func mayLabelSum(_ line: TextLine, named: Bool) -> Bool {
        let short = named || line.has(Keywords.total)
            || line.text.split(separator: " ").count(where: { $0.count(where: \.isLetter) >= 2 }) <= labelWords
        return short && !line.has(Keywords.receiptNumber) && line.digitCount < idDigits
    }

    /// The most words (two letters or more) a label has, and the fewest digits an id has.
    static let labelWords = 4, idDigits = 8

    /// "6%" printed as an integer percentage.
    private static func percentInteger(_ text: String) -> Decimal? {
        guard let p = text.firstIndex(of: "%") else { return nil }
        let digits = text[..<p].reversed().prefix { $0.isNumber || $0 == " " }.filter(\.isNumber)
        return digits.isEmpty ? nil : Decimal(string: String(digits.reversed()))
    }
}

extension Decimal {
    // Built from integers: a float literal would go through Double on every comparison.
    static let cent = Decimal(sign: .plus, exponent: -2, significand: 1)
    static let fiveCents = Decimal(sign: .plus, exponent: -2, significand: 5)

    func isMultiple(of step: Decimal) -> Bool {
        var q = self / step, whole = Decimal()
        NSDecimalRound(&whole, &q, 0, .plain)
        return q == whole
    }
}
