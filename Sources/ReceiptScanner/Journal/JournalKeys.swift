import Foundation

/// What a re-run may reuse from the journal.
public struct ResumePolicy: Sendable {
    /// Redo every stage of every file, whatever the journal says (`--force`).
    public var force = false
    /// Try stages that failed before again (`--retry-failed`, the default).
    public var retryFailed = true
    /// Runs that may try one file's stage before its failure is taken as final.
    public var maxAttempts = 3
    /// Parse stored readings again even under the same parser key (`receipts eval --journal`:
    /// a parser being changed keeps its version).
    public var reparse = false

    public init() {}

    func mayRetry(afterAttempts attempts: Int) -> Bool { retryFailed && attempts < maxAttempts }
}

extension ScanConfiguration {
    /// The settings that shape the OCR text: a journal entry made under others is redone.
    /// The revision (`scan-rN`) rises when this tool's own preparation or OCR changes what it
    /// reads; the steps are named, not their preset, so a preset that gains a step reads again.
    var scanKey: String {
        "scan-r10 lang=\(ocr.language) psm=\(ocr.pageSegmentationMode) prepare=\(preparationKey) "
            + "max-mpx=\(images.maxMegapixels) dpi=\(images.defaultDPI) \(componentVersions)"
    }

    /// The steps in the order they run (`grey+deskew`), or `none`.
    private var preparationKey: String {
        steps.isEmpty ? "none" : steps.sorted().map(\.rawValue).joined(separator: "+")
    }

    /// The settings that shape parsing of that text, and the version of the parser's rules.
    var parseKey: String {
        var key = "parse \(receiptsVersion) order=\(parser.dateOrder?.rawValue ?? "auto") currency=\(parser.defaultCurrency ?? "-")"
        if let rules = parser.rules { key += " rules=" + SHA256.hex(Array(rules.fingerprint.utf8)) }
        return key
    }
}

extension RulesFile {
    /// Every rule's content in a stable order (dictionaries sorted), for `parseKey`.
    var fingerprint: String {
        merchants.map { m in
            [m.name, m.match.joined(separator: "\u{1}"), m.dateOrder?.rawValue ?? "", m.currency ?? "",
             m.ignoreLines.joined(separator: "\u{1}"), m.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}"),
             m.account ?? ""].joined(separator: "\u{2}")
        }.joined(separator: "\u{3}")
    }
}

/// The same receipt in two files: the same date, the same total within a cent, and merchant
/// names that match allowing for OCR noise ("Pei KOPI HOUSE" is "KOPI HOUSE").
struct DuplicateKey: Sendable {
    /// Date and total in cents: the receipt's own key first, then a cent either side.
    var keys: [String]
    /// Letters and digits of the merchant's name, lower-cased.
    var merchant: String

    init?(_ receipt: Receipt?) {
        guard let receipt, let date = receipt.date, let total = receipt.total,
              let merchant = receipt.merchant.map(Self.normalise), merchant.count >= 3 else { return nil }
        var cents = total.amount * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &cents, 0, .plain)
        let c = NSDecimalNumber(decimal: rounded).intValue
        keys = [c, c - 1, c + 1].map { "\(date)|\($0)" }
        self.merchant = merchant
    }

    static func normalise(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init).prefix(60))
    }

    /// One name inside the other (a word of OCR noise around it), or at most a fifth of the
    /// characters different.
    static func sameMerchant(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.count >= 6 && long.contains(short) { return true }
        return editDistance(a, b) * 5 <= max(a.count, b.count)
    }
}
