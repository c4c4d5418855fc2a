import Foundation
import Synchronization

/// The receiver of finished rows, in input order. Called on the writer thread only.
public protocol ResultSink: AnyObject {
    func write(_ result: ScanResult) throws
}

/// discover -> load -> OCR -> parse -> write, each stage on its own threads with a bounded queue
/// between stages. Blocking C work (Leptonica, Tesseract) runs on dedicated threads, never on
/// Swift's cooperative pool. Rows reach the sink in input order whatever order work finishes in.
public final class ScanPipeline: Sendable {
    public let configuration: ScanConfiguration
    private let state = Mutex(State())

    private struct State {
        var cancelled = false
        var abandoned = false
        var cancellers: [OCRCanceller] = []
        var queues: [@Sendable () -> Void] = []  // closers for the in-flight queues
    }

    public init(configuration: ScanConfiguration) {
        self.configuration = configuration
    }

    /// Stop taking new files; files already being read finish and are written.
    /// A second call also abandons OCR in progress and drops queued work.
    public func cancel() {
        // Cancellers are used under the lock: an OCR thread removes its own under the same lock
        // before its engine (which owns the flag memory) goes away.
        let closers = state.withLock { s -> [@Sendable () -> Void] in
            defer { s.cancelled = true }
            guard s.cancelled else { return [] }
            s.abandoned = true
            s.cancellers.forEach { $0.cancel() }
            return s.queues
        }
        closers.forEach { $0() }
    }

    private var isCancelled: Bool { state.withLock { $0.cancelled } }
    /// After a second cancel: work in progress is given up (uploads stop retrying).
    private var isAbandoned: Bool { state.withLock { $0.abandoned } }

