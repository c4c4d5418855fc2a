import Foundation
import Testing

/// `receipts eval` on a small dataset made of the rendered fixture images and their truth.
@Suite struct EvalCommandTests {
    /// A dataset folder (`img/`, `gt/`) of the fixtures' German receipt, clean and photographed.
    private func dataset() throws -> URL {
        let dir = try CLIRunner.temporaryFolder()
        let images = CLIRunner.root.appendingPathComponent("Fixtures/images")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("img"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("gt"), withIntermediateDirectories: true)
        for name in ["de-supermarkt-clean.png", "de-supermarkt-photo.jpg"] {
            let id = (name as NSString).deletingPathExtension
            try fm.copyItem(at: images.appendingPathComponent(name), to: dir.appendingPathComponent("img/\(name)"))
            try fm.copyItem(at: images.appendingPathComponent("de-supermarkt.truth.json"),
                            to: dir.appendingPathComponent("gt/\(id).json"))
        }
        return dir
    }

    /// With `--journal` the second eval reads no image and scores the same, also when the folder
    /// is named another way (relative, from elsewhere): its files are not duplicates of themselves.
    @Test func aJournalKeepsTheReadingsForTheNextEval() throws {
        let data = try dataset()
        let journal = data.appendingPathComponent("eval.journal").path
        let workLog = data.appendingPathComponent("work.log")
        let env = ["RECEIPTS_WORK_LOG": workLog.path]
        let first = try CLIRunner.run(["eval", data.path, "--journal", journal], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let ocrs = { ((try? String(contentsOf: workLog, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0.hasPrefix("ocr ") }.count }
        #expect(ocrs() == 2)

        let second = try CLIRunner.run(["eval", "./" + data.lastPathComponent + "/", "--journal", journal],
                                       in: data.deletingLastPathComponent(), environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(ocrs() == 2, "the second eval read the images again")
        #expect(second.stdout == first.stdout)
        // `total  2  2  100.0%`: both totals read right; and rows called ok (none a duplicate).
        let counts = { (field: String) in
            first.stdout.split(separator: "\n").first { $0.hasPrefix(field + " ") }
                .map { $0.dropFirst(field.count).split(separator: " ").prefix(2).map(String.init) } ?? []
        }
        #expect(counts("total") == ["2", "2"], "\(first.stdout)")
        #expect(counts("rows ok").first.flatMap(Int.init) ?? 0 > 0, "\(first.stdout)")
    }
}
