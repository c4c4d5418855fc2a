import Foundation

/// Where originals go, parsed from `--upload DEST`.
public enum UploadDestination: Sendable, Equatable {
    /// An HTTP(S) endpoint: multipart POST to the URL, or PUT to URL/<object name>.
    case http(url: String)
    /// An S3 bucket (AWS, or an S3-compatible store at `endpoint`, path-style).
    case s3(bucket: String, prefix: String, endpoint: String?)
    /// A local folder, written through libcurl's file:// like any other destination.
    case file(directory: String)

    public static func parse(_ text: String, s3Endpoint: String? = nil) throws(SetupError) -> UploadDestination {
        guard let colon = text.range(of: "://") else {
            throw SetupError("--upload \(text): give a URL: https://host/path, s3://bucket/prefix or file:///folder")
        }
        let scheme = text[..<colon.lowerBound].lowercased()
        let rest = String(text[colon.upperBound...])
        switch scheme {
        case "http", "https":
            guard rest.first.map({ $0 != "/" }) ?? false else { throw SetupError("--upload \(text): no host") }
            return .http(url: text)
        case "s3":
            let bucket = String(rest.prefix { $0 != "/" })
            guard !bucket.isEmpty else { throw SetupError("--upload \(text): no bucket name") }
            var prefix = String(rest.dropFirst(bucket.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if !prefix.isEmpty { prefix += "/" }
            if let s3Endpoint, !(s3Endpoint.hasPrefix("http://") || s3Endpoint.hasPrefix("https://")) {
                throw SetupError("--s3-endpoint \(s3Endpoint): give a URL such as http://127.0.0.1:9000")
            }
            return .s3(bucket: bucket, prefix: prefix, endpoint: s3Endpoint.map { String($0.trimmingSuffix("/")) })
        case "file":
            guard rest.hasPrefix("/") else {
                throw SetupError("--upload \(text): file URLs need an absolute folder, file:///path/to/folder")
            }
            return .file(directory: rest.removingPercentEncoding ?? rest)
        default:
            throw SetupError("--upload \(text): unknown scheme '\(scheme)'; use https, http, s3 or file")
        }
    }

    /// Identifies the destination in the journal: the same object name at another one is another upload.
    public var key: String {
        switch self {
        case .http(let url): return Redactor.stripUserInfo(url)
        case .s3(let bucket, let prefix, let endpoint): return "s3://\(bucket)/\(prefix) @\(endpoint ?? "aws")"
        case .file(let directory): return "file://\(directory)"
        }
    }
}

public enum UploadMethod: String, Sendable, CaseIterable {
    case post, put
}

public struct UploadTimeouts: Sendable {
    /// Longest wait to connect.
    public var connect: Duration = .seconds(10)
    /// Longest a whole request (one attempt) may take.
    public var total: Duration = .seconds(300)
    /// A transfer below `lowSpeedBytes` per second for `lowSpeedSeconds` counts as stalled.
    public var lowSpeedBytes = 1024
    public var lowSpeedSeconds = 30

    public init() {}
}

public struct TLSSettings: Sendable {
    public var verify = true
    /// PEM bundle to trust instead of the system's (`--cacert`).
    public var caFile: String?

    public init(verify: Bool = true, caFile: String? = nil) {
        self.verify = verify
        self.caFile = caFile
    }
}

/// Credentials for S3, from the usual AWS environment variables.
public struct S3Credentials: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?
    public var region: String

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil, region: String = "us-east-1") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.region = region
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws(SetupError) -> S3Credentials {
        guard let key = env["AWS_ACCESS_KEY_ID"], !key.isEmpty, let secret = env["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw SetupError("s3 uploads need AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let region = env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1"
        return S3Credentials(accessKey: key, secretKey: secret, sessionToken: env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                             region: region)
    }
}

/// Everything the upload stage needs, built once from the command line.
public struct UploadSettings: Sendable {
    public var destination: UploadDestination
    public var method: UploadMethod = .post
    /// The multipart field that carries the file.
    public var fileField = "file"
    /// Extra multipart text fields (`--form key=value`).
    public var formFields: [FormField] = []
    /// Extra request headers, "Name: value", with environment references already expanded.
    public var headers: [String] = []
    public var objectName = ObjectNameTemplate.contentAddressed
    /// A field of the JSON response to record as the row's upload_url (dotted path; "." for the whole body).
    public var idField: String?
    /// Upload worker threads, one libcurl handle each.
    public var jobs = 4
    /// Most requests started per second over all workers.
    public var ratePerSecond: Double?
    public var timeouts = UploadTimeouts()
    public var tls = TLSSettings()
    public var retry = RetryPolicy()
    public var s3: S3Credentials?

    public struct FormField: Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    public init(destination: UploadDestination) {
        self.destination = destination
    }

    /// Values that must never reach a log, an error or an output file.
    var secrets: [String] {
        var values = headers.compactMap { header -> String? in
            guard let colon = header.firstIndex(of: ":") else { return nil }
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // "Token abc", "Bearer abc": hide the credential, and the whole value too.
            return value.isEmpty ? nil : value
        }
        values += headers.compactMap { $0.split(separator: " ").last.map(String.init) }.filter { $0.count >= 8 }
        if let s3 { values += [s3.secretKey, s3.accessKey] + (s3.sessionToken.map { [$0] } ?? []) }
        if case .http(let url) = destination, let password = URLComponents(string: url)?.password { values.append(password) }
        return values.filter { !$0.isEmpty }
    }
}

/// Replaces secrets in text that leaves the process.
struct Redactor: Sendable {
    let secrets: [String]

    init(_ secrets: [String]) {
        self.secrets = secrets.sorted { $0.count > $1.count }  // longest first: a value hides its parts
    }

    func callAsFunction(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) { text = text.replacingOccurrences(of: secret, with: "***") }
        return text
    }

    /// https://user:pass@host/x -> https://host/x
    static func stripUserInfo(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.user != nil || parts.password != nil else { return url }
        parts.user = nil
        parts.password = nil
        return parts.string ?? url
    }
}

extension Duration {
    var milliseconds: Int {
        let c = components
        return Int(c.seconds) * 1000 + Int(c.attoseconds / 1_000_000_000_000_000)
    }
}

extension String {
    func trimmingSuffix(_ suffix: Character) -> Substring {
        var s = self[...]
        while s.last == suffix { s = s.dropLast() }
        return s
    }
}
