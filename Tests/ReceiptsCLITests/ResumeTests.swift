import Foundation
import Testing

/// Resuming with the journal, end to end: real kills of the built `receipts`, a real SQLite
/// file, a real upload server counting what it receives.
@Suite(.serialized) struct ResumeTests {
    let fixtures = CLIRunner.root.appendingPathComponent("Fixtures")

    /// `count` images with different bytes (fixture images with a tail after their end).
    private func makeBatch(_ count: Int, in dir: URL) throws -> URL {
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let sources = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("images").path)
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") }.sorted()
        for i in 0..<count {
            let source = sources[i % sources.count]
            let data = try Data(contentsOf: fixtures.appendingPathComponent("images/\(source)")) + Data("#\(i)".utf8)
            try data.write(to: inputs.appendingPathComponent(String(format: "%03d-%@", i, source)))
        }
        return inputs
    }

    private func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func killedRunsResumeWithoutLosingDoublingOrRedoingWork() throws {
        let dir = try CLIRunner.temporaryFolder()
        let n = 72
        let inputs = try makeBatch(n, in: dir)
        let server = try LoopbackServer.uploads(["--delay", "0.05"])
        let out = dir.appendingPathComponent("receipts.csv")
        let workLog = dir.appendingPathComponent("work.log")
        let args = ["scan", inputs.path, "-o", out.path, "--jobs", "2", "--upload", server.base + "/up", "--upload-jobs", "3"]
        let env = ["RECEIPTS_WORK_LOG": workLog.path]

        // Kill at random moments: during start-up, OCR, uploads, journal commits and CSV writing.
        var kills = 0
        var finishedEarly = false
        for round in 0..<12 {
            let running = try CLIRunner.start(args, environment: env)
            usleep(UInt32.random(in: 150_000...1_200_000) + UInt32(round % 3) * 100_000)
            if !running.process.isRunning { finishedEarly = true; _ = running.wait(timeout: 5); break }
            kill(running.process.processIdentifier, SIGKILL)
            _ = running.wait(timeout: 30)
            kills += 1
        }
        #expect(kills >= 10, "the batch should outlast ten kills (finished early: \(finishedEarly))")
        let final = try CLIRunner.run(args, environment: env)
        #expect(final.status == 0, "\(final.stderr)")

        // Every input exactly once, in order, in a CSV that parses.
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: inputs.path).sorted()
        #expect(rows.map { ($0["file"]! as NSString).lastPathComponent } == names)
        #expect(rows.allSatisfy { $0["status"] != "failed" && !($0["upload_url"] ?? "").isEmpty })

        // Finished OCR is not redone: beyond one per file, at most what was in flight at each kill
        // (an OCR whose result had not been committed yet: one per engine).
        let ocr = lines(workLog).filter { $0.hasPrefix("ocr ") }
        #expect(Set(ocr).count == n)
        #expect(ocr.count <= n + kills * 2, "\(ocr.count) OCRs for \(n) files and \(kills) kills")
        // Uploads are not repeated: at most one per file plus those in flight at a kill.
        let stats = try server.json("/_stats")
        let requests = (stats["requests"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(requests <= n + kills * 3, "\(requests) upload requests for \(n) files and \(kills) kills")
        #expect((stats["store_count"] as? [String: Int] ?? [:]).count == n)

        // A finished batch re-run does no work at all.
        let before = lines(workLog).count
        let again = try CLIRunner.run(args, environment: env)
        #expect(again.status == 0)
        #expect(lines(workLog).count == before)
        #expect(CSVReader.records(try String(contentsOf: out, encoding: .utf8)).count == n)
        let requestsAfter = (try server.json("/_stats")["requests"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(requestsAfter == requests)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalStopsCleanlyAndTheNextRunFinishes(signal: Int32) throws {
        let dir = try CLIRunner.temporaryFolder()
        let n = 60
        let inputs = try makeBatch(n, in: dir)
        let out = dir.appendingPathComponent("receipts.csv")
        let workLog = dir.appendingPathComponent("work.log")
        let args = ["scan", inputs.path, "-o", out.path, "--jobs", "2"]
        let running = try CLIRunner.start(args, environment: ["RECEIPTS_WORK_LOG": workLog.path])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, running.process.isRunning, lines(workLog).count < 5 { usleep(50_000) }
        kill(running.process.processIdentifier, signal)
        let stopped = running.wait(timeout: 60)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        let partial = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        #expect(partial.count > 0 && partial.count < n)

        let status = try CLIRunner.run(["status", "--journal", out.path + ".journal", "--json"])
        #expect(status.status == 0)
        let counts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any] ?? [:]
        let written = (counts["rows"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(written == partial.count, "the journal holds exactly the rows written")

        let done = Set(lines(workLog))
        let finish = try CLIRunner.run(args, environment: ["RECEIPTS_WORK_LOG": workLog.path])
        #expect(finish.status == 0)
        let all = lines(workLog)
        #expect(Set(all).count == n)
        #expect(all.count == Set(all).count, "no file was read twice: \(all.count - Set(all).count) repeats (read before the stop: \(done.count))")
        #expect(CSVReader.records(try String(contentsOf: out, encoding: .utf8)).count == n)
    }

    @Test func badJournalsStopTheRunBeforeAnyImageIsTouched() throws {
        let dir = try CLIRunner.temporaryFolder()
        let inputs = try makeBatch(2, in: dir)
        let images = try FileManager.default.contentsOfDirectory(atPath: inputs.path).map { inputs.appendingPathComponent($0) }
        func fingerprint() throws -> [Data] {
            try images.map { url in
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                return try Data(contentsOf: url) + Data("\(attributes[.modificationDate] ?? "")".utf8)
            }
        }
        let before = try fingerprint()
        let garbage = dir.appendingPathComponent("garbage.journal")
        try Data(repeating: 0x5A, count: 8192).write(to: garbage)
        let cases: [(String, String)] = [
            (garbage.path, "not a database"),
            (dir.appendingPathComponent("no/such/folder/x.journal").path, "does not exist"),
        ]
        for (journal, message) in cases {
            let out = dir.appendingPathComponent("out.csv")
            let r = try CLIRunner.run(["scan", inputs.path, "-o", out.path, "--journal", journal])
            #expect(r.status == 69, "\(journal): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "no output from a run that did not start")
        }
        let status = try CLIRunner.run(["status", "--journal", dir.appendingPathComponent("none.journal").path])
        #expect(status.status == 69 && status.stderr.contains("no journal here"))
        #expect(try fingerprint() == before, "the images are never touched")
    }

    /// A read-only file system and a full one, made with tmpfs mounts (needs root and mount rights).
    @Test(.enabled(if: TmpfsMount.available, "needs root and the right to mount tmpfs"))
    func readOnlyAndFullDisksGiveAClearErrorAndKeepTheImages() throws {
        let dir = try CLIRunner.temporaryFolder()
        let inputs = try makeBatch(12, in: dir)
        let sums = try FileManager.default.contentsOfDirectory(atPath: inputs.path).sorted()
            .map { try Data(contentsOf: inputs.appendingPathComponent($0)) }

        let readOnly = try TmpfsMount(at: dir.appendingPathComponent("ro"), options: "ro,size=1m")
        let r1 = try CLIRunner.run(["scan", inputs.path, "-o", dir.appendingPathComponent("a.csv").path,
                                    "--journal", readOnly.path + "/j.journal"])
        #expect(r1.status == 69)
        #expect(r1.stderr.contains("cannot open the journal"), "\(r1.stderr)")

        // Room for the empty journal, not for the OCR text of twelve receipts.
        let full = try TmpfsMount(at: dir.appendingPathComponent("full"), options: "size=128k")
        let r2 = try CLIRunner.run(["scan", inputs.path, "-o", dir.appendingPathComponent("b.csv").path,
                                    "--journal", full.path + "/j.journal"])
        #expect(r2.status == 74, "\(r2.stderr)")
        #expect(r2.stderr.contains("journal:") && r2.stderr.lowercased().contains("full"), "\(r2.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.csv").path))
        let after = try FileManager.default.contentsOfDirectory(atPath: inputs.path).sorted()
            .map { try Data(contentsOf: inputs.appendingPathComponent($0)) }
        #expect(after == sums)
    }
}

/// A tmpfs mounted for one test and unmounted when the value goes away.
final class TmpfsMount {
    let path: String

    static let available: Bool = {
        guard getuid() == 0, let probe = try? TmpfsMount(at: FileManager.default.temporaryDirectory
            .appendingPathComponent("receipts-mount-probe-\(UUID().uuidString)"), options: "size=64k") else { return false }
        _ = probe
        return true
    }()

    init(at url: URL, options: String) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
        guard Self.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path]) == 0 else {
            throw LoopbackServer.ServerError("cannot mount tmpfs at \(path)")
        }
    }

    deinit { _ = Self.run(["umount", path]) }

    private static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
