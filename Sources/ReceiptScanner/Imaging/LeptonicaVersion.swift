import CLeptonica

extension Leptonica {
    /// "leptonica-1.82.0"
    public static var version: String {
        guard let c = getLeptonicaVersion() else { return "unknown" }
        defer { lept_free(c) }
        return String(cString: c)
    }
}
