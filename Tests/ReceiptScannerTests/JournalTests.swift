import Foundation
import Testing
@testable import ReceiptScanner

/// The journal on disk (real SQLite) with the real pipeline, Tesseract and fixture images.
@Suite struct JournalTests {
    final class Collector: ResultSink, @unchecked Sendable {  // used on the writer thread only
        var results: [ScanResult] = []
        func write(_ result: ScanResult) throws { results.append(result) }
    }

    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func copy(_ fixture: String, to dir: URL, as name: String, tail: String = "") throws -> String {
        let target = dir.appendingPathComponent(name)
        try (try Data(contentsOf: FixturePaths.images.appendingPathComponent(fixture)) + Data(tail.utf8)).write(to: target)
        return target.path
    }

    private func scan(_ paths: [String], journal: Journal, _ adjust: (inout ScanConfiguration) -> Void = { _ in }) throws -> [ScanResult] {
        var config = ScanConfiguration(jobs: 2)
        config.journal = journal
        adjust(&config)
        let sink = Collector()
        _ = try ScanPipeline(configuration: config).run(InputWalker().walk(paths), into: sink)
        return sink.results
    }

    @Test func reRunReusesFinishedWorkAndRedoesOnlyWhatChangedSettingsAffect() throws {
        let dir = try folder()
        let files = try ["us-grocery-clean.png", "de-supermarkt-clean.png", "my-gst-cafe-clean.png"]
            .map { try copy($0, to: dir, as: $0) }
        let path = dir.appendingPathComponent("j.journal").path
        let first = try scan(files, journal: try Journal(path: path))
        let shas = first.compactMap(\.sha256)
        #expect(shas.count == 3)

        // Same settings: nothing is read again, the rows are the same (currency and all).
        let journal = try Journal(path: path)
        let again = try scan(files, journal: journal)
        #expect(again.map(\.receipt) == first.map(\.receipt))
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanAttempts == 1 })
        // The reading comes back with its lines' and words' confidences, which the parser uses.
        #expect(shas.allSatisfy { sha in
            guard case .read(let text)? = journal.record(sha256: sha)?.scan else { return false }
            return !text.wordConfidence.isEmpty && text.wordConfidence.keys.allSatisfy { text.lineConfidence[$0] != nil }
        })
        // The parser's version is part of the parse key (a new version parses the text again);
        // the auto preset's steps are named in the scan key (a preset that gains one reads again).
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.parseKey?.hasPrefix("parse \(receiptsVersion) ") == true })
        let autoSteps = PrepareMode.auto.steps.sorted().map(\.rawValue).joined(separator: "+")
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanKey?.contains("prepare=\(autoSteps) ") == true })

        // A parse setting: the stored text is parsed again, no OCR.
        let reparsed = try scan(files, journal: journal) { $0.parser.dateOrder = .mdy }
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanAttempts == 1 })
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.parseKey?.contains("order=mdy") == true })
        #expect(reparsed.map { $0.receipt?.total } == first.map { $0.receipt?.total })

        // An OCR setting: read again.
        _ = try scan(files, journal: journal) { $0.ocr.pageSegmentationMode = 4 }
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanAttempts == 2 })
        // --force: everything again, whatever the journal says.
        _ = try scan(files, journal: journal) { $0.ocr.pageSegmentationMode = 4; $0.resume.force = true }
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanAttempts == 3 })
        // A preparation step left out (--skip-step deskew) is an OCR setting too; named in the key.
        _ = try scan(files, journal: journal) { $0.ocr.pageSegmentationMode = 4; $0.steps.remove(.deskew) }
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanAttempts == 4 })
        #expect(shas.allSatisfy { journal.record(sha256: $0)?.scanKey?.contains("prepare=grey+large-print+paper+content+relight+small-print+rescue+upright+header+total-look+sums-look+date-look+date-twins+second-look") == true })
    }

    @Test func failuresAreRetriedUpToTheLimitOrNotAtAll() throws {
        let dir = try folder()
        let jpeg = try Data(contentsOf: FixturePaths.images.appendingPathComponent("us-grocery-photo.jpg"))
        let broken = dir.appendingPathComponent("broken.jpg")
        try jpeg.prefix(jpeg.count / 2).write(to: broken)
        let journal = try Journal(path: dir.appendingPathComponent("j.journal").path)
        func attempts(_ adjust: (inout ScanConfiguration) -> Void) throws -> (Int, ScanResult) {
            let row = try scan([broken.path], journal: journal) { $0.resume.maxAttempts = 2; adjust(&$0) }[0]
            return (journal.record(sha256: row.sha256!)?.scanAttempts ?? 0, row)
        }
        #expect(try attempts { _ in }.0 == 1)
        #expect(try attempts { $0.resume.retryFailed = false }.0 == 1, "--no-retry-failed keeps the failure")
        #expect(try attempts { _ in }.0 == 2)
        let (final, row) = try attempts { _ in }
        #expect(final == 2, "after --max-attempts runs the failure is final")
        #expect(row.status == .failed && row.error?.message.contains("truncated") == true, "and still reported")
    }

    @Test func duplicatesPointAtTheFirstFileAcrossRunsAndStayStable() throws {
        let dir = try folder()
        let journal = try Journal(path: dir.appendingPathComponent("j.journal").path)
        let original = try copy("us-grocery-clean.png", to: dir, as: "a-original.png")
        let sameBytes = try copy("us-grocery-clean.png", to: dir, as: "b-renamed.png")
        let secondPhoto = try copy("us-grocery-photo.jpg", to: dir, as: "c-second-photo.jpg")
        let other = try copy("de-supermarkt-clean.png", to: dir, as: "d-other.png")
        let rows = try scan([original, sameBytes, secondPhoto, other], journal: journal)
        #expect(rows.map(\.duplicateOf) == [nil, original, original, nil])
        #expect(rows[1].status == .needsReview && rows[2].status == .needsReview)
        #expect(rows[1].errorText?.contains("duplicate of \(original)") == true)

        // Re-run: the same answers (the first stays first).
        let again = try scan([original, sameBytes, secondPhoto, other], journal: journal)
        #expect(again.map(\.duplicateOf) == rows.map(\.duplicateOf))
        // A later batch holding a copy of an already booked receipt.
        let late = try copy("us-grocery-photo.jpg", to: dir, as: "e-next-month.jpg", tail: "other bytes")
        #expect(try scan([late], journal: journal).first?.duplicateOf == original)
    }

    @Test func notAJournalIsRefusedWithTheReason() throws {
        let dir = try folder()
        let garbage = dir.appendingPathComponent("garbage.journal")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: garbage)
        #expect(throws: JournalError.self) { try Journal(path: garbage.path) }
        do { _ = try Journal(path: garbage.path) } catch { #expect(error.description.contains("not a database")) }

        let foreign = dir.appendingPathComponent("foreign.sqlite")
        let db = try SQLiteConnection(path: foreign.path)
        try db.execute("CREATE TABLE accounts(id INTEGER)")
        do { _ = try Journal(path: foreign.path); Issue.record("a foreign database was accepted") } catch {
            #expect(error.description.contains("not a receipts journal"))
        }
        do { _ = try Journal(path: dir.appendingPathComponent("missing/j.journal").path); Issue.record("no error") } catch {
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func duplicateMerchantNamesAllowForOCRNoise() {
        #expect(DuplicateKey.sameMerchant("peikopihousesdnbhd", "kopihousesdnbhd"))
        #expect(DuplicateKey.sameMerchant("greenvalleymarket", "greenva1leymarket"))
        #expect(!DuplicateKey.sameMerchant("greenvalleymarket", "kopihousesdnbhd"))
        #expect(!DuplicateKey.sameMerchant("aldi", "lidl"))
    }
}
