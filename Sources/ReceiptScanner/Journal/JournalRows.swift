import Foundation

/// One row as the journal holds it: what the last scan wrote for a path, what was read from its
/// content, and a person's decision on it. `receipts export` and `receipts review` read these
/// without touching any image.
public struct JournalRow: Sendable {
    /// The content's key (`sha256`, or `sha256#page=N` for a PDF page); nil when the file could
    /// not even be read.
    public var key: String?
    /// The row as `scan` would write it now, the review applied.
    public var result: ScanResult
    /// The row as the machine read it, before any review.
    public var machine: ScanResult
    public var ocrText: String?
    /// Quarter turns the upright step gave the image before the reading.
    public var quarterTurns = 0
    /// Where the reading's lines lie on the image as read.
    public var lineBoxes: [LineBox] = []

    /// Why the machine sent the row to review (or why it failed).
    public var reason: String? { machine.errorText }
}

extension Journal {
    /// Every row the journal knows, in the order their paths were first written.
    public func rows() -> [JournalRow] {
        rows(where: "", [])
    }

    /// The first row of this content (files with the same bytes share it).
    public func row(key: String) -> JournalRow? {
        rows(where: "WHERE p.sha256 = ?", [.text(key)]).first
    }

    private func rows(where filter: String, _ values: [SQLValue]) -> [JournalRow] {
        let found = read("""
            SELECT p.path, p.sha256, p.status, p.stage, p.error, p.duplicate_of, f.receipt, f.scan_status, f.scan_stage,
                   f.scan_error, f.ocr_text, f.quarter_turns, f.line_boxes
            FROM paths p LEFT JOIN files f ON f.sha256 = p.sha256 \(filter) ORDER BY p.seq
            """, values)
        return found.enumerated().map { makeRow($0.offset, $0.element) }
    }

    /// One row from the columns `rows(where:)` selects.
    private func makeRow(_ index: Int, _ c: [SQLValue]) -> JournalRow {
        let key = c[1].text
        let (file, page) = Self.splitPage(c[0].text ?? "", key: key)
        let sha = key.map { Self.splitPage($0, key: $0).0 }
        var row = ScanResult(index: index, file: file, status: ScanStatus(rawValue: c[2].text ?? "") ?? .failed,
                             sha256: sha)
        row.page = page
        row.duplicateOf = c[5].text
        row.receipt = c[6].text.flatMap { try? JSONDecoder().decode(Receipt.self, from: Data($0.utf8)) }
        if row.status == .failed {
            if c[7].text == "failed" {
                row.error = StageError(Stage(rawValue: c[8].text ?? "") ?? .ocr, c[9].text ?? "failed")
            } else if let stage = c[3].text.flatMap(Stage.init(rawValue:)), stage != .upload {
                let text = c[4].text ?? "failed"
                let message = text.hasPrefix(stage.rawValue + ": ") ? String(text.dropFirst(stage.rawValue.count + 2)) : text
                row.error = StageError(stage, String(message.split(separator: ";").first ?? "failed"))
            }
        }
        if let sha, let upload = read("SELECT url, status, error FROM uploads WHERE sha256 = ? ORDER BY updated DESC LIMIT 1",
                                      [.text(sha)]).first {
            row.uploadURL = upload[0].text
            if upload[1].text != "done" { row.uploadError = StageError(.upload, upload[2].text ?? "failed") }
        }
        let decision = key.flatMap { self.review(for: $0) }
        return JournalRow(key: key, result: row.applying(decision), machine: row, ocrText: c[10].text,
                          quarterTurns: c[11].int ?? 0, lineBoxes: c[12].text.map(LineBox.decode) ?? [])
    }

    /// The content key of the row written for `path`, as rows name it (`duplicate_of`: the file,
    /// with `#page=N` for a page).
    public func key(ofPath path: String) -> String? {
        read("SELECT sha256 FROM paths WHERE path = ?", [.text(path)]).first?.first?.text
    }

    /// `photo.pdf#page=2` and its page, when the content key says the row is a page.
    static func splitPage(_ path: String, key: String?) -> (String, Int?) {
        guard let key, let mark = key.range(of: "#page=", options: .backwards), let page = Int(key[mark.upperBound...]),
              path.hasSuffix("#page=\(page)") else { return (path, nil) }
        return (String(path.dropLast("#page=\(page)".count)), page)
    }
}

/// One line of a reading and its box on the image, as fractions of the image's width and height
/// (the review page's preview is the same image at another size).
public struct LineBox: Sendable, Hashable, Codable {
    public var text: String
    public var left: Double, top: Double, right: Double, bottom: Double

    /// The reading's line boxes as the journal keeps them; nil when it has none (a text layer).
    static func json(_ text: OCRText) -> String? {
        guard text.imageWidth > 0, text.imageHeight > 0, !text.lines.isEmpty else { return nil }
        let (w, h) = (Double(text.imageWidth), Double(text.imageHeight))
        func f(_ v: Int, _ of: Double) -> Double { (Double(v) / of * 10_000).rounded() / 10_000 }
        let boxes = text.lines.map { LineBox(text: $0.text, left: f($0.left, w), top: f($0.top, h), right: f($0.right, w), bottom: f($0.bottom, h)) }
        return (try? JSONEncoder().encode(boxes)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode(_ json: String) -> [LineBox] {
        (try? JSONDecoder().decode([LineBox].self, from: Data(json.utf8))) ?? []
    }
}
