import Foundation

/// How an original is named at the destination: `{sha256}.{ext}` by default, so a retry or a
/// re-run writes the same object. Placeholders: {sha256} {name} {ext} {date} {year} {month} {merchant}.
public struct ObjectNameTemplate: Sendable, Equatable {
    public let template: String

    public static let contentAddressed = ObjectNameTemplate(unchecked: "{sha256}.{ext}")
    static let placeholders: Set<String> = ["sha256", "name", "ext", "date", "year", "month", "merchant"]

    private init(unchecked template: String) { self.template = template }

    public init(_ template: String) throws(SetupError) {
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw SetupError("--object-name \(template): '{' without '}'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard Self.placeholders.contains(name) else {
                throw SetupError("--object-name \(template): unknown {\(name)}; use " + Self.placeholders.sorted().map { "{\($0)}" }.joined(separator: " "))
            }
            rest = rest[rest.index(after: close)...]
        }
        guard !template.trimmingCharacters(in: .whitespaces).isEmpty else { throw SetupError("--object-name is empty") }
        self.template = template
    }

    /// True when the name needs the parsed receipt, so the upload waits for parsing.
    public var needsReceipt: Bool {
        ["{date}", "{year}", "{month}", "{merchant}"].contains { template.contains($0) }
    }

    /// The object name for one file: placeholders filled, then made safe as a relative path.
    func render(sha256: String, path: String, format: ImageFormat?, receipt: Receipt?) -> String {
        let base = (path as NSString).lastPathComponent
        let stem = (base as NSString).deletingPathExtension
        let date = receipt?.date
        let values: [String: String] = [
            "sha256": sha256,
            "name": stem,
            "ext": format?.fileExtension ?? ((base as NSString).pathExtension.lowercased().nilIfEmpty ?? "bin"),
            "date": date.map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) } ?? "undated",
            "year": date.map { String(format: "%04d", $0.year) } ?? "undated",
            "month": date.map { String(format: "%02d", $0.month) } ?? "undated",
            "merchant": receipt?.merchant ?? "unknown",
        ]
        var out = template
        for (key, value) in values {
            // A value is one path segment: its own slashes must not make folders.
            out = out.replacingOccurrences(of: "{\(key)}", with: value.replacingOccurrences(of: "/", with: "-"))
        }
        return Self.sanitise(out, fallback: "\(sha256).\(values["ext"]!)")
    }

    /// A relative path of safe segments: ASCII letters, digits and `._-`, no `..`, no empty or
    /// hidden segments, no control characters; diacritics folded (Müller -> Muller).
    static func sanitise(_ name: String, fallback: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let segments = folded.split(separator: "/").compactMap { segment -> String? in
            var s = ""
            for scalar in segment.unicodeScalars {
                let c = Character(scalar)
                if scalar.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") {
                    s.append(c)
                } else if s.last != "-" {
                    s.append("-")
                }
            }
            s = String(s.drop { $0 == "." || $0 == "-" })  // no "..", no hidden files
            s = String(s.prefix(120))
            return s.isEmpty ? nil : s
        }
        return segments.isEmpty ? fallback : segments.joined(separator: "/")
    }
}

extension ImageFormat {
    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .jp2: "jp2"
        case .tiff: "tif"
        default: rawValue
        }
    }

    var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .pdf: "application/pdf"
        case .pnm: "image/x-portable-anymap"
        case .tiff: "image/tiff"
        default: "image/\(rawValue)"
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
