import Foundation
import Testing

/// End-to-end: the built `receipts` on real files, real Tesseract, real output files.
@Suite(.serialized) struct ScanCommandTests {
    let fixtures = CLIRunner.root.appendingPathComponent("Fixtures")


    @Test func scanOfFixturesMatchesGoldenCSV() throws {
        let out = try CLIRunner.temporaryFolder().appendingPathComponent("out.csv")
        let r = try CLIRunner.run(["scan", "Fixtures/images", "-o", out.path, "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let produced = try String(contentsOf: out, encoding: .utf8)
        let golden = try String(contentsOf: fixtures.appendingPathComponent("golden/images.csv"), encoding: .utf8)
        #expect(produced == golden, "regenerate with: receipts scan Fixtures/images --no-journal -o Fixtures/golden/images.csv, after checking the diff")
    }

    /// The golden file could drift into nonsense; the generated images' truth keeps it honest.
    /// Each image on its own reading (`--no-consensus`): its siblings must not lend it a name.
    @Test func renderedImagesAreReadCorrectly() throws {
        let r = try CLIRunner.run(["scan", "Fixtures/images", "-o", "-", "--no-consensus"])
        let rows = Dictionary(uniqueKeysWithValues: CSVReader.records(r.stdout).map { ($0["file"] ?? "", $0) })
        let truthFiles = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("images").path)
            .filter { $0.hasSuffix(".truth.json") }
        #expect(truthFiles.count >= 3)
        // Clean scans: the fields OCR reads reliably there (masked card digits it does not, yet).
        // Photos and sideways photos: the key fields.
        let variants: [(String, [String]?)] = [
            ("clean.png", nil), ("photo.jpg", ["date", "total"]),
            ("exif6.jpg", ["merchant", "date", "total"]), ("a4.png", ["merchant", "date", "total"]),
            ("tilt+6.jpg", ["merchant", "date", "total"]), ("tilt-9.jpg", ["merchant", "date", "total"]),
            ("board.jpg", ["merchant", "date", "total"]), ("photo.heic", ["merchant", "date", "total"]),
            ("dark.jpg", ["merchant", "date", "total", "subtotal", "tax"]),
            ("lowres.png", ["merchant", "date", "total", "subtotal", "tax"]),
            ("shade.jpg", ["merchant", "date", "total"]), ("web.jpg", ["merchant", "date", "total", "subtotal", "tax"]),
            // Turned without EXIF: the fields their upright originals get right.
            ("rot270.png", ["merchant", "date", "total"]), ("rot90.jpg", ["date", "total"]), ("rot180.jpg", ["date", "total"]),
        ]
        var read: [String: Int] = [:]  // variant: receipts read in it
        for truthFile in truthFiles {
            let base = String(truthFile.dropLast(".truth.json".count))
            let data = try Data(contentsOf: fixtures.appendingPathComponent("images/" + truthFile))
            let truth = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
            let cleanFields = ["merchant", "date", "time", "total", "subtotal", "tax", "currency"].filter { truth[$0] != nil }
            for (variant, fields) in variants {
                guard let row = rows["Fixtures/images/\(base)-\(variant)"] else { continue }
                read[variant, default: 0] += 1
                for field in fields ?? cleanFields { #expect(row[field] == truth[field], "\(base)-\(variant): \(field)") }
            }
        }
        // Every case is there to be read: a missing fixture fails, it is not skipped.
        #expect(read["clean.png"] == truthFiles.count && read["photo.jpg"] == truthFiles.count, "\(read)")
        for (variant, _) in variants { #expect(read[variant, default: 0] > 0, "no \(variant) fixture") }
    }

    /// The batch's agreement touches names and addresses only, and only to make readings agree.
    @Test func consensusChangesOnlyNamesAndAddresses() throws {
        let own = CSVReader.records(try CLIRunner.run(["scan", "Fixtures/images", "-o", "-", "--no-consensus"]).stdout)
        let agreed = CSVReader.records(try CLIRunner.run(["scan", "Fixtures/images", "-o", "-"]).stdout)
        #expect(own.count == agreed.count && own.count > 10)
        for (a, b) in zip(own, agreed) {
            for (column, value) in a where column != "merchant" && column != "address" {
                #expect(b[column] == value, "\(a["file"] ?? ""): \(column)")
            }
        }
        for column in ["merchant", "address"] {
            #expect(Set(agreed.compactMap { $0[column] }).count <= Set(own.compactMap { $0[column] }).count)
        }
    }

    @Test func badInputsGetTheirOwnFailedRows() throws {
        let dir = try CLIRunner.temporaryFolder()
        let fm = FileManager.default
        let good = fixtures.appendingPathComponent("images/us-grocery-clean.png")
        try fm.copyItem(at: good, to: dir.appendingPathComponent("a-good.png"))
        fm.createFile(atPath: dir.appendingPathComponent("b-empty.jpg").path, contents: Data())
        let jpeg = try Data(contentsOf: fixtures.appendingPathComponent("images/us-grocery-photo.jpg"))
        fm.createFile(atPath: dir.appendingPathComponent("c-truncated.jpg").path, contents: jpeg.prefix(jpeg.count / 2))
        fm.createFile(atPath: dir.appendingPathComponent("d-text.jpg").path, contents: Data("just some text\n".utf8))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("e-dangling.jpg").path, withDestinationPath: "/nonexistent/x.jpg")
        fm.createFile(atPath: dir.appendingPathComponent("f-huge.png").path, contents: Self.pngHeader(width: 60000, height: 60000))
        try fm.createDirectory(at: dir.appendingPathComponent("g-folder.png"), withIntermediateDirectories: false)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("g-folder.png/loop").path, withDestinationPath: "..")
        fm.createFile(atPath: dir.appendingPathComponent("notes.txt").path, contents: Data("not a receipt".utf8))
        var heic = Data([0, 0, 0, 0x18]) + Data("ftypheic".utf8) + Data([0, 0, 0, 0]) + Data("mif1heic".utf8)
        heic += Data(repeating: 0x42, count: 64)  // a HEIC brand, then no boxes libheif can read
        fm.createFile(atPath: dir.appendingPathComponent("h-broken.heic").path, contents: heic)

        let r = try CLIRunner.run(["scan", dir.path, "-o", "-"], timeout: 120)
        #expect(r.status == 1, "exit code: some files failed\n\(r.stderr)")
        let rows = CSVReader.records(r.stdout)
        let byName = Dictionary(uniqueKeysWithValues: rows.map { (($0["file"] ?? "") as NSString).lastPathComponent }.enumerated().map { ($1, rows[$0]) })
        // One row per file, each once: the loop and the folder add none, notes.txt is not an image.
        #expect(rows.count == 7, "\(rows.map { $0["file"] ?? "" })")
        #expect(byName["a-good.png"]?["status"] == "ok")
        let expectations = [
            ("b-empty.jpg", "empty file"), ("c-truncated.jpg", "truncated"), ("d-text.jpg", "not an image"),
            ("e-dangling.jpg", "cannot open"), ("f-huge.png", "over the 100 Mpx limit"),
            ("h-broken.heic", "cannot read the HEIC file"),
        ]
        for (name, message) in expectations {
            let row = byName[name]
            #expect(row?["status"] == "failed", "\(name)")
            #expect(row?["error"]?.contains(message) == true, "\(name): \(row?["error"] ?? "no row")")
        }
    }

    @Test func formatsAndStandardOutput() throws {
        let r = try CLIRunner.run(["scan", "Fixtures/images/us-grocery-clean.png", "-o", "-", "--format", "jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(object?["total"] as? Double == 25.23)
        #expect(object?["merchant"] as? String == "GREEN VALLEY MARKET")

        let json = try CLIRunner.run(["scan", "Fixtures/images/us-grocery-clean.png", "-o", "-", "--format", "json"])
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 1)
    }

    @Test func itemsFileHasOneRowPerItemKeyedByFileAndHash() throws {
        let dir = try CLIRunner.temporaryFolder()
        let out = dir.appendingPathComponent("r.csv"), items = dir.appendingPathComponent("items.csv")
        let r = try CLIRunner.run(["scan", "Fixtures/images/us-grocery-clean.png", "Fixtures/images/my-gst-cafe-clean.png",
                                   "-o", out.path, "--items", items.path])
        #expect(r.status == 0, "\(r.stderr)")
        let receipts = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        let rows = CSVReader.records(try String(contentsOf: items, encoding: .utf8))
        #expect(rows.count == receipts.reduce(0) { $0 + (Int($1["item_count"] ?? "") ?? 0) })
        let grocery = rows.filter { $0["file"] == "Fixtures/images/us-grocery-clean.png" }
        #expect(grocery.map { $0["description"] ?? "" } == ["APPLES 2LB", "WHOLE MILK", "RYE BREAD", "COFFEE BEANS"])
        #expect(grocery.first?["amount"] == "3.98")
        #expect(grocery.allSatisfy { $0["sha256"] == receipts.first?["sha256"] })
        #expect(try CLIRunner.run(["scan", "Fixtures/images", "-o", "-", "--items", "-"]).status == 64)
    }

    @Test func rulesFileAppliesAndItsErrorsNameTheLine() throws {
        let ok = try CLIRunner.run(["parse", "--rules", "Examples/rules.yaml", "Fixtures/text/ambiguous-date.txt"])
        #expect(ok.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any]
        #expect(json?["merchant"] as? String == "Corner Shop")
        let bad = try CLIRunner.temporaryFolder().appendingPathComponent("bad.yaml")
        try "merchants:\n  - name: A\n    match: X\n    date_order: sometimes\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["scan", "Fixtures/images", "-o", "-", "--rules", bad.path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("\(bad.path):4: 'date_order' must be dmy, mdy or ymd"), "\(r.stderr)")
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLIRunner.run(["scan"]).status == 64)
        #expect(try CLIRunner.run(["scan", "Fixtures", "--jobs", "0"]).status == 64)
        #expect(try CLIRunner.run(["scan", "Fixtures", "--date-order", "xyz"]).status == 64)
        #expect(try CLIRunner.run(["scan", "Fixtures", "--profile", "hledger", "-o", "-"]).status == 64)
        #expect(try CLIRunner.run(["scan", "Fixtures", "--profile", "xero", "--ledger", "x.beancount"]).status == 64)
        #expect(try CLIRunner.run(["scan", "Fixtures", "--profile", "quickbooks", "--date-format", "YY"]).status == 64)
        let step = try CLIRunner.run(["scan", "Fixtures", "--add-step", "sharpen"])
        #expect(step.status == 64 && step.stderr.contains("deskew"), "an unknown step names the known ones")
        let spread = try CLIRunner.run(["scan", "Fixtures", "--name-spread", "1.5"])
        #expect(spread.status == 64 && spread.stderr.contains("--name-spread must be"), "\(spread.stderr)")
    }

    @Test func runThatCannotStartExits69WithWhatToDo() throws {
        let lang = try CLIRunner.run(["scan", "Fixtures/images", "-o", "-", "--lang", "qqq"])
        #expect(lang.status == 69)
        #expect(lang.stderr.contains("tesseract-ocr-qqq"))
        let out = try CLIRunner.run(["scan", "Fixtures/images", "-o", "/nonexistent-folder/out.csv"])
        #expect(out.status == 69)
        #expect(out.stderr.contains("/nonexistent-folder/out.csv"))
    }

    @Test func helpAndVersion() throws {
        let help = try CLIRunner.run(["scan", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--date-order"))
        let version = try CLIRunner.run(["--version"])
        #expect(version.stdout.contains("tesseract"))
    }

    /// Ctrl-C mid-batch: exit 130, and the CSV holds the finished rows, complete and in order.
    @Test func interruptWritesTheRowsDone() throws {
        let dir = try CLIRunner.temporaryFolder()
        let source = fixtures.appendingPathComponent("images/my-gst-cafe-clean.png")
        // Different bytes each (a tail after the PNG's end), so no copy is served from another's work.
        let png = try Data(contentsOf: source)
        for i in 0..<200 {
            try (png + Data("copy \(i)".utf8)).write(to: dir.appendingPathComponent(String(format: "r%03d.png", i)))
        }
        let out = dir.appendingPathComponent("out.csv")
        let running = try CLIRunner.start(["scan", dir.path, "-o", out.path, "--jobs", "2"])
        // Wait until the run is under way (engines loaded, first rows written to the temporary file).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, running.process.isRunning,
              !((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).contains(where: { $0.hasSuffix(".tmp") }) {
            usleep(50_000)
        }
        usleep(3_000_000)  // engines loaded and some rows done, on a slow machine too
        kill(running.process.processIdentifier, SIGINT)
        let r = running.wait(timeout: 120)
        let rows = CSVReader.records(try String(contentsOf: out, encoding: .utf8))
        if r.status == 0 {
            Issue.record("the batch finished before the interrupt; the test could not interrupt it")
            return
        }
        #expect(r.status == 130, "\(r.stderr)")
        #expect(r.stderr.contains("interrupted"))
        #expect(rows.count > 0 && rows.count < 200)
        let names = rows.map { ($0["file"]! as NSString).lastPathComponent }
        #expect(names == names.sorted(), "rows stay in input order")
        // Copies of one receipt: the first is ok, each later one a flagged duplicate of it.
        #expect(rows.first?["status"] == "ok")
        #expect(rows.dropFirst().allSatisfy { $0["status"] == "needs_review" && $0["duplicate_of"] == rows.first?["file"] })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    /// A PNG signature and IHDR chunk claiming the given size, with no image data after it.
    static func pngHeader(width: UInt32, height: UInt32) -> Data {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        d.append(contentsOf: Array("IHDR".utf8))
        for v in [width, height] { d.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) }) }
        d.append(contentsOf: [8, 2, 0, 0, 0, 0, 0, 0, 0])  // 8-bit RGB, CRC left zero
        // A little compressed data and the end chunk: what a decompression bomb looks like.
        d.append(contentsOf: [0, 0, 0, 16] + Array("IDAT".utf8) + [UInt8](repeating: 0, count: 20))
        d.append(contentsOf: [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
        return d
    }
}
