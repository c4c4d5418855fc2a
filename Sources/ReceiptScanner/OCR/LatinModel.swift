import Foundation

/// Debian's Latin-script model with the word list of the run's own language in place of its own.
///
/// The model's list holds 8.6 million words of every Latin-script language: 89 MB on disk, and
/// once loaded the largest thing a run holds (issue 19). Read with English's 338,000 words
/// instead (`eng.traineddata`'s list, put into the Latin model's letter numbering), the reading
/// steps gave the same dates and totals, merchants as good or better on every set, addresses
/// better on `sroie-check` and worse on `sroie` (Malay street names the full list holds), in
/// 61 MB instead of 279 MB (tesseract CLI, one scan); without any list, SROIE's merchants fell
/// 17 points (docs/measurements.md, 0.14.0).
///
/// Built in memory when the Latin engines start (a few MB read from each file); nil, and the
/// model as installed, when a file is missing or a letter of the list has no place in the model.
enum LatinModel {
    /// The Latin model (in `folder`) with the word list of `language` (the first of a run's
    /// languages, in `wordsFolder`), as `.traineddata` bytes for `TessBaseAPIInit5`.
    static func data(wordsOf language: String, in folder: String, wordsIn wordsFolder: String) -> Data? {
        guard let latin = TrainedData(path: folder + "/" + LatinEngines.language + ".traineddata"),
              let own = TrainedData(path: wordsFolder + "/" + language + ".traineddata"),
              let words = own.component(TrainedData.lstmWordGraph),
              let ownLetters = own.component(TrainedData.lstmLetters).map(letters),
              let latinLetters = latin.component(TrainedData.lstmLetters).map(letters),
              let graph = WordGraph.renumbered(words, from: ownLetters, to: latinLetters) else { return nil }
        var components: [Data?] = []
        for index in 0..<latin.offsets.count {
            if index == TrainedData.lstmWordGraph { components.append(graph); continue }
            guard latin.offsets[index] >= 0 else { components.append(nil); continue }
            guard let component = latin.component(index) else { return nil }
            components.append(component)
        }
        return TrainedData.container(components)
    }

    /// The letters of a unicharset file by number: the first word of each line after the count.
    static func letters(_ unicharset: Data) -> [String] {
        let lines = String(decoding: unicharset, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let count = lines.first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), lines.count > count else { return [] }
        return lines[1...count].map { String($0.prefix { $0 != " " }) }
    }
}

/// A `.traineddata` file: Tesseract's container of model parts, an entry count (Int32) then one
/// Int64 offset per part (-1 when absent), little-endian; a part runs to the next one present.
struct TrainedData {
    /// Part numbers (Tesseract's `TessdataType`).
    static let lstmWordGraph = 19, lstmLetters = 21

    let path: String
    let offsets: [Int64]
    let size: Int64

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4), head.count == 4 else { return nil }
        let count = Int(head.littleEndian(at: 0, as: Int32.self))
        guard (1...64).contains(count), let table = try? handle.read(upToCount: 8 * count), table.count == 8 * count,
              let size = try? handle.seekToEnd() else { return nil }
        self.path = path
        offsets = (0..<count).map { table.littleEndian(at: 8 * $0, as: Int64.self) }
        self.size = Int64(size)
    }

    /// The bytes of part `index`, read alone; nil when absent.
    func component(_ index: Int) -> Data? {
        guard index < offsets.count, offsets[index] >= 0 else { return nil }
        let end = offsets[(index + 1)...].first { $0 >= 0 } ?? size
        guard end > offsets[index], let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offsets[index]))) != nil,
              let bytes = try? handle.read(upToCount: Int(end - offsets[index])) else { return nil }
        return bytes
    }

    /// A container holding `components` (nil: absent) in this order.
    static func container(_ components: [Data?]) -> Data {
        var out = Data()
        out.appendLittleEndian(Int32(components.count))
        var offset = Int64(4 + 8 * components.count)
        for component in components {
            out.appendLittleEndian(component == nil ? -1 : offset)
            offset += Int64(component?.count ?? 0)
        }
        for case let component? in components { out.append(component) }
        return out
    }
}

/// Tesseract's squished word graph (`SquishedDawg`): a magic Int16 (42), the letter count and the
/// edge count (Int32 each), then one UInt64 per edge: the letter's number in its low bits (as
/// many as the letter count needs), three flags (last edge of its node, backward, word end),
/// and the edge the next node starts at in the rest.
enum WordGraph {
    static let magic: Int16 = 42
    static let lastEdge: UInt64 = 1, wordEnd: UInt64 = 4

    /// Bits of an edge's letter number: Tesseract's `ceil(log(size) / log(2))`.
    static func letterBits(_ letterCount: Int) -> Int { Int(ceil(log(Double(letterCount)) / log(2.0))) }

    /// `graph` with its letters numbered as `to` numbers them; nil when a word's letter has none there.
    /// The root node's edges are searched by halving, so they are put in their new order.
    static func renumbered(_ graph: Data, from: [String], to: [String]) -> Data? {
        guard graph.count >= 10, graph.littleEndian(at: 0, as: Int16.self) == magic, Int(graph.littleEndian(at: 2, as: Int32.self)) == from.count,
              case let count = Int(graph.littleEndian(at: 6, as: Int32.self)), count > 0, graph.count >= 10 + 8 * count else { return nil }
        var number: [String: UInt64] = [:]
        for (i, letter) in to.enumerated() where number[letter] == nil { number[letter] = UInt64(i) }
        let oldBits = letterBits(from.count), newBits = letterBits(to.count)
        let oldMask: UInt64 = (1 << oldBits) - 1
        let map = from.map { number[$0] }
        // (letter, flags, next) of each edge, renumbered.
        var edges: [(letter: UInt64, flags: UInt64, next: UInt64)] = []
        edges.reserveCapacity(count)
        for i in 0..<count {
            let edge = graph.littleEndian(at: 10 + 8 * i, as: UInt64.self)
            let letter = Int(edge & oldMask)
            guard letter < map.count, let renumbered = map[letter] else { return nil }
            edges.append((renumbered, (edge >> oldBits) & 7, edge >> (oldBits + 3)))
        }
        guard let rootEnd = edges.firstIndex(where: { $0.flags & lastEdge != 0 }) else { return nil }
        var root = edges[...rootEnd].sorted { ($0.letter, $0.next, $0.flags & wordEnd) < ($1.letter, $1.next, $1.flags & wordEnd) }
        for i in root.indices { root[i].flags &= ~lastEdge }
        root[root.count - 1].flags |= lastEdge
        edges.replaceSubrange(...rootEnd, with: root)
        var out = Data(capacity: 10 + 8 * count)
        out.appendLittleEndian(magic)
        out.appendLittleEndian(Int32(to.count))
        out.appendLittleEndian(Int32(count))
        for edge in edges { out.appendLittleEndian(edge.next << (newBits + 3) | edge.flags << newBits | edge.letter) }
        return out
    }
}

extension Data {
    /// The little-endian integer at `offset`: `data.littleEndian(at: 2, as: Int32.self)`.
    func littleEndian<T: FixedWidthInteger>(at offset: Int, as: T.Type) -> T {
        var value: T = 0
        Swift.withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: self[(startIndex + offset)..<(startIndex + offset + MemoryLayout<T>.size)]) }
        return T(littleEndian: value)
    }

    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
