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
            s.cancellers.forEach { $0.cancel() }
            return s.queues
        }
        closers.forEach { $0() }
    }

    private var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Runs the whole batch, blocking the calling thread until every row is written.
    /// Throws only when the run cannot start (no language data); file problems are rows.
    public func run(_ inputs: [DiscoveredInput], into sink: ResultSink,
                    progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) throws(SetupError) -> ScanSummary {
        let started = ContinuousClock.now
        let config = configuration
        try TesseractEngine.checkLanguageData(config.ocr)

        let loadQueue = BoundedQueue<(Int, DiscoveredInput)>(capacity: config.loadJobs * 2)
        let ocrQueue = BoundedQueue<(Int, DiscoveredInput, String?, Pix)>(capacity: config.jobs * 2)
        let parseQueue = BoundedQueue<(Int, DiscoveredInput, String?, OCRText)>(capacity: config.jobs * 4)
        let results = BoundedQueue<ScanResult>(capacity: config.maxInFlight)
        let slots = Slots(config.maxInFlight)
        state.withLock { s in
            s.queues = [{ _ = loadQueue.closeAndDrain() }, { _ = ocrQueue.closeAndDrain() },
                        { _ = parseQueue.closeAndDrain() }, { slots.close() }]
        }

        // OCR engines start first, each on its own thread; a failure stops the run before any file.
        let ocrDone = DispatchGroup()
        let ready = DispatchSemaphore(value: 0)
        let startError = Mutex<SetupError?>(nil)
        for n in 0..<config.jobs {
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
                while let (index, input, sha, pix) = ocrQueue.pop() {
                    switch engine.recognize(pix) {
                    case .success(let text): parseQueue.push((index, input, sha, text))
                    case .failure(let error): results.push(.failed(index, input.path, error, sha256: sha))
                    }
                }
            }
        }
        for _ in 0..<config.jobs { ready.wait() }
        if let error = startError.withLock({ $0 }) {
            ocrQueue.close()
            ocrDone.wait()
            throw error
        }

        // Feeder: hands discovered files to the loaders, in order, within the in-flight bound.
        spawn("receipts-feed") { [self] in
            defer { loadQueue.close() }
            for (index, input) in inputs.enumerated() {
                guard !isCancelled, slots.acquire(), !isCancelled else { return }
                if let error = input.error {
                    results.push(.failed(index, input.path, error))
                } else {
                    loadQueue.push((index, input))
                }
            }
        }

        // Loaders: decode, orient, hash. Leptonica is thread-safe for separate images.
        let loader = ImageLoader(limits: config.images)
        let loadDone = DispatchGroup()
        for n in 0..<config.loadJobs {
            loadDone.enter()
            spawn("receipts-load-\(n)") {
                defer { loadDone.leave() }
                while let (index, input) = loadQueue.pop() {
                    let loaded = loader.load(input.path, format: input.format ?? .jpeg)
                    switch loaded.image {
                    case .success(let pix):
                        ocrQueue.push((index, input, loaded.sha256, Preparation.prepare(pix, mode: config.prepare)))
                    case .failure(let error): results.push(.failed(index, input.path, error, sha256: loaded.sha256))
                    }
                }
            }
        }
        spawn("receipts-load-close") {
            loadDone.wait()
            ocrQueue.close()
        }
        spawn("receipts-ocr-close") {
            ocrDone.wait()
            parseQueue.close()
        }

        // Parser: one instance owned by this thread (Swift Regex is not Sendable).
        spawn("receipts-parse") {
            defer { results.close() }
            let parser = ReceiptParser(options: config.parser)
            while let (index, input, sha, text) = parseQueue.pop() {
                let receipt = parser.parse(text.text, ocrConfidence: text.meanConfidence, lineConfidence: text.lineConfidence)
                results.push(.parsed(index, input.path, receipt, sha256: sha))
            }
        }

        // Writer: this thread. Reorders, writes, reports.
        var pending: [Int: ScanResult] = [:]
        var next = 0
        var summary = ScanSummary(total: inputs.count, written: 0, ok: 0, needsReview: 0, failed: 0,
                                  interrupted: false, elapsed: .zero, outputError: nil)
        func emit(_ result: ScanResult) {
            slots.release()
            guard summary.outputError == nil else { return }
            do { try sink.write(result) } catch {
                summary.outputError = "\(error)"
                cancel(); cancel()  // nothing more can be written: stop everything now
                return
            }
            summary.written += 1
            switch result.status {
            case .ok: summary.ok += 1
            case .needsReview: summary.needsReview += 1
            case .failed: summary.failed += 1
            }
            progress(ScanProgress(done: summary.written, total: inputs.count, ok: summary.ok,
                                  needsReview: summary.needsReview, failed: summary.failed))
        }
        while let result = results.pop() {
            pending[result.index] = result
            while let ready = pending.removeValue(forKey: next) {
                emit(ready)
                next += 1
            }
        }
        // Interrupted: files in the queues were dropped; write what was finished, still in order.
        for index in pending.keys.sorted() { emit(pending[index]!) }
        summary.interrupted = summary.written < inputs.count && isCancelled
        summary.elapsed = ContinuousClock.now - started
        return summary
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 8 << 20  // Tesseract recurses deeply on some layouts
        thread.start()
    }
}
