import Foundation

/// Everything a scan needs to know, built once from the command line (the inputs themselves
/// come from `InputWalker`).
public struct ScanConfiguration: Sendable {
    /// OCR worker threads, one Tesseract engine each.
    public var jobs: Int
    /// Image decoding threads feeding the OCR workers.
    public var loadJobs: Int
    public var ocr: OCRSettings
    public var images: ImageLimits
    /// Image preparation and reading steps (`--prepare`, `--add-step`, `--skip-step`).
    public var steps: Set<PreparationStep> = PreparationStep.auto
    public var parser: ParserOptions
    /// Most files between the feeder and the writer at once; bounds memory whatever the batch size.
    public var maxInFlight: Int
    /// Send each original to an archive (`--upload`); nil: no upload stage.
    public var upload: UploadSettings? {
        didSet { maxInFlight = max(maxInFlight, (upload?.jobs ?? 0) * 2) }  // keep every upload worker fed
    }
    /// False for `receipts upload`: read and hash files, upload them, no OCR.
    public var readsImages = true
    /// Where finished stages are recorded and looked up; nil: an in-memory one for this run only
    /// (duplicates within the batch are still found).
    public var journal: Journal?
    public var resume = ResumePolicy()

    public init(jobs: Int = ScanConfiguration.defaultJobs, ocr: OCRSettings = OCRSettings(),
                images: ImageLimits = ImageLimits(), parser: ParserOptions = ParserOptions()) {
        self.jobs = max(1, jobs)
        self.loadJobs = max(1, (jobs + 1) / 2)
        self.ocr = ocr
        self.images = images
        self.parser = parser
        self.maxInFlight = max(8, jobs * 4)
    }

    /// One OCR engine per core.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
