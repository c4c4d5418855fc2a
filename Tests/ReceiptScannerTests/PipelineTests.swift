import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct PipelineTests {
    final class Collector: ResultSink, @unchecked Sendable {  // used on the writer thread only
        var results: [ScanResult] = []
        func write(_ result: ScanResult) throws { results.append(result) }
    }

    /// Many files through small queues and two engines: one result per input, in input order.
    @Test func oneRowPerInputInInputOrder() throws {
        let images = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.images.path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") }.sorted()
            .map { FixturePaths.images.appendingPathComponent($0).path }
        var inputs = InputWalker().walk(images + images)
        inputs.insert(DiscoveredInput(path: "/missing.jpg", format: nil, error: StageError(.discover, "cannot open")), at: 3)
        var config = ScanConfiguration(jobs: 2)
        config.maxInFlight = 3
        let sink = Collector()
        let summary = try ScanPipeline(configuration: config).run(inputs, into: sink)
        #expect(sink.results.map(\.index) == Array(0..<inputs.count))
        #expect(sink.results.map(\.file) == inputs.map(\.path))
        #expect(summary.failed == 1)
        #expect(sink.results[3].status == .failed)
        // The same bytes give the same hash and the same reading.
        let n = images.count
        #expect(sink.results[4].sha256 == sink.results[4 + n].sha256)
        #expect(sink.results[4].receipt == sink.results[4 + n].receipt)
    }

    @Test func sinkFailureStopsTheRun() throws {
        final class FailingSink: ResultSink {
            func write(_ result: ScanResult) throws { throw SetupError("disk full") }
        }
        let images = [FixturePaths.images.appendingPathComponent("us-grocery-clean.png").path]
        let summary = try ScanPipeline(configuration: ScanConfiguration(jobs: 1))
            .run(InputWalker().walk(images + images + images), into: FailingSink())
        #expect(summary.outputError?.contains("disk full") == true)
        #expect(summary.written == 0)
    }

    @Test func queueIsFIFOAndDrainsAfterClose() {
        let q = BoundedQueue<Int>(capacity: 2)
        #expect(q.push(1))
        #expect(q.push(2))
        #expect(q.pop() == 1)
        q.close()
        #expect(!q.push(3))
        #expect(q.pop() == 2)
        #expect(q.pop() == nil)
    }

    @Test func walkerSkipsLoopsAndKeepsOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-walk-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        let png = try Data(contentsOf: FixturePaths.images.appendingPathComponent("us-grocery-clean.png"))
        fm.createFile(atPath: dir.appendingPathComponent("b/2.png").path, contents: png)
        fm.createFile(atPath: dir.appendingPathComponent("a.dat").path, contents: png)  // image by content
        fm.createFile(atPath: dir.appendingPathComponent("c.txt").path, contents: Data("x".utf8))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("b/up").path, withDestinationPath: "..")
        let found = InputWalker().walk([dir.path]).map { ($0.path as NSString).lastPathComponent }
        #expect(found == ["a.dat", "2.png"])
    }
}
