import Foundation
import Testing
@testable import ReceiptScanner

@Suite struct UploadUnitTests {
    @Test(arguments: [
        ("{sha256}.{ext}", "abc.jpg"),
        ("../../etc/{name}", "etc/Cafe-Muller-s-receipt"),
        ("/abs/{name}", "abs/Cafe-Muller-s-receipt"),
        ("{merchant}/{date}.{ext}", "Cafe-Muller-GmbH/2024-03-05.jpg"),
        ("{year}/{month}/{name}.{ext}", "2024/03/Cafe-Muller-s-receipt.jpg"),
        (".hidden/{sha256}", "hidden/abc"),
        ("{name}\u{7}\t.{ext}", "Cafe-Muller-s-receipt-.jpg"),
    ])
    func objectNamesAreSafeRelativePaths(template: String, expected: String) throws {
        var receipt = Receipt()
        receipt.merchant = "Café Müller GmbH"
        receipt.date = ReceiptDate(year: 2024, month: 3, day: 5)
        let name = try ObjectNameTemplate(template)
            .render(sha256: "abc", path: "/photos/Caf\u{e9} M\u{fc}ller's receipt.JPG", format: .jpeg, receipt: receipt)
        #expect(name == expected)
    }

    @Test func receiptFieldsInTheNameWaitForParsingAndFallBackWhenUnread() throws {
        #expect(!ObjectNameTemplate.contentAddressed.needsReceipt)
        let dated = try ObjectNameTemplate("{date}/{sha256}.{ext}")
        #expect(dated.needsReceipt)
        #expect(dated.render(sha256: "ff", path: "x.heic", format: .heic, receipt: nil) == "undated/ff.heic")
        #expect(throws: SetupError.self) { try ObjectNameTemplate("{sha256") }
        #expect(throws: SetupError.self) { try ObjectNameTemplate("{user}") }
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryPolicy.parseRetryAfter("7", now: now) == 7)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == 0, "a date in the past: now")
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        var policy = RetryPolicy()
        policy.maxRetryAfter = .seconds(60)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "3600", now: now) == .seconds(60), "capped")
        #expect(policy.delay(afterAttempt: 1, retryAfter: "2", now: now) == .seconds(2))
    }

    @Test func backoffDoublesWithJitterUpToTheCap() {
        let policy = RetryPolicy()  // 0.5 s, doubling, at most 30 s
        for attempt in 1...10 {
            let full = min(0.5 * pow(2, Double(attempt - 1)), 30)
            for _ in 0..<20 {
                let d = Double(policy.delay(afterAttempt: attempt, retryAfter: nil).milliseconds) / 1000
                #expect(d >= full / 2 - 0.001 && d <= full + 0.001, "attempt \(attempt): \(d)")
            }
        }
    }

    @Test func destinationsParseAndBadOnesSayWhy() throws {
        #expect(try UploadDestination.parse("s3://bucket/a/b/") == .s3(bucket: "bucket", prefix: "a/b/", endpoint: nil))
        #expect(try UploadDestination.parse("s3://bucket", s3Endpoint: "http://127.0.0.1:9000/")
                == .s3(bucket: "bucket", prefix: "", endpoint: "http://127.0.0.1:9000"))
        #expect(try UploadDestination.parse("file:///srv/receipts") == .file(directory: "/srv/receipts"))
        #expect(try UploadDestination.parse("https://paperless.local/api/documents/post_document/")
                == .http(url: "https://paperless.local/api/documents/post_document/"))
        for bad in ["receipts/", "file://relative", "s3:///prefix", "gopher://x", "https:///path"] {
            #expect(throws: SetupError.self) { try UploadDestination.parse(bad) }
        }
        #expect(UploadDestination.http(url: "https://me:pw@host/up").key == "https://host/up")
    }

    @Test func secretsAreMaskedInMessages() {
        var settings = UploadSettings(destination: .http(url: "https://user:hunter2-password@host/up"))
        settings.headers = ["Authorization: Bearer abcdefgh12345678", "X-Tag: receipts"]
        let redact = Redactor(settings.secrets)
        #expect(redact("denied for Bearer abcdefgh12345678 at https://user:hunter2-password@host")
                == "denied for *** at https://user:***@host")
        #expect(redact("token abcdefgh12345678 echoed") == "token *** echoed")
    }

    @Test func idFieldsComeFromTheJSONReply() {
        let body = Array(#"{"task": {"id": 42}, "name": "x"}"#.utf8)
        #expect(Uploader.jsonField("task.id", in: body) == "42")
        #expect(Uploader.jsonField("name", in: body) == "x")
        #expect(Uploader.jsonField("missing", in: body) == nil)
        #expect(Uploader.jsonField(".", in: Array(#""5f0c-uuid""#.utf8)) == "5f0c-uuid")
    }
}
