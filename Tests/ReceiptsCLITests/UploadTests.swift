import Foundation
import Testing

/// The upload stage end to end: the built `receipts` and libcurl against real servers on loopback.
@Suite(.serialized) struct UploadTests {
    let fixtures = CLIRunner.root.appendingPathComponent("Fixtures")
    /// How many images the real-receipt fixture folder holds (each test uploads all of them).
    var realImageCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("images/real").path)) ?? [])
            .filter { $0.hasSuffix(".jpg") }.count
    }

    /// Small files that are images by their first bytes, each with different content.
    func makeInputs(_ names: [String], in dir: URL) throws {
        for name in names {
            var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            data += Data("\(name) \(UUID().uuidString)".utf8)
            try data.write(to: dir.appendingPathComponent("\(name).png"))
        }
    }

    @Test func everyFileEndsUploadedOnceOrFailedWithTheReason() throws {
        let server = try LoopbackServer.uploads(["--stall", "4"])
        let dir = try CLIRunner.temporaryFolder()
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let names = ["a-ok", "b-r429", "c-r503", "d-reset", "e-stall", "f-bad", "g-ok", "h-ok"]
        try makeInputs(names, in: inputs)
        let token = "tok-\(UUID().uuidString)"
        let out = dir.appendingPathComponent("uploads.csv")
        let run = try CLIRunner.run(["upload", inputs.path, "--upload", server.base + "/api/documents/",
                                     "--file-field", "document", "--form", "tags=3",
                                     "--header", "Authorization: Token $TEST_ARCHIVE_TOKEN",
                                     "--upload-timeout", "2", "--upload-jobs", "3", "-o", out.path],
                                    environment: ["TEST_ARCHIVE_TOKEN": token])
        #expect(run.status == 1, "one file is refused: exit 1")
        let csv = try String(contentsOf: out, encoding: .utf8)
        let rows = CSVReader.records(csv)
        #expect(rows.count == names.count)

        let stats = try server.json("/_stats")
        let requests = stats["requests"] as? [String: Int] ?? [:]
        let stored = stats["stored"] as? [String: [String: Any]] ?? [:]
        let storeCount = stats["store_count"] as? [String: Int] ?? [:]
        let times = stats["times"] as? [String: [Double]] ?? [:]
        let expectedRequests = ["ok": 1, "r429": 2, "r503": 3, "reset": 2, "stall": 2, "bad": 1]
        for row in rows {
            let file = row["file"] ?? ""
            let kind = String(((file as NSString).lastPathComponent as NSString).deletingPathExtension.split(separator: "-")[1])
            let sha = row["sha256"] ?? ""
            #expect(requests[sha] == expectedRequests[kind], "\(file): requests")
            if kind == "bad" {
                #expect(row["status"] == "failed")
                #expect(row["error"]?.hasPrefix("upload: HTTP 400: bad request: the archive refuses this document") == true)
                #expect(row["upload_url"] == "")
                #expect(stored[sha] == nil)
            } else {
                #expect(row["status"] == "ok", "\(file): \(row["error"] ?? "")")
                #expect(row["upload_url"] == server.base + "/objects/" + sha)
                #expect(storeCount[sha] == 1, "\(file) stored exactly once")
                let object = stored[sha] ?? [:]
                #expect(object["sha256"] as? String == sha, "the server got the file's bytes")
                #expect(object["name"] as? String == (file as NSString).lastPathComponent)
                #expect(object["field"] as? String == "document")
                #expect((object["fields"] as? [String: String])?["tags"] == "3")
                let headers = object["headers"] as? [String: String] ?? [:]
                #expect(headers["Authorization"] == "Token \(token)")
                #expect(headers["Idempotency-Key"] == sha)
            }
            if kind == "r429", let t = times[sha], t.count == 2 {
                #expect(t[1] - t[0] >= 0.9, "Retry-After: 1 was honoured")
            }
        }
        #expect(!csv.contains(token) && !run.stderr.contains(token), "the credential never reaches the output")
        #expect(csv.contains("refuses this document (***)"), "the echoed credential is masked, the rest of the message kept")
    }

    @Test func scanUploadsWhileReadingAndAnUploadFailureLeavesTheReceiptAlone() throws {
        let server = try LoopbackServer.uploads()
        let dir = try CLIRunner.temporaryFolder()
        let images = fixtures.appendingPathComponent("images/real")
        // Names with receipt fields: the upload waits for the parse.
        let good = dir.appendingPathComponent("good.csv")
        let run = try CLIRunner.run(["scan", images.path, "--upload", server.base + "/archive", "--method", "put",
                                     "--object-name", "{year}/{date}_{merchant}_{sha256}.{ext}", "-o", good.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = CSVReader.records(try String(contentsOf: good, encoding: .utf8))
        let stored = try server.json("/_stats")["stored"] as? [String: [String: Any]] ?? [:]
        let n = realImageCount
        #expect(n >= 3 && rows.count == n && stored.count == n)
        for row in rows {
            let sha = row["sha256"] ?? ""
            let date = row["date"] ?? ""
            #expect(!date.isEmpty, "\(row["file"] ?? ""): the fixture has a readable date")
            let path = stored[sha]?["path"] as? String ?? ""
            #expect(path.hasPrefix("/archive/\(date.prefix(4))/\(date)_"), "object path \(path)")
            #expect(path.hasSuffix("_\(sha).jpg"))
            #expect(!path.contains(" ") && !path.contains(".."))
        }

        // Nothing listens on this port: every upload fails, every receipt is still read.
        let dead = try LoopbackServer.freePort()
        let bad = dir.appendingPathComponent("bad.csv")
        let failed = try CLIRunner.run(["scan", images.path, "--upload", "http://127.0.0.1:\(dead)/x",
                                        "--upload-attempts", "2", "-o", bad.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("\(n) files were not uploaded"))
        let badRows = CSVReader.records(try String(contentsOf: bad, encoding: .utf8))
        #expect(badRows.count == rows.count)
        for (withUpload, without) in zip(badRows, rows) {
            #expect(withUpload["total"] == without["total"] && withUpload["merchant"] == without["merchant"])
            #expect(withUpload["status"] == without["status"])
            #expect(withUpload["error"]?.contains("upload: ") == true)
            #expect(withUpload["error"]?.contains("gave up after 2 attempts") == true)
        }
    }

    @Test func s3UploadsAreSignedAndLandUnderContentNames() throws {
        let server = try LoopbackServer.moto(unsignedSetupCalls: 5)
        let setup = try runTool("s3_tool.py", ["setup", server.base, "receipts"])
        let credentials = try JSONSerialization.jsonObject(with: Data(setup.utf8)) as? [String: String] ?? [:]
        let key = credentials["key"] ?? "", secret = credentials["secret"] ?? ""
        let images = fixtures.appendingPathComponent("images/real")
        let dir = try CLIRunner.temporaryFolder()
        let out = dir.appendingPathComponent("s3.csv")
        let args = ["upload", images.path, "--upload", "s3://receipts/2026/inbox", "--s3-endpoint", server.base, "-o", out.path]
        let run = try CLIRunner.run(args, environment: ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret,
                                                        "AWS_REGION": "us-east-1"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        let listed = try JSONSerialization.jsonObject(with: Data(try runTool("s3_tool.py", ["list", server.base, "receipts", key, secret]).utf8))
            as? [String: String] ?? [:]
        #expect(realImageCount >= 3 && rows.count == realImageCount && listed.count == realImageCount)
        for row in rows {
            let sha = row["sha256"] ?? ""
            #expect(listed["2026/inbox/\(sha).jpg"] == sha, "object named by and holding the file's bytes")
            #expect(row["upload_url"] == "\(server.base)/receipts/2026/inbox/\(sha).jpg")
        }

        let wrong = "wrong-\(secret)"
        // --force: the journal next to the output knows these are uploaded and would not try again.
        let refused = try CLIRunner.run(args + ["--upload-attempts", "1", "--force"],
                                        environment: ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": wrong])
        #expect(refused.status == 1)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("HTTP 403 SignatureDoesNotMatch"))
        #expect(text.contains("check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION"))
        #expect(!text.contains(wrong) && !refused.stderr.contains(wrong))
    }

    @Test func fileDestinationWritesWholeObjectsAndReRunsWriteTheSameOnes() throws {
        let dir = try CLIRunner.temporaryFolder()
        let archive = dir.appendingPathComponent("archive with space")
        let images = fixtures.appendingPathComponent("images/real")
        let out = dir.appendingPathComponent("files.csv")
        for _ in 0..<2 {
            let run = try CLIRunner.run(["upload", images.path, "--upload", "file://" + archive.path, "-o", out.path])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        let written = try FileManager.default.contentsOfDirectory(atPath: archive.path)
        #expect(written.sorted() == rows.map { "\($0["sha256"] ?? "").jpg" }.sorted(), "no partial or doubled files")
        for row in rows {
            let copy = try Data(contentsOf: archive.appendingPathComponent("\(row["sha256"] ?? "").jpg"))
            #expect(copy == (try Data(contentsOf: URL(fileURLWithPath: row["file"] ?? ""))))
            #expect(row["upload_url"]?.hasPrefix("file://") == true)
        }
    }

    @Test func uploadUsageErrorsSayWhatToFix() throws {
        let images = fixtures.appendingPathComponent("images/real").path
        let cases: [([String], String)] = [
            (["upload", images], "--upload DEST"),
            (["upload", images, "--upload", "ftp://x/y"], "unknown scheme 'ftp'"),
            (["upload", images, "--upload", "https://x/y", "--header", "Authorization: Token $RECEIPTS_UNSET_VARIABLE"],
             "$RECEIPTS_UNSET_VARIABLE is not set"),
            (["upload", images, "--upload", "https://x/y", "--object-name", "{nope}"], "unknown {nope}"),
            (["upload", images, "--upload", "s3://bucket"], "AWS_ACCESS_KEY_ID"),
            (["scan", images, "--header", "A: b"], "go with --upload DEST"),
        ]
        for (args, message) in cases {
            let run = try CLIRunner.run(args, environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
            #expect(run.status == 64, "\(args)")
            #expect(run.stderr.contains(message), "\(args): \(run.stderr)")
        }
    }
}

extension UploadTests {
    /// A self-signed certificate for 127.0.0.1, made with openssl for this test.
    private func makeCertificate(in dir: URL) throws -> (cert: String, key: String) {
        let cert = dir.appendingPathComponent("cert.pem").path, key = dir.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoopbackServer.ServerError("openssl could not make a certificate") }
        return (cert, key)
    }

    @Test func tlsIsVerifiedUnlessTheUserSaysOtherwise() throws {
        let dir = try CLIRunner.temporaryFolder()
        let (cert, key) = try makeCertificate(in: dir)
        let server = try LoopbackServer.uploads(["--tls", cert, key])
        let images = fixtures.appendingPathComponent("images/real").path
        let url = "https://127.0.0.1:\(server.port)/up"
        let out = dir.appendingPathComponent("tls.csv").path

        let untrusted = try CLIRunner.run(["upload", images, "--upload", url, "-o", out])
        #expect(untrusted.status == 1)
        let refused = CSVReader.records(try String(contentsOfFile: out, encoding: .utf8))
        #expect(refused.allSatisfy { $0["status"] == "failed" && ($0["error"] ?? "").contains("certificate") })
        #expect(refused.allSatisfy { !($0["error"] ?? "").contains("gave up after") }, "a bad certificate is not retried")

        let trusted = try CLIRunner.run(["upload", images, "--upload", url, "--cacert", cert, "-o", out])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let insecure = try CLIRunner.run(["upload", images, "--upload", url, "--insecure", "-o", out])
        #expect(insecure.status == 0)
        #expect(insecure.stderr.contains("warning: --insecure"))
        let stored = try server.json("/_stats")["store_count"] as? [String: Int] ?? [:]
        #expect(stored.count == realImageCount && stored.values.allSatisfy { $0 == 1 })
    }
}

extension UploadTests {
    @Test func uploadRateSpacesRequests() throws {
        let server = try LoopbackServer.uploads()
        let dir = try CLIRunner.temporaryFolder()
        let names = (0..<6).map { "r\($0)-ok" }
        try makeInputs(names, in: dir)
        let run = try CLIRunner.run(["upload", dir.path, "--upload", server.base + "/up", "--upload-rate", "5/s",
                                     "--upload-jobs", "6", "--no-journal", "-o", "-"])
        #expect(run.status == 0, "\(run.stderr)")
        let times = (try server.json("/_stats")["times"] as? [String: [Double]] ?? [:]).values.flatMap { $0 }.sorted()
        #expect(times.count == 6)
        // Six requests at 5 per second: the last starts at least a second after the first.
        #expect((times.last ?? 0) - (times.first ?? 0) >= 0.9, "\(times)")
    }

    @Test func aFinishedUploadIsNotRepeatedEvenWhenOCRFailed() throws {
        let server = try LoopbackServer.uploads()
        let dir = try CLIRunner.temporaryFolder()
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let jpeg = try Data(contentsOf: fixtures.appendingPathComponent("images/us-grocery-photo.jpg"))
        try jpeg.prefix(jpeg.count / 2).write(to: inputs.appendingPathComponent("broken.jpg"))
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("images/real/X51008123586.jpg"),
                                         to: inputs.appendingPathComponent("good.jpg"))
        let out = dir.appendingPathComponent("r.csv")
        for _ in 0..<2 {
            let run = try CLIRunner.run(["scan", inputs.path, "--upload", server.base + "/up", "-o", out.path])
            #expect(run.status == 1, "the broken image fails")
            let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
            #expect(rows.count == 2 && rows.allSatisfy { !($0["upload_url"] ?? "").isEmpty }, "both originals archived")
            #expect(rows.first { $0["file"]?.hasSuffix("broken.jpg") == true }?["status"] == "failed")
        }
        let requests = try server.json("/_stats")["requests"] as? [String: Int] ?? [:]
        #expect(requests.count == 2 && requests.values.allSatisfy { $0 == 1 }, "one request per file over both runs: \(requests)")

        let status = try CLIRunner.run(["status", "--journal", out.path + ".journal"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("upload    done 2, failed 0"), "\(status.stdout)")
        #expect(status.stdout.contains("failures (1):") && status.stdout.contains("broken.jpg") && status.stdout.contains("truncated"),
                "\(status.stdout)")
    }
}

extension UploadTests {
    @Test func secondInterruptAbandonsAStalledUploadAtOnce() throws {
        let server = try LoopbackServer.uploads(["--stall", "60"])
        let dir = try CLIRunner.temporaryFolder()
        try makeInputs(["a-stall"], in: dir)
        let out = dir.appendingPathComponent("u.csv")
        let running = try CLIRunner.start(["upload", dir.path, "--upload", server.base + "/up", "--upload-timeout", "120",
                                           "-o", out.path])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try server.json("/_stats")["requests"] as? [String: Int] ?? [:]).isEmpty { usleep(50_000) }
        kill(running.process.processIdentifier, SIGINT)
        usleep(300_000)
        kill(running.process.processIdentifier, SIGINT)
        // The server would answer in 60 s and the timeout is 120 s: only the abandon ends it sooner.
        let r = running.wait(timeout: 20)
        #expect(r.status == 130, "\(r.stderr)")
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        #expect(rows.count == 1 && rows[0]["error"]?.contains("abandoned") == true)
        let status = try CLIRunner.run(["status", "--journal", out.path + ".journal", "--json"])
        let uploads = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["upload"] as? [String: Int]
        #expect(uploads?["failed"] == nil, "an abandoned upload is not recorded as the file's failure")
    }
}
