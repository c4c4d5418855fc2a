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
