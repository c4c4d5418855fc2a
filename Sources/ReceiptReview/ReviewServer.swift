import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import ReceiptScanner

/// The local web server of `receipts review`: the page, its script and style, and the JSON API,
/// bound to 127.0.0.1 only. Every request must carry the token (`?token=` or
/// `Authorization: Bearer`); images are served only for files the journal knows, by id.
public struct ReviewServer: Sendable {
    public let api: ReviewAPI
    public let token: String
    public let port: Int

    public init(api: ReviewAPI, token: String = ReviewServer.newToken(), port: Int = 0) {
        self.api = api
        self.token = token
        self.port = port
    }

    /// 128 random bits as hex: what a page of another site cannot guess.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Serves until SIGINT or SIGTERM; `ready` gets the page's URL once the port is bound.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.add(middleware: Guard(token: token))
        let api = self.api, token = self.token
        router.get("/") { _, _ in Self.asset(ReviewPage.html(token: token), type: "text/html; charset=utf-8") }
        router.get("/review.js") { _, _ in Self.asset(ReviewPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/review.css") { _, _ in Self.asset(ReviewPage.style, type: "text/css; charset=utf-8") }
        router.get("/api/queue") { _, _ in Self.json(api.queue()) }
        router.get("/api/receipts/:id") { _, context in Self.json(api.receipt(id: context.parameters.get("id") ?? "")) }
        router.patch("/api/receipts/:id") { request, context in
            var request = request
            guard let buffer = try? await request.collectBody(upTo: 64 * 1024) else {
                return Self.json(.error(413, "the body is larger than 64 KB"))
            }
            return Self.json(api.correct(id: context.parameters.get("id") ?? "", body: Data(buffer: buffer)))
        }
        router.get("/api/receipts/:id/image") { _, context in
            guard let source = api.imageSource(id: context.parameters.get("id") ?? "") else {
                return Self.json(.error(404, "no image for this id in the journal"))
            }
            let path = Self.resolve(source.path, journal: api.journal.path)
            // Decoding takes a core for a moment: off the event loop.
            let preview = await withCheckedContinuation { done in
                DispatchQueue.global().async { done.resume(returning: ReceiptPreview.jpeg(path: path, sha256: source.sha256, page: source.page,
                                                                              quarterTurns: source.quarterTurns)) }
            }
            switch preview {
            case .success(let jpeg):
                return Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
            case .failure(let error):
                return Self.json(.error(404, "\(source.path): \(error.message)"))
            }
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "receipts-review"),
            onServerRunning: { channel in
                ready("http://127.0.0.1:\(channel.localAddress?.port ?? 0)/?token=\(token)")
            },
            logger: {
                // Standard output carries the URL alone; the server's notes go to standard error.
                var logger = Logger(label: "receipts-review", factory: { StreamLogHandler.standardError(label: $0) })
                logger.logLevel = .warning
                return logger
            }())
        try await app.runService()
    }

    /// A scan's relative path is relative to where it ran: here, or beside the journal.
    static func resolve(_ path: String, journal: String) -> String {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        let folder = (journal as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : folder + "/" + path
    }

    /// Sent with every answer.
    static let headers: [(HTTPField.Name, String)] = [
        (HTTPField.Name("Content-Security-Policy")!, "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (.cacheControl, "no-store"),
    ]

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ reply: ReviewAPI.Reply) -> Response {
        Response(status: .init(code: reply.status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: reply.json)))
    }
}

/// Refuses every request without the token, and sets the headers that keep the page to itself:
/// no script, style or image from anywhere else, no framing, no referrer (the URL holds the token),
/// no caching.
struct Guard<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if authorised(request) {
            response = try await next(request, context)
        } else {
            response = ReviewServer.json(.error(401, "this needs the token: open the URL `receipts review` printed"))
        }
        for (name, value) in ReviewServer.headers { response.headers[name] = value }
        return response
    }

    private func authorised(_ request: Request) -> Bool {
        if let given = request.uri.queryParameters["token"], same(String(given), token) { return true }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
           same(String(header.dropFirst("Bearer ".count)), token) { return true }
        return false
    }

    /// Compares in time that does not depend on where the texts differ.
    private func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
