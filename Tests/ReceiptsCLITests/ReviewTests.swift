import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `receipts review` over real HTTP on loopback, and what its corrections do to `scan` and
/// `export`: the built executable, a real journal on disk, real images.
@Suite(.serialized) struct ReviewTests {
    /// A folder with three fixture receipts scanned into `receipts.csv` and its journal.
    struct Scanned {
        let folder: URL
        var journal: String { folder.appendingPathComponent("receipts.csv.journal").path }

        init() throws {
            folder = try CLIRunner.temporaryFolder()
            let photos = folder.appendingPathComponent("photos")
            try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
            for name in ["us-grocery-clean.png", "de-supermarkt-clean.png", "my-gst-cafe-clean.png"] {
                try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent("Fixtures/images/\(name)"),
                                                 to: photos.appendingPathComponent(name))
            }
            let scan = try CLIRunner.run(["scan", "photos", "-o", "receipts.csv"], in: folder)
            #expect(scan.status == 0, "\(scan.stderr)")
        }

        func scanAgain(_ extra: [String] = []) throws -> [[String: String]] {
            let scan = try CLIRunner.run(["scan", "photos", "-o", "receipts.csv"] + extra, in: folder)
            #expect(scan.status == 0, "\(scan.stderr)")
            return CSVReader.records(try String(contentsOf: folder.appendingPathComponent("receipts.csv"), encoding: .utf8))
        }

