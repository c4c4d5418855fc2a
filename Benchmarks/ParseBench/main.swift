// Parse-only throughput on OCR text: one parser (one thread), every fixture text parsed
// repeatedly. Prints receipts per second; run a release build (Scripts/bench does).
import Foundation
import ReceiptScanner

let folders = CommandLine.arguments.dropFirst()
var texts: [String] = []
for folder in folders {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names.sorted() where name.hasSuffix(".txt") {
        if let data = FileManager.default.contents(atPath: folder + "/" + name) {
            texts.append(String(decoding: data, as: UTF8.self))
        }
    }
}
guard !texts.isEmpty else {
    FileHandle.standardError.write(Data("usage: ParseBench FOLDER... (folders of OCR .txt files)\n".utf8))
    exit(64)
}
let parser = ReceiptParser()
for text in texts { _ = parser.parse(text) }  // warm-up
let rounds = max(1, 20_000 / texts.count)
var checksum = 0
let start = ContinuousClock.now
for _ in 0..<rounds {
    for text in texts { checksum &+= parser.parse(text).issues.count }
}
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let n = rounds * texts.count
print(String(format: "parse: %d receipts (%d distinct) in %.2f s = %.0f receipts/s on one thread (checksum %d)",
             n, texts.count, seconds, Double(n) / seconds, checksum))

// The batch consensus over a large batch: every text's receipt copied to 10,000 rows, each copy
// with up to three letters of its name and address changed (a fixed linear congruential
// generator: the same batch each run), as OCR would read one shop's receipts.
var seed: UInt64 = 42
@MainActor func nextRandom() -> Int {
    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(seed >> 33)
}
@MainActor func damage(_ text: String) -> String {
    var chars = Array(text)
    for _ in 0..<nextRandom() % 4 where !chars.isEmpty {
        chars[nextRandom() % chars.count] = Character(UnicodeScalar(UInt8(65 + nextRandom() % 26)))
    }
    return String(chars)
}
let parsed = texts.map { parser.parse($0) }
var batch: [ScanResult] = []
for i in 0..<10_000 {
    var receipt = parsed[i % parsed.count]
    receipt.merchant = receipt.merchant.map(damage)
    receipt.address = receipt.address.map(damage)
    batch.append(.parsed(i, "\(i).jpg", receipt))
}
let consensusStart = ContinuousClock.now
Consensus.apply(to: &batch)
print("consensus: \(batch.count) rows (\(parsed.count) shops) in \(ContinuousClock.now - consensusStart)")
