import CCurl
import Foundation

/// One HTTP(S)/file transfer, described in Swift terms; `CurlEasy` turns it into options.
struct CurlRequest {
    enum Body {
        /// multipart/form-data POST: the file under `field`, then plain text fields.
        case multipart(field: String, fileName: String, contentType: String, fields: [(String, String)])
        /// The bytes as the request body (HTTP PUT, or a write through file://).
        case put
    }

    var url: String
    var body: Body
    var bytes: [UInt8]
    var headers: [String] = []
    /// "KEY:SECRET" and "aws:amz:REGION:s3" for libcurl's AWS Signature V4.
    var awsCredentials: String?
    var awsSigV4: String?
    var timeouts: UploadTimeouts
    var tls: TLSSettings
}

/// What came back: an HTTP status (0 for file://), the headers we act on, and the body's start.
struct CurlResponse {
    var status: Int
    var headers: [String: String]  // lower-cased names; the last value wins
    var body: [UInt8]
}

/// A transfer that did not produce a response: libcurl's code and its message.
struct CurlFailure: Error {
    var code: Int
    var message: String
    /// Connection refused, reset, timed out, nothing received: worth another attempt.
    var isTransient: Bool
}

/// Owns one libcurl easy handle, reused for every request of one upload worker so that
/// connections and TLS sessions are kept. Not thread-safe: one worker thread owns it.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// The response body kept for error messages and id fields; the rest is dropped.
    static let bodyLimit = 64 * 1024

    init?() {
        guard CurlLibrary.initialised, let handle = curl_easy_init() else { return nil }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    /// Runs one request. `abandon` is polled during the transfer (about once a second, and on
    /// every chunk); when it returns true the transfer stops at once.
    func perform(_ request: CurlRequest, abandon: @escaping () -> Bool = { false }) -> Result<CurlResponse, CurlFailure> {
        curl_easy_reset(handle)  // keeps the connection cache, clears the last request's options
        let state = TransferState(bytes: request.bytes, abandon: abandon)
        let box = Unmanaged.passRetained(state)
        defer { box.release() }
        let userdata = box.toOpaque()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers { headerList = curl_slist_append(headerList, header) }

        var mime: OpaquePointer?
        defer { if let mime { curl_mime_free(mime) } }

        let setup: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var rc = CURLE_OK
            func set(_ code: CURLcode) { if rc == CURLE_OK { rc = code } }
            set(receipts_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress))
            set(receipts_curl_setopt_string(handle, CURLOPT_URL, request.url))
            set(receipts_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))  // threads: no SIGALRM for DNS timeouts
            set(receipts_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https,file"))
            set(receipts_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
            set(receipts_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.timeouts.connect.milliseconds))
            set(receipts_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeouts.total.milliseconds))
            set(receipts_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, request.timeouts.lowSpeedBytes))
            set(receipts_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, request.timeouts.lowSpeedSeconds)))
            set(receipts_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, request.tls.verify ? 1 : 0))
            set(receipts_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, request.tls.verify ? 2 : 0))
            if let ca = request.tls.caFile { set(receipts_curl_setopt_string(handle, CURLOPT_CAINFO, ca)) }
            set(receipts_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
            set(receipts_curl_setopt_write_function(handle, { ptr, size, count, userdata in
                TransferState.from(userdata).appendBody(ptr, size * count)
            }))
            set(receipts_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, userdata))
            set(receipts_curl_setopt_header_function(handle, { ptr, size, count, userdata in
                TransferState.from(userdata).addHeader(ptr, size * count)
            }))
            set(receipts_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, userdata))
            set(receipts_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            set(receipts_curl_setopt_xferinfo_function(handle, { userdata, _, _, _, _ in
                TransferState.from(userdata).abandon() ? 1 : 0
            }))
            set(receipts_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, userdata))
            if let sigv4 = request.awsSigV4, let credentials = request.awsCredentials {
                set(receipts_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, sigv4))
                set(receipts_curl_setopt_string(handle, CURLOPT_USERPWD, credentials))
            }
            switch request.body {
            case .put:
                set(receipts_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
                set(receipts_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.bytes.count)))
                set(receipts_curl_setopt_read_function(handle, { ptr, size, count, userdata in
                    TransferState.from(userdata).readBody(ptr, size * count)
                }))
                set(receipts_curl_setopt_pointer(handle, CURLOPT_READDATA, userdata))
            case .multipart(let field, let fileName, let contentType, let fields):
                mime = curl_mime_init(handle)
                let part = curl_mime_addpart(mime)
                set(curl_mime_name(part, field))
                set(curl_mime_filename(part, fileName))
                set(curl_mime_type(part, contentType))
                set(request.bytes.withUnsafeBufferPointer { buf in
                    buf.baseAddress.map { curl_mime_data(part, $0, buf.count) } ?? curl_mime_data(part, "", 0)
                })  // libcurl copies the bytes
                for (name, value) in fields {
                    let text = curl_mime_addpart(mime)
                    set(curl_mime_name(text, name))
                    set(curl_mime_data(text, value, value.utf8.count))
                }
                set(receipts_curl_setopt_pointer(handle, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(mime)))
            }
            guard rc == CURLE_OK else { return rc }
            return curl_easy_perform(handle)
        }
        guard setup == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(setup)) : detail
            return .failure(CurlFailure(code: Int(setup.rawValue), message: message,
                                        isTransient: Self.transientCodes.contains(setup)))
        }
        var status = 0
        _ = receipts_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(CurlResponse(status: status, headers: state.headers, body: state.body))
    }

    /// Errors where the same request may well succeed a moment later.
    private static let transientCodes: Set<CURLcode> = [
        CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
        CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_COULDNT_RESOLVE_HOST, CURLE_HTTP2, CURLE_HTTP2_STREAM,
    ]
}

/// The buffers one transfer's callbacks read and fill; reached through libcurl's userdata pointer.
private final class TransferState {
    let bytes: [UInt8]
    let abandon: () -> Bool
    var offset = 0
    var body: [UInt8] = []
    var headers: [String: String] = [:]

    init(bytes: [UInt8], abandon: @escaping () -> Bool) {
        self.bytes = bytes
        self.abandon = abandon
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferState {
        Unmanaged<TransferState>.fromOpaque(pointer!).takeUnretainedValue()
    }

    func appendBody(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        if let data, body.count < CurlEasy.bodyLimit {
            let keep = min(count, CurlEasy.bodyLimit - body.count)
            data.withMemoryRebound(to: UInt8.self, capacity: keep) { body.append(contentsOf: UnsafeBufferPointer(start: $0, count: keep)) }
        }
        return count
    }

    func addHeader(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data else { return count }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") { headers = [:] }  // a new response (after 100 Continue or a redirect)
        if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return count
    }

    func readBody(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int {
        guard let buffer else { return 0 }
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { src in
            UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
