import Foundation
import Testing

/// PDFs: each page its own row; the text layer read directly, scanned pages rendered and OCR'd.
@Suite(.serialized) struct DocumentTests {
    let documents = CLIRunner.root.appendingPathComponent("Fixtures/documents")

    @Test func everyPageIsReadFromItsTextLayerOrByOCR() throws {
        let dir = try CLIRunner.temporaryFolder()
        let out = dir.appendingPathComponent("r.csv")
        let workLog = dir.appendingPathComponent("work.log")
        let server = try LoopbackServer.uploads()
        let args = ["scan", documents.path, "-o", out.path, "--upload", server.base + "/up"]
        let run = try CLIRunner.run(args, environment: ["RECEIPTS_WORK_LOG": workLog.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: documents.appendingPathComponent("truth.json")))
            as? [String: [String: String]] ?? [:]
        #expect(rows.map { "\(($0["file"]! as NSString).lastPathComponent)#page=\($0["page"]!)" } == truth.keys.sorted())
        for row in rows {
            let key = "\((row["file"]! as NSString).lastPathComponent)#page=\(row["page"]!)"
            for (field, value) in truth[key] ?? [:] { #expect(row[field] == value, "\(key): \(field)") }
        }
        // Only the scanned page needed OCR; the mailed receipts were read from their text.
        let ocr = ((try? String(contentsOf: workLog, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(ocr.count == 1 && ocr.first?.hasSuffix("#page=1") == true, "\(ocr)")
        // A PDF is uploaded once, and each of its rows links to it.
        let stored = try server.json("/_stats")["store_count"] as? [String: Int] ?? [:]
        #expect(stored.count == 2 && stored.values.allSatisfy { $0 == 1 })
        let mailed = rows.filter { $0["file"]!.hasSuffix("mailed-receipts.pdf") }
        #expect(mailed.count == 2 && mailed[0]["upload_url"] == mailed[1]["upload_url"] && !(mailed[0]["upload_url"] ?? "").isEmpty)
        #expect(mailed.allSatisfy { ($0["duplicate_of"] ?? "").isEmpty }, "two pages of one file are not duplicates")

        // Resumed: nothing read again, the same rows.
        let again = try CLIRunner.run(args, environment: ["RECEIPTS_WORK_LOG": workLog.path])
        #expect(again.status == 0)
        #expect(((try? String(contentsOf: workLog, encoding: .utf8)) ?? "").split(separator: "\n").count == 1)
        #expect(CSVReader.records(try String(contentsOf: out, encoding: .utf8)) == rows)
    }

    @Test func brokenPDFsGetTheirRow() throws {
        let dir = try CLIRunner.temporaryFolder()
        try Data("%PDF-1.4\nnot really a pdf\n".utf8).write(to: dir.appendingPathComponent("broken.pdf"))
        let run = try CLIRunner.run(["scan", dir.path, "--no-journal", "-o", "-"])
        #expect(run.status == 1)
        let rows = CSVReader.records(run.stdout)
        #expect(rows.count == 1 && rows[0]["status"] == "failed")
        #expect(rows[0]["error"]?.contains("cannot read the PDF") == true, "\(rows)")
    }
}