        func export(_ extra: [String] = []) throws -> CLIRunner.Output {
            try CLIRunner.run(["export", "--journal", journal] + extra, in: folder)
        }
    }

    /// A running `receipts review`: its URL from the first line of standard output.
    final class Server {
        let process = Process()
        let base: String
        let token: String

        init(journal: String, in folder: URL) throws {
            process.executableURL = CLIRunner.executable
            process.arguments = ["review", "--journal", journal, "--reviewer", "tester"]
            process.currentDirectoryURL = folder
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var first = Data()
            let deadline = Date().addingTimeInterval(60)
            while !first.contains(UInt8(ascii: "\n")) && Date() < deadline {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                first.append(chunk)
            }
            let line = String(decoding: first, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let parts = line.components(separatedBy: "/?token=")
            guard parts.count == 2, parts[0].hasPrefix("http://127.0.0.1:") else {
                process.terminate()
                throw ReviewTestError("the first line is not the page's URL: \(line)")
            }
            (base, token) = (parts[0], parts[1])
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }

        struct Answer {
            var status: Int
            var body: Data
            var headers: [AnyHashable: Any]
            var json: Any? { try? JSONSerialization.jsonObject(with: body) }
            var object: [String: Any] { json as? [String: Any] ?? [:] }
        }

        /// A request with the token as a bearer header (`auth: .bearer`), in the query, or none.
        enum Auth { case bearer, query, none, wrong }

        func request(_ path: String, method: String = "GET", body: Any? = nil, auth: Auth = .bearer) async throws -> Answer {
            var url = base + path
            if auth == .query { url += (path.contains("?") ? "&" : "?") + "token=" + token }
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = method
            if auth == .bearer { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
            if auth == .wrong { request.setValue("Bearer " + String(token.reversed()), forHTTPHeaderField: "Authorization") }
            if let body {
                request.httpBody = try body as? Data ?? JSONSerialization.data(withJSONObject: body)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as! HTTPURLResponse
            return Answer(status: http.statusCode, body: data, headers: http.allHeaderFields)
        }

        func queue() async throws -> [[String: Any]] {
            try await request("/api/queue").json as? [[String: Any]] ?? []
        }
    }

    struct ReviewTestError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    @Test func everyRequestNeedsTheToken() async throws {
        let scanned = try Scanned()
        let server = try Server(journal: scanned.journal, in: scanned.folder)
        defer { server.stop() }
        let id = try #require(try await server.queue().first?["sha256"] as? String)
        for path in ["/", "/review.js", "/api/queue", "/api/receipts/\(id)", "/api/receipts/\(id)/image"] {
            #expect(try await server.request(path, auth: .none).status == 401, "\(path)")
            #expect(try await server.request(path, auth: .wrong).status == 401, "\(path)")
            #expect(try await server.request(path, auth: .query).status == 200, "\(path)")
            #expect(try await server.request(path, auth: .bearer).status == 200, "\(path)")
        }
        #expect(try await server.request("/api/receipts/\(id)", method: "PATCH", body: ["total": "1.00"], auth: .none).status == 401)
        #expect(try await server.request("/api/receipts/\(id)").object["review"] is NSNull, "an unauthorised PATCH was applied")
        let page = try await server.request("/", auth: .query)
        let policy = page.headers["Content-Security-Policy"] as? String ?? ""
        #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
        #expect(page.headers["Referrer-Policy"] as? String == "no-referrer")
    }

    @Test func theQueueListsWhatNeedsReviewFirstWithTheCSVFields() async throws {
        let scanned = try Scanned()
        let server = try Server(journal: scanned.journal, in: scanned.folder)
        defer { server.stop() }
        let queue = try await server.queue()
        #expect(queue.count == 3)
        for entry in queue {
            for key in ["sha256", "file", "status", "reason", "merchant", "date", "total", "subtotal", "tax", "currency",
                        "payment_method", "card_last4"] {
                #expect(entry.keys.contains(key), "queue entry lacks \(key)")
            }
        }
        let ranks = queue.map { ($0["status"] as? String) == "needs_review" ? 0 : 1 }
        #expect(ranks == ranks.sorted(), "rows to review come first: \(queue.map { $0["status"]! })")
        // The detail carries the OCR text and where each line lies on the image (fractions of it).
        let detail = try await server.request("/api/receipts/\(queue[0]["sha256"] as! String)").object
        let lines = try #require(detail["lines"] as? [[String: Any]])
        #expect(!lines.isEmpty && !(detail["ocr_text"] as? String ?? "").isEmpty)
        for line in lines {
            let box = line["box"] as? [Double] ?? []
            #expect(box.count == 4 && box.allSatisfy { (0...1).contains($0) } && box[0] < box[2] && box[1] < box[3], "\(line)")
        }
        let image = try await server.request("/api/receipts/\(queue[0]["sha256"] as! String)/image")
        #expect(image.status == 200 && image.body.starts(with: [0xFF, 0xD8]), "the image is not a JPEG")
    }

    /// A photo turned on its side without EXIF is shown the way the upright step read it.
    @Test func theImageIsShownAsItWasRead() async throws {
        let folder = try CLIRunner.temporaryFolder()
        for name in ["us-grocery-rot270.png", "us-grocery-clean.png"] {
            try FileManager.default.copyItem(at: CLIRunner.root.appendingPathComponent("Fixtures/images/\(name)"),
                                             to: folder.appendingPathComponent(name))
        }
        #expect(try CLIRunner.run(["scan", ".", "-o", "receipts.csv"], in: folder).status == 0)
        let server = try Server(journal: folder.appendingPathComponent("receipts.csv.journal").path, in: folder)
        defer { server.stop() }
        for entry in try await server.queue() {
            let image = try await server.request("/api/receipts/\(entry["sha256"] as! String)/image")
            let size = try #require(Self.jpegSize(image.body), "\(entry["file"]!) is not a JPEG")
            #expect(size.height > size.width, "\(entry["file"]!) is shown \(size.width)x\(size.height), not upright")
        }
    }

    /// Width and height from a JPEG's start-of-frame segment.
    static func jpegSize(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data)
        var i = 2
        while i + 9 < b.count, b[i] == 0xFF {
            let marker = b[i + 1], length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xC3).contains(marker) {
                return (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
            }
            i += 2 + length
        }
        return nil
    }

    @Test func requestsNeverNameAFileOfTheirOwn() async throws {
        let scanned = try Scanned()
        let server = try Server(journal: scanned.journal, in: scanned.folder)
        defer { server.stop() }
        let unknown = String(repeating: "a", count: 64)
        for path in ["/api/receipts/..%2F..%2F..%2Fetc%2Fpasswd/image", "/api/receipts/%2Fetc%2Fpasswd/image",
                     "/api/receipts/photos%2Fus-grocery-clean.png/image", "/api/receipts/\(unknown)/image",
                     "/api/receipts/\(unknown)", "/api/receipts/..", "/etc/passwd", "/../../etc/passwd"] {
            let answer = try await server.request(path)
            #expect(answer.status == 404, "\(path) gave \(answer.status)")
            #expect(!String(decoding: answer.body, as: UTF8.self).contains("root:"), "\(path)")
        }
        #expect(try await server.request("/api/receipts/\(unknown)", method: "PATCH", body: ["total": "1.00"]).status == 404)
    }

    @Test func correctionsAreValidated() async throws {
        let scanned = try Scanned()
        let server = try Server(journal: scanned.journal, in: scanned.folder)
        defer { server.stop() }
        let id = try #require(try await server.queue().first?["sha256"] as? String)
        let refused: [(Any, String)] = [
            (["total": "12.5x"], "not an amount"), (["total": "twelve"], "not an amount"), (["tax": "1.234"], "not an amount"),
            (["date": "2024-02-30"], "not a date"), (["date": "18/03/2024"], "not a date"), (["currency": "EURO"], "currency"),
            (["card_last4": "12345"], "last 4"), (["time": "25:00"], "not a time"), (["colour": "red"], "not a field"),
            (["total": 12.5], "must be a string"), (["status": "approved"], "status must be"), ([1, 2], "JSON object"),
            (Data("not json".utf8), "JSON object"),
        ]
        for (body, reason) in refused {
            let answer = try await server.request("/api/receipts/\(id)", method: "PATCH", body: body)
            #expect(answer.status == 400, "\(body)")
            #expect((answer.object["error"] as? String ?? "").contains(reason), "\(body): \(answer.object)")
        }
        #expect(try await server.request("/api/receipts/\(id)").object["review"] is NSNull, "a refused correction was kept")
        let taken = try await server.request("/api/receipts/\(id)", method: "PATCH",
                                              body: ["total": " 12,5 ", "date": "2024-03-19", "currency": "eur"])
        #expect(taken.status == 200)
        #expect(taken.object["total"] as? String == "12.50")
        #expect(taken.object["currency"] as? String == "EUR")
        #expect(taken.object["status"] as? String == "ok")
        #expect((taken.object["review"] as? [String: Any])?["reviewer"] as? String == "tester")
    }

    @Test func correctionsSurviveARestartARescanAndReachTheExport() async throws {
        let scanned = try Scanned()
        var server = try Server(journal: scanned.journal, in: scanned.folder)
        let queue = try await server.queue()
        let fixed = try #require(queue.first { $0["file"] as? String == "photos/us-grocery-clean.png" })
        let junk = try #require(queue.first { $0["file"] as? String == "photos/de-supermarkt-clean.png" })
        let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        #expect(try await server.request("/api/receipts/\(fixed["sha256"]!)", method: "PATCH",
                                         body: ["total": "99.99", "merchant": evil]).status == 200)
        #expect(try await server.request("/api/receipts/\(junk["sha256"]!)", method: "PATCH",
                                         body: ["status": "not_a_receipt"]).status == 200)
        server.stop()

        server = try Server(journal: scanned.journal, in: scanned.folder)
        let again = try await server.request("/api/receipts/\(fixed["sha256"]!)").object
        #expect(again["total"] as? String == "99.99" && again["merchant"] as? String == evil)
        #expect((again["read"] as? [String: Any])?["total"] as? String == fixed["total"] as? String, "what was read is kept beside")
        server.stop()

        // A re-scan (even --force, which reads every image again) keeps the person's fields.
        for extra in [[], ["--force"]] {
            let rows = try scanned.scanAgain(extra)
            let row = try #require(rows.first { $0["file"] == "photos/us-grocery-clean.png" })
            #expect(row["total"] == "99.99" && row["merchant"] == evil && row["status"] == "ok", "\(extra): \(row)")
            let other = try #require(rows.first { $0["file"] == "photos/de-supermarkt-clean.png" })
            #expect(other["status"] == "failed" && (other["error"] ?? "").contains("not a receipt"))
        }

        // No image is read: the export needs the journal alone.
        try FileManager.default.removeItem(at: scanned.folder.appendingPathComponent("photos"))
        let export = try scanned.export()
        #expect(export.status == 0, "\(export.stderr)")
        let rows = CSVReader.records(export.stdout)
        #expect(rows.count == 3)
        #expect(rows.first { $0["file"] == "photos/us-grocery-clean.png" }?["total"] == "99.99")
        let accounting = try scanned.export(["--profile", "quickbooks", "-o", "qb.csv"])
        #expect(accounting.status == 0, "\(accounting.stderr)")
        let qb = try String(contentsOf: scanned.folder.appendingPathComponent("qb.csv"), encoding: .utf8)
        #expect(qb.contains("99.99"), "the reviewed total is in the accounting export")
        #expect(!qb.contains("Frischmarkt"), "a file marked as no receipt is left out")
    }

    @Test func takingBackAReviewRestoresTheReading() async throws {
        let scanned = try Scanned()
        let server = try Server(journal: scanned.journal, in: scanned.folder)
        defer { server.stop() }
        let entry = try #require(try await server.queue().first)
        let id = entry["sha256"] as! String
        _ = try await server.request("/api/receipts/\(id)", method: "PATCH", body: ["total": "1.00", "tip": "2.00"])
        let partly = try await server.request("/api/receipts/\(id)", method: "PATCH", body: ["tip": NSNull()]).object
        #expect(partly["total"] as? String == "1.00" && partly["tip"] as? String == (entry["tip"] as? String))
        let back = try await server.request("/api/receipts/\(id)", method: "PATCH", body: ["status": "needs_review"]).object
        #expect(back["review"] is NSNull)
        #expect(back["total"] as? String == entry["total"] as? String && back["status"] as? String == entry["status"] as? String)
    }

    @Test func exportWithoutAJournalSaysWhatToDo() throws {
        let folder = try CLIRunner.temporaryFolder()
        let export = try CLIRunner.run(["export", "--journal", "missing.journal"], in: folder)
        #expect(export.status == 69)
        #expect(export.stderr.contains("no journal here"))
        let review = try CLIRunner.run(["review", "--journal", "missing.journal"], in: folder, timeout: 30)
        #expect(review.status == 69)
    }
}
