import ArgumentParser
import Foundation
import ReceiptScanner

/// Options of the upload stage, shared by `scan` and `upload`.
struct UploadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Send each original here while it is read: https://host/path (multipart POST, or PUT with --method put), s3://bucket/prefix or file:///folder.",
        valueName: "dest"))
    var upload: String?

    @Option(name: .long, help: "HTTP method for http(s) destinations: post (multipart form) or put (to DEST/<object name>).")
    var method: UploadMethod = .post

    @Option(name: .long, help: ArgumentHelp("Multipart field that carries the file (paperless-ngx: document).", valueName: "name"))
    var fileField = "file"

    @Option(name: .long, help: ArgumentHelp("Extra multipart field, repeatable (e.g. --form tags=3).", valueName: "key=value"))
    var form: [String] = []

    @Option(name: .customLong("header"), help: ArgumentHelp(
        "Extra request header, repeatable. $NAME or ${NAME} is taken from the environment, so secrets stay out of shell history: --header 'Authorization: Token $PAPERLESS_TOKEN'.",
        valueName: "header"))
    var headers: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Object name at the destination, from {sha256} {ext} {name} {date} {year} {month} {merchant} (default {sha256}.{ext}: a re-run writes the same object). Names with receipt fields upload after parsing.",
        valueName: "template"))
    var objectName: String?

    @Option(name: .long, help: ArgumentHelp("Field of the server's JSON reply to put in upload_url (dotted path; '.' for a bare value).", valueName: "field"))
    var uploadIdField: String?

    @Option(name: .long, help: "Uploads at once, one connection each.")
    var uploadJobs = 4

    @Option(name: .long, help: ArgumentHelp("Most upload requests started per second, over all uploads (e.g. 5 or 5/s).", valueName: "n"))
    var uploadRate: String?

    @Option(name: .long, help: "Attempts per file before its upload is given up; transient failures (connection errors, timeouts, 408, 425, 429, 5xx) are retried with backoff and Retry-After.")
    var uploadAttempts = 5

    @Option(name: .long, help: "Seconds to wait for a connection.")
    var connectTimeout = 10.0

    @Option(name: .long, help: "Seconds one upload attempt may take in all.")
    var uploadTimeout = 300.0

    @Option(name: .long, help: "Seconds below 1 KB/s after which an upload counts as stalled and is retried.")
    var stallTimeout = 30

    @Option(name: .long, help: ArgumentHelp("S3-compatible endpoint (MinIO, R2, Ceph), addressed path-style; credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION.", valueName: "url"))
    var s3Endpoint: String?

    @Option(name: .long, help: ArgumentHelp("Trust the certificates in this PEM file for TLS.", valueName: "file"))
    var cacert: String?

    @Flag(name: .long, help: "Do not verify the server's TLS certificate (unsafe; for test servers only).")
    var insecure = false

    func validate() throws {
        guard (1...64).contains(uploadJobs) else { throw ValidationError("--upload-jobs must be 1...64") }
        guard (1...20).contains(uploadAttempts) else { throw ValidationError("--upload-attempts must be 1...20") }
        guard connectTimeout > 0, uploadTimeout > 0, stallTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        if let cacert, !FileManager.default.isReadableFile(atPath: cacert) { throw ValidationError("--cacert \(cacert): cannot read it") }
        if upload == nil, s3Endpoint != nil || !form.isEmpty || !headers.isEmpty || objectName != nil {
            throw ValidationError("--s3-endpoint, --form, --header and --object-name go with --upload DEST")
        }
        _ = try settings()
    }

    /// The settings for a run, after warning about what weakens it.
    func settingsForRun() throws -> UploadSettings? {
        if insecure { printError("warning: --insecure: TLS certificates are not checked; anyone on the path can read the uploads") }
        return try settings()
    }

    /// The upload stage's settings, or nil without --upload.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> UploadSettings? {
        guard let upload else { return nil }
        do {
            var s = UploadSettings(destination: try UploadDestination.parse(upload, s3Endpoint: s3Endpoint))
            s.method = method
            s.fileField = fileField
            s.formFields = try form.map { pair in
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    throw ValidationError("--form \(pair): give key=value")
                }
                return .init(name: String(pair[..<eq]), value: try Self.expand(String(pair[pair.index(after: eq)...]), environment))
            }
            s.headers = try headers.map { header in
                guard let colon = header.firstIndex(of: ":"), colon != header.startIndex,
                      !header.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    throw ValidationError("--header '\(header)': give 'Name: value' on one line")
                }
                return try Self.expand(header, environment)
            }
            if let objectName { s.objectName = try ObjectNameTemplate(objectName) }
            s.idField = uploadIdField
            s.jobs = uploadJobs
            if let uploadRate {
                guard let rate = Double(uploadRate.hasSuffix("/s") ? String(uploadRate.dropLast(2)) : uploadRate), rate > 0 else {
                    throw ValidationError("--upload-rate \(uploadRate): give requests per second, e.g. 5 or 5/s")
                }
                s.ratePerSecond = rate
            }
            s.retry.maxAttempts = uploadAttempts
            s.timeouts.connect = .milliseconds(Int(connectTimeout * 1000))
            s.timeouts.total = .milliseconds(Int(uploadTimeout * 1000))
            s.timeouts.lowSpeedSeconds = stallTimeout
            s.tls = TLSSettings(verify: !insecure, caFile: cacert)
            if case .s3 = s.destination { s.s3 = try S3Credentials.fromEnvironment(environment) }
            return s
        } catch let error as SetupError {
            throw ValidationError(error.description)
        }
    }

    /// `$NAME` and `${NAME}` from the environment; `$$` is a literal `$`. An unset name is an error,
    /// not an empty credential.
    static func expand(_ text: String, _ environment: [String: String]) throws -> String {
        var out = ""
        var rest = text[...]
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" { out += "$"; rest = rest.dropFirst(); continue }
            let braced = rest.first == "{"
            if braced { rest = rest.dropFirst() }
            let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            guard !name.isEmpty, !braced || rest.dropFirst(name.count).first == "}" else {
                throw ValidationError("'$' must start a variable name ($NAME or ${NAME}); write $$ for a literal $")
            }
            guard let value = environment[String(name)] else {
                throw ValidationError("$\(name) is not set in the environment")
            }
            out += value
            rest = rest.dropFirst(name.count + (braced ? 1 : 0))
        }
        return out + rest
    }
}

extension UploadMethod: ExpressibleByArgument {}
