/// Levenshtein distance between two strings' characters: how many insertions, deletions and
/// substitutions turn one into the other. Used where OCR misreads a few letters (merchant names
/// compared for duplicates, legal forms repaired). Both strings are short (names), so the plain
/// two-row table is enough.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
