import Foundation

/// Locates the repository's Fixtures/ folder from this source file, so tests run from any directory.
enum FixturePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures")
    static let text = fixtures.appendingPathComponent("text")
    static let images = fixtures.appendingPathComponent("images")

    /// Base names of the `.txt` files in a fixture folder that have an expected `.json`.
    static func textCases() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: text.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }
            .filter { names.contains($0 + ".json") }.sorted()
    }
}
