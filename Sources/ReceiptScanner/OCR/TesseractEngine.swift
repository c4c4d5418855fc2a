import CTesseract
import Foundation

/// Settings every OCR engine of a run shares.
public struct OCRSettings: Sendable, Hashable {
    /// Tesseract language string, e.g. `eng` or `eng+deu`.
    public var language: String = "eng"
    /// Page segmentation mode; 6 (one uniform block) keeps receipt lines whole.
    public var pageSegmentationMode: Int = 6
    /// Give up on one image after this long, so a pathological image cannot stall a batch.
    public var deadline: Duration = .seconds(60)
    /// Folder holding `<lang>.traineddata`; nil uses Tesseract's default (or TESSDATA_PREFIX).
    public var dataPath: String?

    public init(language: String = "eng", pageSegmentationMode: Int = 6,
                deadline: Duration = .seconds(60), dataPath: String? = nil) {
        self.language = language
        self.pageSegmentationMode = pageSegmentationMode
        self.deadline = deadline
        self.dataPath = dataPath
    }
}

/// What OCR read from one image.
public struct OCRText: Sendable, Hashable {
    public var text: String
    /// Tesseract's mean word confidence, 0...100.
    public var meanConfidence: Int
    /// Confidence (0...100) per text line, keyed by the line as `TextLine.normalised` writes it.
    public var lineConfidence: [String: Int] = [:]
    /// Confidence (0...100) of each word of a line, in order, keyed as `lineConfidence`: a logo
    /// or the paper's edge read as letters beside a name shows as words far less sure than it.
    public var wordConfidence: [String: [Int]] = [:]
    /// Quarter turns (clockwise) the upright step gave the prepared image before this reading;
    /// kept in the journal so the review page shows the image the way it was read.
    public var quarterTurns = 0
    /// Size of the image the lines' boxes lie in (the one read last).
    var imageWidth = 0, imageHeight = 0
    /// The lines as read, top to bottom, with where they lie (not kept in the journal: only the
    /// reading steps use them).
    var lines: [ReadLine] = []

    /// Below this mean confidence a reading may have failed (a turned image, lost print): the
    /// reading steps look again. Upright readings measured 46-84, turned ones 17-43.
    static let doubtfulBelow = 55
    var isDoubtful: Bool { meanConfidence < Self.doubtfulBelow }

    /// Records a line's confidence under its normalised text; a line printed twice keeps its
    /// lower confidence.
    mutating func noteConfidence(_ confidence: Int, of line: String, words: [Int] = []) {
        let key = TextLine.normalised(line[...])
        if confidence <= lineConfidence[key] ?? 100, !words.isEmpty { wordConfidence[key] = words }
        lineConfidence[key] = min(lineConfidence[key] ?? 100, confidence)
    }
}

/// One line of a reading and the box of the image it covers.
struct ReadLine: Sendable, Hashable {
    var text: String
    var confidence: Int
    var top: Int
    var bottom: Int
    var left = 0
    var right = 0
    /// Each word's confidence, in order.
    var words: [Int] = []
}

/// The run cannot start: a fault of the set-up, not of one file.
public struct SetupError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Owns one `TessBaseAPI` (and its monitor), created once and reused for every image.
///
/// Thread rules: not Sendable. Create it on the thread that uses it and use it only there;
/// Tesseract's API object is not safe to share. `cancelFlag` is the one piece other threads
/// may touch (through `requestCancel`), and it is read and written atomically.
public final class TesseractEngine {
    private let handle: OpaquePointer
    private let monitor: OpaquePointer
    private let cancelFlag: UnsafeMutablePointer<Int32>
    public let settings: OCRSettings

