import Testing
@testable import ReceiptScanner

@Suite struct ConsensusTests {
    @Test func aMisreadNameTakesTheReadingMoreRowsShare() {
        let readings: [String?] = ["GARDENIA BAKERIES (KL) SDN BHD", "GARDEMA BAKERIES (KL) SDN BHD",
                                   "Gardenia Bakeries (KL) Sdn Bhd", "SANYU STATIONERY SHOP", nil,
                                   "GARDENIA BAKERIES (KI) SDN BHD"]
        let agreed = Consensus.agreed(readings, spread: Consensus.Spreads().name)
        // The first row's text stands for its reading; the lone shop and the missing name stay.
        #expect(agreed == ["GARDENIA BAKERIES (KL) SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD",
                           "Gardenia Bakeries (KL) Sdn Bhd", "SANYU STATIONERY SHOP", nil,
                           "GARDENIA BAKERIES (KL) SDN BHD"])
    }

    @Test func withoutAMoreCommonReadingEveryRowKeepsItsOwn() {
        let pair: [String?] = ["SANYU STATIONERY SHOP", "SANYO STATIONERY SHOP"]
        #expect(Consensus.agreed(pair, spread: Consensus.Spreads().name) == pair)
        // Two shops of a chain: their addresses differ in more than a tenth of their letters.
        let outlets: [String?] = [
            "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1237-TMN INDAH PERDANA",
            "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1237-TMN INDAH PERDANA",
            "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1558-TMN PUSAT KEPONG",
        ]
        #expect(Consensus.agreed(outlets, spread: Consensus.Spreads().address) == outlets)
        // Different shops' names are further apart than misreadings.
        let shops: [String?] = ["MR. D.I.Y. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD", "MR. D.I.Y. (KUCHAI) SDN BHD"]
        #expect(Consensus.agreed(shops, spread: Consensus.Spreads().name) == shops)
    }

    /// Like names, unlike tax ids: two shops. An id read in part or a digit off is the same shop's.
    @Test func taxIDsKeepShopsWithLikeNamesApart() {
        let names: [String?] = ["PERNIAGAAN CHIN KEE", "PERNIAGAAN CHIN KEE", "PERNIAGAAN GIN KEE",
                                "PERNIAGAAN CHIN KEH", "PERNIAGAAN CHIN KFE", "PERNIAGAAN CHIN KEF"]
        let ids: [String?] = ["001531760640", "001531760640", "000381399040", "001531", "001581760640", nil]
        #expect(Consensus.agreed(names, taxIDs: ids, spread: Consensus.Spreads().name)
                == ["PERNIAGAAN CHIN KEE", "PERNIAGAAN CHIN KEE", "PERNIAGAAN GIN KEE",
                    "PERNIAGAAN CHIN KEE", "PERNIAGAAN CHIN KEE", "PERNIAGAAN CHIN KEE"])
    }

    /// A name that lost its end takes the longer reading it starts; a short name another shop's
    /// starts with does not, and no address does (a chain's outlets differ in their last words).
    @Test func aNameCutShortTakesTheWholeReading() {
        let full = "GARDENIA BAKERIES (KL) SDN BHD"
        let names: [String?] = [full, full, "GARDEMA BAKERIES", "SUPER SEVEN", "SUPER SEVEN CASH & CARRY SDN BHD",
                                "SUPER SEVEN CASH & CARRY SDN BHD"]
        #expect(Consensus.agreed(names, spread: Consensus.Spreads().name, cutShare: Consensus.nameCutShare)
                == [full, full, full, "SUPER SEVEN", "SUPER SEVEN CASH & CARRY SDN BHD", "SUPER SEVEN CASH & CARRY SDN BHD"])
        let outlet = "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1558-TMN PUSAT KEPONG"
        let addresses: [String?] = [outlet, outlet, "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1320-TMN BATU"]
        #expect(Consensus.agreed(addresses, spread: Consensus.Spreads().address) == addresses)
    }

    @Test func theMostCommonNearbyReadingWins() {
        let readings: [String?] = ["SANYO STATIONERY SHOP", "SANYU STATIONERY SHOP", "SANYU STATIONERY SHOP",
                                   "SANYO STATIONERY SHOP", "SANYU STATIONERY SHOP", "ANYU STATIONERY SHOP"]
        #expect(Consensus.agreed(readings, spread: Consensus.Spreads().name) == Array(repeating: "SANYU STATIONERY SHOP", count: 6))
    }

    /// The banded distance with its histogram bound answers as the full Levenshtein table does.
    @Test func boundedDistanceMatchesLevenshtein() {
        var g = ParserRobustnessTests.SplitMix(seed: 7)  // the same pairs each run
        let alphabet = Array("ABCDE12")
        for _ in 0..<2000 {
            let a = String((0..<Int.random(in: 0...9, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let b = String((0..<Int.random(in: 0...9, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let d = levenshtein(Array(a), Array(b))
            // To any start of b (the empty one too), for a cut short.
            let toStart = (0...b.count).map { levenshtein(Array(a), Array(b.prefix($0))) }.min()!
            for limit in 1...4 {
                #expect(Consensus.Key(a).isWithin(limit, of: Consensus.Key(b)) == (d <= limit), "\(a) \(b) \(limit)")
                if a.count < b.count {
                    #expect(Consensus.Key(a).isCutShort(limit, of: Consensus.Key(b), share: 0) == (toStart <= limit),
                            "\(a) \(b) \(limit)")
                }
            }
        }
    }

    /// A row that takes a name takes its ledger account (a rules file's merchant its text missed).
    @Test func aRowTakesTheAccountWithTheName() {
        var rows: [ScanResult] = []
        for (name, account) in [("ALDI SUED", "Expenses:Groceries"), ("ALDI SUED", "Expenses:Groceries"),
                                ("ALDl SUED", nil), ("REWE MARKT", nil)] {
            var receipt = Receipt()
            receipt.merchant = name
            receipt.account = account
            rows.append(.parsed(rows.count, "\(rows.count).jpg", receipt))
        }
        Consensus.apply(to: &rows)
        #expect(rows.map { $0.receipt?.merchant } == ["ALDI SUED", "ALDI SUED", "ALDI SUED", "REWE MARKT"])
        #expect(rows.map { $0.receipt?.account } == ["Expenses:Groceries", "Expenses:Groceries", "Expenses:Groceries", nil])
    }

    /// The spreads passed in decide: three letters off in 22 are within 0.2 of them, not 0.1.
    @Test func theSpreadsGivenDecideHowFarAReadingMayBe() {
        func rows() -> [ScanResult] {
            ["EIGHT OUNCE COFFEE CO.", "EIGHT OUNCE COFFEE CO.", "E1GHT 0UNCE COFFEE C0."].enumerated().map { i, name in
                var receipt = Receipt()
                receipt.merchant = name
                receipt.address = name
                return .parsed(i, "\(i).jpg", receipt)
            }
        }
        var loose = rows(), tight = rows()
        Consensus.apply(to: &loose, spreads: Consensus.Spreads(name: 0.2, address: 0.2))
        Consensus.apply(to: &tight, spreads: Consensus.Spreads(name: 0.1, address: 0.1))
        #expect(loose.map { $0.receipt?.merchant } == Array(repeating: "EIGHT OUNCE COFFEE CO.", count: 3))
        #expect(loose.map { $0.receipt?.address } == Array(repeating: "EIGHT OUNCE COFFEE CO.", count: 3))
        #expect(tight.map { $0.receipt?.merchant } == rows().map { $0.receipt?.merchant })
        #expect(tight.map { $0.receipt?.address } == rows().map { $0.receipt?.address })
    }

    /// A word of one row's address one letter off a word three rows print takes that letter,
    /// in its own case, when OCR misreads the two letters as each other; a word two rows print,
    /// a short word, or a letter OCR does not confuse stays.
    @Test func anAddressWordOneLetterOffTheBatchsWordIsPutRight() {
        let addresses = [
            "LOT 3, JALAN PELABUR 23/1, 40300 SHAH ALAM", "NO 5, JALAN PELABUR 23/2, 40300 SHAH ALAM",
            "Lot 9, Jalan Pelabur 23/1, Shah Alam", "Lot 3, Jalan Felabur 23/1, Shah Alam",
            "12 JALAN KAPAR, KLANG", "13 JALAN KAPAR, KLANG", "14 JALAN KAFAR, KLANG",
            "1 JALAN BARU, KAJANG", "2 JALAN BARU, KAJANG", "3 JALAN BARU, KAJANG", "4 JALAN BARI, KAJANG",
            "9 JALAN DINAR, KAJANG", "8 JALAN DINAR, KAJANG", "7 JALAN DINAR, KAJANG", "1181-TMN SRI SINAR, KAJANG",
        ]
        var rows: [ScanResult] = addresses.enumerated().map { i, address in
            var receipt = Receipt()
            receipt.address = address
            return .parsed(i, "\(i).jpg", receipt)
        }
        Consensus.repairAddressWords(&rows)
        #expect(rows[3].receipt?.address == "Lot 3, Jalan Pelabur 23/1, Shah Alam")
        #expect(rows[6].receipt?.address == "14 JALAN KAFAR, KLANG")  // KAPAR: two rows only
        #expect(rows[10].receipt?.address == "4 JALAN BARI, KAJANG")  // four letters: too short to tell
        #expect(rows[14].receipt?.address == "1181-TMN SRI SINAR, KAJANG")  // S and D: no misreading of each other
        #expect(rows.enumerated().allSatisfy { i, r in [3].contains(i) || r.receipt?.address == addresses[i] })
    }

    /// In a batch whose dates lie in two years running, a year one or two rows in a hundred show
    /// goes to review (a digit misread); a batch spread over years, or too small to tell, keeps it.
    @Test func aYearFewRowsOfABatchShowGoesToReview() {
        func batch(_ years: [(Int, Int)]) -> [ScanResult] {
            years.flatMap { year, rows in (0..<rows).map { _ in year } }.enumerated().map { i, year in
                var receipt = Receipt()
                receipt.date = ReceiptDate(year: year, month: 5, day: 19)
                return .parsed(i, "\(i).jpg", receipt)
            }
        }
        var rows = batch([(2017, 50), (2018, 45), (2016, 10), (2014, 1), (2015, 2)])
        #expect(rows.allSatisfy { $0.status == .ok })
        Consensus.doubtLoneYears(&rows)
        let doubted = rows.filter { $0.status == .needsReview }
        #expect(doubted.map { $0.receipt!.date!.year } == [2014, 2015, 2015])
        #expect(doubted[0].errorText == "year 2014 is rare in this batch (most dates are of 2017-2018); a digit may be misread")
        // 2016 is one row in eleven: a year the batch holds.
        #expect(rows.filter { $0.receipt!.date!.year == 2016 }.allSatisfy { $0.status == .ok })

        var spread = batch([(2017, 25), (2018, 25), (2019, 20), (2016, 15), (2014, 1)])
        Consensus.doubtLoneYears(&spread)
        #expect(spread.allSatisfy { $0.status == .ok })
        var small = batch([(2020, 19), (2016, 1), (2019, 1)])
        Consensus.doubtLoneYears(&small)
        #expect(small.allSatisfy { $0.status == .ok })
    }

    @Test func theSinkWritesEveryRowInOrderWithTheBatchReading() throws {
        let inner = Rows()
        let sink = ConsensusSink(inner)
        let names = ["EIGHT OUNCE COFFEE CO.", "EIGHT OUNCE COFFEE C0.", "EIGHT OUNCE COFFEE CO."]
        for (i, name) in names.enumerated() {
            var receipt = Receipt()
            receipt.merchant = name
            try sink.write(.parsed(i, "\(i).jpg", receipt))
        }
        try sink.write(.failed(3, "3.jpg", StageError(.load, "not an image")))
        #expect(inner.rows.isEmpty)  // held until the batch ends
        try sink.finish()
        #expect(inner.rows.map(\.index) == [0, 1, 2, 3])
        #expect(inner.rows.map { $0.receipt?.merchant } == ["EIGHT OUNCE COFFEE CO.", "EIGHT OUNCE COFFEE CO.",
                                                          "EIGHT OUNCE COFFEE CO.", nil])
        #expect(inner.finished)
    }

    private func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var next = [i]
            for j in 1...b.count {
                next.append(min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)))
            }
            row = next
        }
        return row[b.count]
    }

    private final class Rows: FinishingSink {
        var rows: [ScanResult] = []
        var finished = false
        func write(_ result: ScanResult) throws { rows.append(result) }
        func finish() throws { finished = true }
    }
}

extension Consensus {
    /// `donors` as texts: each reading, or the one it takes.
    static func agreed(_ readings: [String?], taxIDs: [String?] = [], spread: Double,
                       cutShare: Double? = nil) -> [String?] {
        zip(readings, donors(readings, taxIDs: taxIDs, spread: spread, cutShare: cutShare)).map { own, donor in
            donor.map { readings[$0] } ?? own
        }
    }
}

extension ParserRobustnessTests.SplitMix: RandomNumberGenerator {}
