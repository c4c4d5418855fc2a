import Foundation

/// Tesseract engines with Debian's Latin-script model (`tesseract-ocr-script-latn`), which the
/// OCR threads share for the reading steps that read part of a page again with it: `header`
/// (names and addresses), `total-look`, `date-look` and `date-twins` (the total's and the date's lines). The
/// model is loaded with the run's own language's word list in place of its 8.6 million words
/// (`LatinModel`: a scan's peak RSS ~110 MB lower per engine). Those readings take about a quarter of an
/// OCR thread's time, so one engine serves up to three threads (measured with 2 OCR threads and
/// the full word list: one shared engine took the same time as one each, at 309 MB peak RSS
/// instead of 527).
///
/// Thread rules: an engine is lent to one thread at a time (taken and given back under the
/// lock, a semaphore counting the free ones), which is why `@unchecked Sendable` is safe; every
/// OCR thread holds OpenMP to one thread itself, when it creates its own engine.
public final class LatinEngines: @unchecked Sendable {
    private var free: [TesseractEngine]
    private let lock = NSLock()
    private let available: DispatchSemaphore
    /// For a second Ctrl-C: abandons the reading in progress.
    public let cancellers: [OCRCanceller]

    /// OCR threads per Latin engine.
    static let threadsPerEngine = 3
    /// The model's name for Tesseract (Debian: tesseract-ocr-script-latn).
    static let language = "Latin"
    /// The steps that read with these engines.
    static let steps: Set<PreparationStep> = [.header, .totalLook, .sumsLook, .dateLook, .dateTwins]

    /// Languages written in Latin script: the engines are used when every language of a run is
    /// one of these (a Latin reading of Greek or Thai would replace a good reading with noise).
    static let latinScript: Set<String> = [
        "eng", "deu", "fra", "spa", "ita", "nld", "por", "msa", "ind", "dan", "nor", "swe", "fin",
        "pol", "ces", "slk", "slv", "hrv", "hun", "ron", "tur", "vie", "cat", "eus", "glg", "lit",
        "lav", "est", "isl", "gle", "cym", "afr", "swa", "tgl", "sqi", "mlt", "ltz", "Latin",
    ]

    static func applies(toLanguage language: String) -> Bool {
        language.split(separator: "+").allSatisfy { latinScript.contains(String($0)) }
    }

    /// The engines for a run with these settings and OCR threads; nil when no step that reads
    /// with them is on, or the run's languages are not all written in Latin script.
    public static func make(for settings: OCRSettings, steps: Set<PreparationStep>, threads: Int) throws(SetupError) -> LatinEngines? {
        let using = steps.intersection(Self.steps).sorted()
        guard !using.isEmpty, applies(toLanguage: settings.language) else { return nil }
        var latin = settings
        latin.language = language
        let count = max(1, (threads + threadsPerEngine - 1) / threadsPerEngine)
        // The run's first language lends the model its word list (`LatinModel`); a run in Latin
        // itself keeps the model's own.
        let words = String(settings.language.split(separator: "+").first ?? "eng")
        let model = words == language ? nil : TesseractEngine.dataFolder(of: language, settings: latin).flatMap { folder in
            TesseractEngine.dataFolder(of: words, settings: settings).flatMap { LatinModel.data(wordsOf: words, in: folder, wordsIn: $0) }
        }
        do { return LatinEngines(try (0..<count).map { _ throws(SetupError) in try TesseractEngine(settings: latin, model: model) }) } catch {
            let names = using.map { "'\($0.rawValue)'" }.joined(separator: " and ")
            throw SetupError("the \(names) step\(using.count > 1 ? "s read" : " reads") with Tesseract's Latin-script model: \(error.message); "
                + "or pass " + using.map { "--skip-step \($0.rawValue)" }.joined(separator: " "))
        }
    }

    private init(_ engines: [TesseractEngine]) {
        free = engines
        available = DispatchSemaphore(value: engines.count)
        cancellers = engines.map(\.canceller)
    }

    /// Runs `body` with a free engine, waiting for one when all are lent.
    func withEngine<T>(_ body: (TesseractEngine) -> T) -> T {
        available.wait()
        let engine = lock.withLock { free.removeLast() }
        defer {
            lock.withLock { free.append(engine) }
            available.signal()
        }
        return body(engine)
    }
}