    /// - Parameter model: the language's `.traineddata` bytes, to load instead of its file
    ///   (`LatinModel`); nil loads the file.
    public init(settings: OCRSettings, model: Data? = nil) throws(SetupError) {
        try Self.checkLanguageData(settings)
        OpenMP.limitToOneThread()
        guard let handle = TessBaseAPICreate() else { throw SetupError("Tesseract could not create an engine") }
        // Tesseract's number parsing needs the C numeric locale.
        setlocale(LC_NUMERIC, "C")
        let status = model.map { model in
            model.withUnsafeBytes { bytes in
                TessBaseAPIInit5(handle, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                 settings.language, OEM_DEFAULT, nil, 0, nil, nil, 0, 0)
            }
        } ?? TessBaseAPIInit3(handle, settings.dataPath, settings.language)
        guard status == 0 else {
            TessBaseAPIDelete(handle)
            let packages = settings.language.split(separator: "+").map { Self.debianPackage(String($0)) }
            throw SetupError("Tesseract could not load language '\(settings.language)'; "
                + "install its data (Debian: apt-get install \(packages.joined(separator: " "))) or set TESSDATA_PREFIX")
        }
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(settings.pageSegmentationMode)))
        // Keep word spacing as printed so amounts stay apart from their labels.
        _ = TessBaseAPISetVariable(handle, "preserve_interword_spaces", "1")
        // Receipts print dark on light; re-reading each doubtful line inverted cost ~10% of OCR time.
        _ = TessBaseAPISetVariable(handle, "tessedit_do_invert", "0")
        // Tesseract prints layout warnings ("Image too small to scale!!") to stderr; a failure
        // reaches the user as the row's error instead.
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        guard let monitor = TessMonitorCreate() else {
            TessBaseAPIEnd(handle); TessBaseAPIDelete(handle)
            throw SetupError("Tesseract could not create a progress monitor")
        }
        self.handle = handle
        self.monitor = monitor
        self.settings = settings
        self.cancelFlag = .allocate(capacity: 1)
        cancelFlag.initialize(to: 0)
        TessMonitorSetCancelThis(monitor, UnsafeMutableRawPointer(cancelFlag))
        TessMonitorSetCancelFunc(monitor, receipts_tess_cancel_func())
    }

    deinit {
        TessMonitorDelete(monitor)
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
        cancelFlag.deinitialize(count: 1)
        cancelFlag.deallocate()
    }

    /// The failure of an image abandoned by a second Ctrl-C: not the image's fault, not journaled.
    static let cancelledMessage = "abandoned: the run was interrupted"

    /// A handle other threads may use to abandon the image being read now.
    public var canceller: OCRCanceller { OCRCanceller(flag: cancelFlag) }

    /// Reads with another page segmentation mode this once (a second look), then the configured one.
    func recognize(_ pix: Pix, pageSegmentationMode mode: Int) -> Result<OCRText, StageError> {
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(mode)))
        defer { TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(settings.pageSegmentationMode))) }
        return recognize(pix)
    }

    /// Reads one image. Blocking: call it on a dedicated thread, never in a Swift task.
    public func recognize(_ pix: Pix) -> Result<OCRText, StageError> {
        defer { TessBaseAPIClear(handle) }
        receipts_tess_set_flag(cancelFlag, 0)
        let resolution = pix.resolution
        TessBaseAPISetImage2(handle, pix.pointer)
        TessBaseAPISetSourceResolution(handle, Int32(resolution > 0 ? resolution : 300))
        let (seconds, attos) = settings.deadline.components
        let deadlineMS = Int32(clamping: seconds * 1000 + attos / 1_000_000_000_000_000)
        TessMonitorSetDeadlineMSecs(monitor, deadlineMS)
        let started = ContinuousClock.now
        let status = TessBaseAPIRecognize(handle, monitor)
        if receipts_tess_cancel_requested(cancelFlag, 0) {
            return .failure(StageError(.ocr, Self.cancelledMessage))
        }
        if ContinuousClock.now - started >= settings.deadline {
            return .failure(StageError(.ocr, "took longer than the \(settings.deadline) OCR deadline; the image may be noise or far too large"))
        }
        guard status == 0 else { return .failure(StageError(.ocr, "Tesseract could not recognise the image")) }
        guard let cText = TessBaseAPIGetUTF8Text(handle) else {
            return .failure(StageError(.ocr, "Tesseract returned no text"))
        }
        var read = OCRText(text: String(cString: cText), meanConfidence: Int(TessBaseAPIMeanTextConf(handle)))
        TessDeleteText(cText)
        (read.imageWidth, read.imageHeight) = (pix.width, pix.height)
        readLines(into: &read)
        return .success(read)
    }

    /// Each recognised line's text, confidence and place, from Tesseract's result iterator.
    private func readLines(into read: inout OCRText) {
        guard let iterator = TessBaseAPIGetIterator(handle) else { return }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        repeat {
            guard let cLine = TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE) else { continue }
            let text = String(cString: cLine).trimmingCharacters(in: .newlines)
            TessDeleteText(cLine)
            let conf = Int(TessResultIteratorConfidence(iterator, RIL_TEXTLINE).rounded())
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            let boxed = TessPageIteratorBoundingBox(page, RIL_TEXTLINE, &left, &top, &right, &bottom) != 0
            // The line's words, from its first to its last: the iterator then stands on the last
            // word, and the next line is one step on.
            var words: [Int] = []
            repeat {
                words.append(Int(TessResultIteratorConfidence(iterator, RIL_WORD).rounded()))
            } while TessPageIteratorIsAtFinalElement(page, RIL_TEXTLINE, RIL_WORD) == 0
                && TessPageIteratorNext(page, RIL_WORD) != 0
            read.noteConfidence(conf, of: text, words: words)
            if boxed {
                read.lines.append(ReadLine(text: text, confidence: conf, top: Int(top), bottom: Int(bottom),
                                           left: Int(left), right: Int(right), words: words))
            }
        } while TessPageIteratorNext(page, RIL_TEXTLINE) != 0
    }

    /// Fails early, with what to install, when a language's data file is missing.
    static func checkLanguageData(_ settings: OCRSettings) throws(SetupError) {
        for lang in settings.language.split(separator: "+") {
            guard lang.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw SetupError("'\(lang)' is not a Tesseract language name (examples: eng, deu, eng+fra)")
            }
            if dataFolder(of: String(lang), settings: settings) == nil {
                throw SetupError("no Tesseract language data for '\(lang)'; install it (Debian: apt-get install \(debianPackage(String(lang)))) or set TESSDATA_PREFIX to the folder holding \(lang).traineddata")
            }
        }
    }

    /// The folder holding `<language>.traineddata`, where Tesseract looks: the run's data path
    /// when it has one, else TESSDATA_PREFIX when set, else the usual install folders.
    static func dataFolder(of language: String, settings: OCRSettings) -> String? {
        let folders = (settings.dataPath ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"]).map { [$0] }
            ?? ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                "/usr/local/share/tessdata", "/usr/share/tessdata"]
        return folders.flatMap { [$0, $0 + "/tessdata"] }
            .first { FileManager.default.fileExists(atPath: $0 + "/" + language + ".traineddata") }
    }

    /// Debian's package for a language (`deu`: tesseract-ocr-deu) or a script model, whose name
    /// is capitalised (`Latin`: tesseract-ocr-script-latn, by the script's ISO 15924 code).
    static func debianPackage(_ language: String) -> String {
        let scripts = ["Latin": "latn", "Cyrillic": "cyrl", "Greek": "grek", "Arabic": "arab", "Devanagari": "deva",
                       "HanS": "hans", "HanT": "hant", "Hebrew": "hebr", "Japanese": "jpan", "Thai": "thai"]
        if let code = scripts[language] { return "tesseract-ocr-script-" + code }
        return "tesseract-ocr-" + language.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    public static var version: String { String(cString: TessVersion()) }
}

/// Lets another thread abandon the OCR of the image an engine is reading.
public struct OCRCanceller: @unchecked Sendable, Equatable {
    // Points into memory the engine owns; the pipeline drops cancellers before engines end.
    fileprivate let flag: UnsafeMutablePointer<Int32>
    public func cancel() { receipts_tess_set_flag(flag, 1) }
}
