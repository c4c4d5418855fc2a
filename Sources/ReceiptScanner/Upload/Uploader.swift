import Foundation

/// One file to upload: the pipeline knows its hash (from loading) and, when the object name
/// needs it, its parsed receipt.
struct UploadJob: Sendable {
    var index: Int
    var path: String
    var sha256: String
    var format: ImageFormat?
    var receipt: Receipt?
}

/// How one upload ended.
public struct UploadOutcome: Sendable {
    /// Where the original now is (no credentials in it).
    public var url: String?
    public var error: StageError?
}

/// Uploads files one at a time with retries, on one upload worker thread that owns it
/// (its curl handle keeps connections alive between files).
final class Uploader {
    private let settings: UploadSettings
    private let curl: CurlEasy
    private let limiter: RateLimiter?
    private let redact: Redactor
    private let isAbandoned: @Sendable () -> Bool

    init?(settings: UploadSettings, limiter: RateLimiter?, isAbandoned: @escaping @Sendable () -> Bool = { false }) {
        guard let curl = CurlEasy() else { return nil }
        self.settings = settings
        self.curl = curl
        self.limiter = limiter
        self.redact = Redactor(settings.secrets)
        self.isAbandoned = isAbandoned
    }

    func upload(_ job: UploadJob) -> UploadOutcome {
        func fail(_ message: String) -> UploadOutcome {
            UploadOutcome(url: nil, error: StageError(.upload, redact(message)))
        }
        // Read again and compare: the archived bytes must be the ones that were scanned and named.
        guard let data = FileManager.default.contents(atPath: job.path) else { return fail("cannot read the file to upload") }
        let bytes = [UInt8](data)
        guard SHA256.hex(bytes) == job.sha256 else { return fail("the file changed while it was being scanned; run again") }
        let name = settings.objectName.render(sha256: job.sha256, path: job.path, format: job.format, receipt: job.receipt)
        let target: Target
        do { target = try self.target(for: name) } catch { return fail(error.description) }

        var request = CurlRequest(url: target.requestURL, body: .put, bytes: bytes, timeouts: settings.timeouts, tls: settings.tls)
        request.headers = settings.headers + ["Idempotency-Key: \(job.sha256)"]
        let contentType = job.format?.mimeType ?? "application/octet-stream"
        switch settings.destination {
        case .http:
            // "Expect:" stops libcurl waiting for 100-continue before large bodies (a round trip each).
            // Not for S3: libcurl 7.88 signs the emptied header, and the signature then fails.
            request.headers.append("Expect:")
            if settings.method == .post {
                request.body = .multipart(field: settings.fileField, fileName: (job.path as NSString).lastPathComponent,
                                          contentType: contentType, fields: settings.formFields.map { ($0.name, $0.value) })
            } else {
                request.headers.append("Content-Type: \(contentType)")
            }
        case .s3:
            guard let s3 = settings.s3 else { return fail("no S3 credentials") }
            // libcurl 7.88 signs an upload's payload only when given its hash; S3 servers check it.
            request.headers += ["Content-Type: \(contentType)", "x-amz-content-sha256: \(job.sha256)"]
            if let token = s3.sessionToken { request.headers.append("x-amz-security-token: \(token)") }
            request.awsSigV4 = "aws:amz:\(s3.region):s3"
            request.awsCredentials = "\(s3.accessKey):\(s3.secretKey)"
        case .file:
            break
        }

        var attempt = 0
        while true {
            attempt += 1
            limiter?.acquire()
            let (step, retryAfter) = send(request, target: target)
            switch step {
            case .uploaded(let url):
                // file://: written under a temporary name, renamed when complete.
                if let partial = target.requestPath, let finalPath = target.finalPath, rename(partial, finalPath) != 0 {
                    let why = errnoText()
                    try? FileManager.default.removeItem(atPath: partial)
                    return fail("cannot move the upload to \(finalPath): \(why)")
                }
                return UploadOutcome(url: url, error: nil)
            case .failed(let message):
                removePartial(target)
                return fail(message)
            case .retry(let reason):
                removePartial(target)
                if attempt >= settings.retry.maxAttempts || isAbandoned() {
                    return fail("\(reason) (gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"))")
                }
            }
            // Wait in short steps: a second Ctrl-C must not sit out a long Retry-After.
            let until = ContinuousClock.now + settings.retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            while ContinuousClock.now < until && !isAbandoned() { Thread.sleep(forTimeInterval: 0.05) }
        }
    }

    /// A failed file:// attempt leaves nothing behind.
    private func removePartial(_ target: Target) {
        if let partial = target.requestPath { try? FileManager.default.removeItem(atPath: partial) }
    }

    private enum Step {
        case uploaded(url: String)
        case failed(String)
        case retry(String)
    }

    private func send(_ request: CurlRequest, target: Target) -> (Step, retryAfter: String?) {
        switch curl.perform(request, abandon: isAbandoned) {
        case .failure(let failure):
            if isAbandoned() { return (.failed("abandoned: the run was interrupted"), nil) }
            let message = "\(failure.message) (curl error \(failure.code))"
            return (failure.isTransient ? .retry(message) : .failed(message), nil)
        case .success(let response):
            let status = response.status
            if target.isFile || (200..<300).contains(status) {
                return (.uploaded(url: uploadURL(response, target: target)), nil)
            }
            var message = "HTTP \(status)"
            if let (code, text) = Self.s3Error(response.body) {
                message += " \(code): \(text)"
                if ["SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed"].contains(code) {
                    message += " (check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION)"
                }
            } else {
                let excerpt = Self.excerpt(response.body)
                if !excerpt.isEmpty { message += ": \(excerpt)" }
            }
            if RetryPolicy.retryableStatuses.contains(status) { return (.retry(message), response.headers["retry-after"]) }
            return (.failed(message), nil)
        }
    }

    /// The row's link: the server's Location, else the chosen JSON field, else the object's URL.
    private func uploadURL(_ response: CurlResponse, target: Target) -> String {
        if let location = response.headers["location"], !location.isEmpty {
            return Redactor.stripUserInfo(URL(string: location, relativeTo: URL(string: target.requestURL))?.absoluteString ?? location)
        }
        if let field = settings.idField, let value = Self.jsonField(field, in: response.body) { return value }
        return Redactor.stripUserInfo(target.objectURL)
    }

    static func jsonField(_ path: String, in body: [UInt8]) -> String? {
        guard var value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else { return nil }
        if path != "." {
            for key in path.split(separator: ".") {
                guard let object = value as? [String: Any], let next = object[String(key)] else { return nil }
                value = next
            }
        }
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    /// S3's XML error document: its Code and Message.
    static func s3Error(_ body: [UInt8]) -> (String, String)? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        func element(_ name: String) -> String? {
            guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
            else { return nil }
            return String(text[open.upperBound..<close.lowerBound])
        }
        guard text.contains("<Error>"), let code = element("Code") else { return nil }
        return (code, element("Message") ?? "")
    }

    /// The first line or so of an error response, for the row's error column.
    static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(400), as: UTF8.self)
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > 200 ? String(flat.prefix(200)) + "..." : flat
    }

    private struct Target {
        var requestURL: String
        var objectURL: String
        /// file:// only: the temporary file libcurl writes, and where it goes when complete.
        var requestPath: String?
        var finalPath: String?
        var isFile: Bool { finalPath != nil }
    }

    /// Where the object goes; for file:// also creates its folder (libcurl does not).
    private func target(for name: String) throws(SetupError) -> Target {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name
        switch settings.destination {
        case .http(let url):
            if settings.method == .post { return Target(requestURL: url, objectURL: url) }
            let put = String(url.trimmingSuffix("/")) + "/" + encoded
            return Target(requestURL: put, objectURL: put)
        case .s3(let bucket, let prefix, let endpoint):
            let url = endpoint.map { "\($0)/\(bucket)/\(prefix)\(encoded)" }
                ?? "https://\(bucket).s3.\(settings.s3?.region ?? "us-east-1").amazonaws.com/\(prefix)\(encoded)"
            return Target(requestURL: url, objectURL: url)
        case .file(let directory):
            let final = (directory as NSString).appendingPathComponent(name)
            let folder = (final as NSString).deletingLastPathComponent
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw SetupError("cannot create \(folder): \(error.localizedDescription)")
            }
            let temporary = (folder as NSString).appendingPathComponent(".\((name as NSString).lastPathComponent).\(UUID().uuidString).partial")
            let fileURL = { (path: String) in "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) }
            return Target(requestURL: fileURL(temporary), objectURL: fileURL(final), requestPath: temporary, finalPath: final)
        }
    }
}
