import Foundation
import Testing
@testable import ReceiptScanner

/// The Latin model with English's word list, built from the installed `.traineddata` files.
@Suite struct LatinModelTests {
    let folder = try! #require(TesseractEngine.dataFolder(of: "Latin", settings: OCRSettings()))
    let engFolder = try! #require(TesseractEngine.dataFolder(of: "eng", settings: OCRSettings()))

    /// Every word of a word graph, spelt with `letters` (a depth-first walk of its forward edges).
    static func words(_ graph: Data, letters: [String]) -> Set<String> {
        let count = Int(graph.littleEndian(at: 6, as: Int32.self)), bits = WordGraph.letterBits(letters.count)
        let edges = (0..<count).map { graph.littleEndian(at: 10 + 8 * $0, as: UInt64.self) }
        var found: Set<String> = []
        var stack: [(node: Int, prefix: String)] = [(0, "")]
        while let (node, prefix) = stack.popLast() {
            var i = node
            while i < edges.count {
                let edge = edges[i], flags = (edge >> bits) & 7, next = Int(edge >> (bits + 3))
                if flags & 2 == 0 {  // forward
                    let word = prefix + letters[Int(edge & ((1 << bits) - 1))]
                    if flags & WordGraph.wordEnd != 0 { found.insert(word) }
                    if next > 0, next < edges.count { stack.append((next, word)) }
                }
                if flags & WordGraph.lastEdge != 0 { break }
                i += 1
            }
        }
        return found
    }

    @Test func theModelHoldsTheLatinPartsAndEnglishsWordsRenumbered() throws {
        let data = try #require(LatinModel.data(wordsOf: "eng", in: folder, wordsIn: engFolder))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("latin-eng-\(UUID()).traineddata").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let built = try #require(TrainedData(path: path))
        let latin = try #require(TrainedData(path: folder + "/Latin.traineddata"))
        let eng = try #require(TrainedData(path: engFolder + "/eng.traineddata"))
        #expect(built.offsets.count == latin.offsets.count)
        // Every part but the word list is the Latin model's own, byte for byte.
        for index in latin.offsets.indices where index != TrainedData.lstmWordGraph {
            #expect(built.component(index) == latin.component(index), "part \(index)")
        }
        // The word list holds English's words, no more and no fewer, in the Latin numbering.
        let latinLetters = LatinModel.letters(try #require(latin.component(TrainedData.lstmLetters)))
        let engLetters = LatinModel.letters(try #require(eng.component(TrainedData.lstmLetters)))
        #expect(latinLetters.count > engLetters.count)
        let english = Self.words(try #require(eng.component(TrainedData.lstmWordGraph)), letters: engLetters)
        let renumbered = Self.words(try #require(built.component(TrainedData.lstmWordGraph)), letters: latinLetters)
        #expect(english.count > 300_000)
        #expect(renumbered == english)
        #expect(renumbered.contains("receipt") && renumbered.contains("Street"))
        // Far smaller than the Latin model's own list.
        #expect(data.count * 10 < Int(latin.size))
    }

    @Test func aLetterTheModelLacksLeavesTheModelAsInstalled() throws {
        // One edge: letter 1 (one bit for two letters), last edge of the root and a word's end.
        let graph = Data([42, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0b1011, 0, 0, 0, 0, 0, 0, 0])
        #expect(WordGraph.renumbered(graph, from: ["NULL", "ж"], to: ["NULL", "a"]) == nil)
        let renumbered = try #require(WordGraph.renumbered(graph, from: ["NULL", "ж"], to: ["NULL", "a", "b", "ж"]))
        #expect(Self.words(renumbered, letters: ["NULL", "a", "b", "ж"]) == ["ж"])
        #expect(WordGraph.renumbered(Data([1, 2, 3]), from: ["NULL"], to: ["NULL"]) == nil)
        #expect(LatinModel.data(wordsOf: "no-such-language", in: folder, wordsIn: engFolder) == nil)
    }

    /// The engine loaded from the built model reads; its neighbours' readings are the header
    /// step's tests (`HeaderReadingTests`), which use it through `LatinEngines`.
    @Test func anEngineLoadsTheBuiltModelAndReads() throws {
        let data = try #require(LatinModel.data(wordsOf: "eng", in: folder, wordsIn: engFolder))
        let engine = try TesseractEngine(settings: OCRSettings(language: "Latin"), model: data)
        let path = FixturePaths.images.appendingPathComponent("de-supermarkt-clean.png").path
        let text = try engine.recognize(try ImageLoader().load(path, format: .png).image.get()).get().text
        #expect(text.contains("München"))
    }
}