    /// Runs the whole batch, blocking the calling thread until every row is written.
    /// Throws only when the run cannot start (no language data); file problems are rows.
    public func run(_ inputs: [DiscoveredInput], into sink: ResultSink,
                    progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) throws(SetupError) -> ScanSummary {
        let started = ContinuousClock.now
        let config = configuration
        let ocrJobs = config.readsImages ? config.jobs : 0
        if config.readsImages { try TesseractEngine.checkLanguageData(config.ocr) }
        let journal = config.journal ?? Journal.inMemory()
        let reuse = config.resume.force ? nil : journal  // --force: record, never look up
        let (scanKey, parseKey) = (config.scanKey, config.parseKey)
        let destination = config.upload?.destination.key ?? ""
        let workLog = WorkLog.fromEnvironment()
        /// A finished upload of this content to this destination, or a failure not to retry.
        @Sendable func priorUpload(_ sha: String) -> UploadOutcome? {
            guard let (outcome, runs) = reuse?.upload(sha256: sha, destination: destination) else { return nil }
            return outcome.error == nil || !config.resume.mayRetry(afterAttempts: runs) ? outcome : nil
        }

        let loadQueue = BoundedQueue<(Int, DiscoveredInput)>(capacity: config.loadJobs * 2)
        let ocrQueue = BoundedQueue<(Int, DiscoveredInput, String?, Pix)>(capacity: max(1, ocrJobs * 2))
        let parseQueue = BoundedQueue<(Int, DiscoveredInput, String?, OCRText)>(capacity: max(1, ocrJobs * 4))
        // At most one upload per file in flight, so pushes here never wait (the writer pushes too).
        let uploadQueue = BoundedQueue<UploadJob>(capacity: config.maxInFlight)
        let results = BoundedQueue<Part>(capacity: config.maxInFlight * 2 + 1)
        let slots = Slots(config.maxInFlight)
        state.withLock { s in
            s.queues = [{ _ = loadQueue.closeAndDrain() }, { _ = ocrQueue.closeAndDrain() },
                        { _ = parseQueue.closeAndDrain() }, { _ = uploadQueue.closeAndDrain() }, { slots.close() }]
        }

        // OCR engines start first, each on its own thread; a failure stops the run before any file.
        // The Latin engines (header and total-look steps) are shared by the OCR threads.
        let latin = ocrJobs > 0 ? try LatinEngines.make(for: config.ocr, steps: config.steps, threads: ocrJobs) : nil
        let latinCancellers = latin?.cancellers ?? []
        state.withLock { $0.cancellers += latinCancellers }
        defer { state.withLock { s in s.cancellers.removeAll { latinCancellers.contains($0) } } }
        let ocrDone = DispatchGroup()
        let ready = DispatchSemaphore(value: 0)
        let startError = Mutex<SetupError?>(nil)
        for n in 0..<ocrJobs {
            ocrDone.enter()
            spawn("receipts-ocr-\(n)") { [self] in
                defer { ocrDone.leave() }
                let engine: TesseractEngine
                do throws(SetupError) { engine = try TesseractEngine(settings: config.ocr) } catch {
                    startError.withLock { $0 = $0 ?? error }
                    ready.signal()
                    return
                }
                state.withLock { $0.cancellers.append(engine.canceller) }
                defer { state.withLock { s in s.cancellers.removeAll { $0 == engine.canceller } } }
                ready.signal()
                let reader = PageReader(options: config.parser, latin: latin)
                while let (index, input, sha, pix) = ocrQueue.pop() {
                    let outcome = reader.read(pix, with: engine, steps: config.steps)
                    if case .failure(let error) = outcome, error.message == TesseractEngine.cancelledMessage {
                        results.push(.scan(.failed(index, input.path, error, sha256: sha)))  // abandoned: not a result to keep
                        continue
                    }
                    if let sha {
                        workLog?.note("ocr \(input.contentKey(sha))")
                        journal.recordScan(sha256: input.contentKey(sha), key: scanKey, outcome: outcome)
                    }
                    switch outcome {
                    case .success(let text): parseQueue.push((index, input, sha, text))
                    case .failure(let error): results.push(.scan(.failed(index, input.path, error, sha256: sha)))
                    }
                }
            }
        }
        for _ in 0..<ocrJobs { ready.wait() }
        if let error = startError.withLock({ $0 }) {
            ocrQueue.close()
            ocrDone.wait()
            throw error
        }

        // Upload workers: one curl handle each, reused for every file.
        let uploadDone = DispatchGroup()
        let limiter = config.upload?.ratePerSecond.map { RateLimiter(perSecond: $0) }
        let uploadsWaitForParse = config.upload?.objectName.needsReceipt ?? false
        if let settings = config.upload {
            for n in 0..<settings.jobs {
                uploadDone.enter()
                spawn("receipts-upload-\(n)") { [self] in
                    defer { uploadDone.leave() }
                    guard let uploader = Uploader(settings: settings, limiter: limiter, isAbandoned: { [self] in isAbandoned }) else {
                        while let job = uploadQueue.pop() {
                            results.push(.upload(job.index, UploadOutcome(url: nil, error: StageError(.upload, "libcurl could not start"))))
                        }
                        return
                    }
                    while let job = uploadQueue.pop() {
                        let outcome = uploader.upload(job)
                        if outcome.error == nil || !isAbandoned {  // an abandoned upload is not the file's failure
                            journal.recordUpload(sha256: job.sha256, destination: destination, outcome: outcome)
                        }
                        results.push(.upload(job.index, outcome))
                    }
                }
            }
        }

        // Feeder: hands discovered files to the loaders, in order, within the in-flight bound.
        spawn("receipts-feed") { [self] in
            defer { loadQueue.close() }
            for (index, input) in inputs.enumerated() {
                guard !isCancelled, slots.acquire(), !isCancelled else { return }
                if let error = input.error {
                    results.push(.scan(.failed(index, input.path, error)))
                } else {
                    loadQueue.push((index, input))
                }
            }
        }

        // Loaders: read and hash (the upload starts here), then decode, orient and prepare.
        // Leptonica is thread-safe for separate images.
        let load = LoadStage(config: config, images: ImageLoader(limits: config.images), journal: journal, reuse: reuse,
                             scanKey: scanKey, parseKey: parseKey, uploadsWaitForParse: uploadsWaitForParse,
                             priorUpload: priorUpload, results: results, uploads: uploadQueue, ocr: ocrQueue, parse: parseQueue)
        let loadDone = DispatchGroup()
        for n in 0..<config.loadJobs {
            loadDone.enter()
            spawn("receipts-load-\(n)") {
                defer { loadDone.leave() }
                while let (index, input) = loadQueue.pop() { load.run(index, input) }
            }
        }
        spawn("receipts-load-close") {
            loadDone.wait()
            ocrQueue.close()
        }
        spawn("receipts-ocr-close") {
            loadDone.wait()  // with no OCR threads (upload only), the loaders are the last scan stage
            ocrDone.wait()
            parseQueue.close()
        }

        // Parser: one instance owned by this thread (Swift Regex is not Sendable).
        let parseDone = DispatchGroup()
        parseDone.enter()
        spawn("receipts-parse") {
            defer { parseDone.leave() }
            let parser = ReceiptParser(options: config.parser)
            while let (index, input, sha, text) = parseQueue.pop() {
                let receipt = parser.parse(text)
                if let sha { journal.recordParse(sha256: input.contentKey(sha), key: parseKey, receipt: receipt) }
                results.push(.scan(.parsed(index, input.path, receipt, sha256: sha)))
            }
            // Loaders are done too (the parse queue closes after them): every file's outcome is in.
            results.push(.scansFinished)
        }
        spawn("receipts-results-close") {
            parseDone.wait()
            uploadDone.wait()
            results.close()
        }

        // Writer: this thread. Joins each file's scan and upload, reorders, writes, reports.
        var pending: [Int: Joined] = [:]
        var next = 0
        var summary = ScanSummary(total: inputs.count, written: 0, ok: 0, needsReview: 0, failed: 0,
                                  interrupted: false, elapsed: .zero, outputError: nil)
        func emit(_ joined: Joined) {
            slots.release()
            guard summary.outputError == nil, var result = joined.scan else { return }
            result.page = inputs[result.index].page
            if let page = result.page, page > 1, config.upload != nil, let sha = result.sha256 {
                result.uploadURL = journal.upload(sha256: sha, destination: destination)?.outcome.url  // page 1 uploaded the file
            }
            if let upload = joined.upload {
                result.uploadURL = upload.url
                result.uploadError = upload.error
            } else if joined.expectsUpload {
                result.uploadError = StageError(.upload, "not uploaded: the run was stopped")
            }
            if result.uploadError != nil && !config.readsImages { result.status = .failed }
            // A person's corrections (receipts review) win over this reading, which the journal keeps apart.
            result = journal.applyingReview(journal.recordRow(result))
            if let failure = journal.failure {
                summary.outputError = "journal: \(failure); what was committed is kept: fix that (or move the journal with --journal) and run again to resume"
                cancel(); cancel()  // work would no longer be recorded: stop now, keep what is committed
                return
            }
            if result.uploadError != nil { summary.uploadFailed += 1 }
            do { try sink.write(result) } catch {
                summary.outputError = "\(error)"
                cancel(); cancel()  // nothing more can be written: stop everything now
                return
            }
            summary.written += 1
            switch result.status {
            case .ok: summary.ok += 1
            case .needsReview: summary.needsReview += 1
            case .failed where result.review?.status == .notAReceipt: summary.notReceipts += 1
            case .failed: summary.failed += 1
            }
            progress(ScanProgress(done: summary.written, total: inputs.count, ok: summary.ok,
                                  needsReview: summary.needsReview, failed: summary.failed))
        }
        while let part = results.pop() {
            switch part {
            case .scansFinished:
                uploadQueue.close()  // every upload job has been queued
                continue
            case .scan(let result):
                let expects = config.upload != nil && result.sha256 != nil && (inputs[result.index].page ?? 1) == 1
                pending[result.index, default: Joined()].scan = result
                pending[result.index]!.expectsUpload = expects
                if expects && uploadsWaitForParse {
                    if let prior = priorUpload(result.sha256!) {
                        pending[result.index]!.upload = prior
                    } else {
                        uploadQueue.push(UploadJob(index: result.index, path: result.file, sha256: result.sha256!,
                                                   format: inputs[result.index].format, receipt: result.receipt))
                    }
                }
            case .upload(let index, let outcome):
                pending[index, default: Joined()].upload = outcome
            }
            while let ready = pending[next], ready.isComplete {
                pending[next] = nil
                emit(ready)
                next += 1
            }
        }
        // Interrupted: files in the queues were dropped; write what was finished, still in order.
        for index in pending.keys.sorted() where pending[index]!.scan != nil { emit(pending[index]!) }
        // Stopped before the end, or a second cancel abandoned work in progress.
        summary.interrupted = isCancelled && (summary.written < inputs.count || isAbandoned)
        summary.elapsed = ContinuousClock.now - started
        return summary
    }

