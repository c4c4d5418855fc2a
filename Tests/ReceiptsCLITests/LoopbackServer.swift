import Foundation

/// A real server process on 127.0.0.1 for the upload tests, stopped when the value goes away.
final class LoopbackServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let tls: Bool
    var base: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }

    static let tools = CLIRunner.root.appendingPathComponent("Tests/ReceiptsCLITests/Tools")

    /// The fault-injecting upload server (Tools/upload_server.py); it prints its port first.
    static func uploads(_ arguments: [String] = []) throws -> LoopbackServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", tools.appendingPathComponent("upload_server.py").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ServerError("upload_server.py did not start")
        }
        return LoopbackServer(process: process, port: port, tls: arguments.contains("--tls"))
    }

    /// moto's S3 server with signature checks on after `unsignedSetupCalls` requests.
    static func moto(unsignedSetupCalls: Int) throws -> LoopbackServer {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"]
        var env = ProcessInfo.processInfo.environment
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = "\(unsignedSetupCalls)"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = LoopbackServer(process: process, port: port, tls: false)
        for _ in 0..<200 where process.isRunning {
            if canConnect(port) { return server }
            usleep(50_000)
        }
        throw ServerError("moto did not start on port \(port) (is moto[server] installed? Scripts/test installs it)")
    }

    private init(process: Process, port: Int, tls: Bool) {
        self.process = process
        self.port = port
        self.tls = tls
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)  // SIGTERM may be ignored: the test runner's disposition is inherited
        process.waitUntilExit()
    }

    /// GET a JSON document from the server.
    func json(_ path: String) throws -> [String: Any] {
        // Foundation on Linux has no http:// in Data(contentsOf:); Python is here anyway.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import ssl, sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], context=ssl._create_unverified_context()).read())",
                             base + path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else { throw ServerError("no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Runs a Python tool from Tools/ and returns its standard output.
func runTool(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", LoopbackServer.tools.appendingPathComponent(script).path] + arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw LoopbackServer.ServerError("\(script) failed") }
    return String(decoding: data, as: UTF8.self)
}
