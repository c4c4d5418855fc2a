import Foundation
import Testing

/// The accounting exports read by the real tools: hledger (Debian) and beancount/beangulp (PyPI),
/// which Scripts/test installs.
@Suite(.serialized) struct ExportToolTests {
    static func tool(_ name: String, _ args: [String], in dir: URL) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [name] + args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func scan(_ profile: String, ledger: Bool = false) throws -> (URL, [[String: String]]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receipts-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let csv = dir.appendingPathComponent("receipts.csv")
        let extra = ledger ? ["--ledger", dir.appendingPathComponent("ledger.beancount").path] : []
        let r = try CLIRunner.run(["scan", "Fixtures/images", "-o", csv.path, "--profile", profile, "--include-review",
                                   "--currency", "MYR"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("\(profile) export:"))
        return (dir, CSVReader.records(try String(contentsOf: csv, encoding: .utf8)))
    }

    @Test func hledgerImportReadsEveryReceipt() throws {
        let (dir, rows) = try Self.scan("hledger")
        #expect(rows.count >= 5)
        #expect(rows.map { $0["date"]! } == rows.map { $0["date"]! }.sorted(), "ascending dates")
        try "".write(to: dir.appendingPathComponent("main.journal"), atomically: true, encoding: .utf8)
        let (status, out) = try Self.tool("hledger", ["-f", "main.journal", "import", "--dry-run", "receipts.csv"], in: dir)
        #expect(status == 0, "\(out)")
        #expect(out.contains("would import \(rows.count) new transactions"), "\(out)")
        for row in rows {
            // "2024-03-18 GREEN VALLEY MARKET | Receipt ..." then a posting with the amount
            #expect(out.contains("\(row["date"]!) \(row["payee"]!) |"), "\(row)")
            #expect(out.contains(row["amount"]!), "\(row)")
        }
        let (checkStatus, checkOut) = try Self.tool("hledger", ["-f", "receipts.csv", "check"], in: dir)
        #expect(checkStatus == 0, "\(checkOut)")
    }

    @Test func beancountLedgerChecksAndBeangulpReadsTheCSV() throws {
        let (dir, rows) = try Self.scan("beancount", ledger: true)
        #expect(rows.count >= 5)
        let (status, out) = try Self.tool("bean-check", ["ledger.beancount"], in: dir)
        #expect(status == 0, "\(out)")
        let script = CLIRunner.root.appendingPathComponent("Tests/ReceiptsCLITests/Tools/beangulp_read.py").path
        let (readStatus, read) = try Self.tool("python3", [script, "receipts.csv"], in: dir)
        #expect(readStatus == 0, "\(read)")
        let entries = read.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(entries.count == rows.count)
        for (entry, row) in zip(entries, rows) {
            #expect(entry[0] == row["date"] && entry[1] == row["payee"] && entry[3] == row["amount"] && entry[4] == row["currency"],
                    "\(entry) vs \(row)")
        }
    }
}