    /// The loaders' work on one file: read and hash it, start its upload, reuse what the journal
    /// holds for its content, or decode (a PDF page: read its text or render it) and prepare it for
    /// OCR. Shared by the loader threads; everything it holds is Sendable or locked.
    private struct LoadStage: Sendable {
        let config: ScanConfiguration
        let images: ImageLoader
        let journal: Journal
        let reuse: Journal?
        let scanKey: String
        let parseKey: String
        let uploadsWaitForParse: Bool
        let priorUpload: @Sendable (String) -> UploadOutcome?
        let results: BoundedQueue<Part>
        let uploads: BoundedQueue<UploadJob>
        let ocr: BoundedQueue<(Int, DiscoveredInput, String?, Pix)>
        let parse: BoundedQueue<(Int, DiscoveredInput, String?, OCRText)>

        func run(_ index: Int, _ input: DiscoveredInput) {
            let bytes: [UInt8]
            switch images.read(input.path) {
            case .success(let read): bytes = read
            case .failure(let error):
                results.push(.scan(.failed(index, input.path, error)))
                return
            }
            let sha = SHA256.hex(bytes)
            let key = input.contentKey(sha)
            if config.upload != nil && !uploadsWaitForParse && (input.page ?? 1) == 1 {  // a PDF uploads once
                if let prior = priorUpload(sha) {
                    results.push(.upload(index, prior))
                } else {
                    uploads.push(UploadJob(index: index, path: input.path, sha256: sha, format: input.format))
                }
            }
            guard config.readsImages else {
                results.push(.scan(ScanResult(index: index, file: input.path, status: .ok, sha256: sha)))
                return
            }
            // Done before under the same settings: reuse the receipt, or re-parse the text.
            if let record = reuse?.record(sha256: key), record.scanKey == scanKey {
                switch record.scan {
                case .read(let text):
                    if record.parseKey == parseKey, !config.resume.reparse, let receipt = record.receipt {
                        results.push(.scan(.parsed(index, input.path, receipt, sha256: sha)))
                    } else {
                        parse.push((index, input, sha, text))
                    }
                    return
                case .failed(let error) where !config.resume.mayRetry(afterAttempts: record.scanAttempts):
                    results.push(.scan(.failed(index, input.path, error, sha256: sha)))
                    return
                default: break
                }
            }
            let image: Result<Pix, StageError>
            if let page = input.page {
                // A PDF page: its text layer when it has one (no OCR), else rendered.
                switch PDFPage.read(bytes, page: page, limits: config.images) {
                case .text(let text):
                    let ocr = OCRText(text: text, meanConfidence: 100)
                    journal.recordScan(sha256: key, key: scanKey, outcome: .success(ocr))
                    parse.push((index, input, sha, ocr))
                    return
                case .image(let rendered): image = rendered
                }
            } else {
                image = images.decode(bytes, format: input.format ?? .jpeg)
            }
            switch image {
            case .success(let pix):
                ocr.push((index, input, sha, Preparation.prepare(pix, steps: config.steps)))
            case .failure(let error):
                journal.recordScan(sha256: key, key: scanKey, outcome: .failure(error))
                results.push(.scan(.failed(index, input.path, error, sha256: sha)))
            }
        }
    }

    /// What the stages hand the writer: a file's scan outcome, its upload outcome, or the news
    /// that no more scan outcomes will come.
    private enum Part: Sendable {
        case scan(ScanResult)
        case upload(Int, UploadOutcome)
        case scansFinished
    }

    /// A file's row as its parts arrive.
    private struct Joined {
        var scan: ScanResult?
        var upload: UploadOutcome?
        var expectsUpload = false
        var isComplete: Bool { scan != nil && (upload != nil || !expectsUpload) }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 8 << 20  // Tesseract recurses deeply on some layouts
        thread.start()
    }
}
