import Foundation

/// Tesseract is built with OpenMP; by default each engine spreads one image over every core,
/// and with one engine per core that oversubscription made OCR 2.6-3.5x slower here.
/// OMP_THREAD_LIMIT works only if set before the process starts, so each OCR thread turns
/// nested and top-level parallel regions off for itself instead.
enum OpenMP {
    private typealias SetLevels = @convention(c) (Int32) -> Void

    /// Call on each OCR thread before its first recognition.
    static func limitToOneThread() {
        // libgomp comes in through libtesseract; look the symbol up rather than link it directly.
        guard let symbol = dlsym(nil, "omp_set_max_active_levels") else { return }
        unsafeBitCast(symbol, to: SetLevels.self)(0)
    }

    private typealias GetLevels = @convention(c) () -> Int32

    /// The calling thread's setting, to check that the limit took effect (tests, diagnostics).
    static func maxActiveLevels() -> Int32? {
        guard let symbol = dlsym(nil, "omp_get_max_active_levels") else { return nil }
        return unsafeBitCast(symbol, to: GetLevels.self)()
    }
}
