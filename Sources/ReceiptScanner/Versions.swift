/// This tool's version: `--version`, and the journal's parse key (a new version re-parses stored
/// OCR text, which costs little, rather than serve rows an older parser made).
public let receiptsVersion = "0.18.0"

/// The C libraries in use, for `--version` and bug reports.
public var componentVersions: String {
    "tesseract \(TesseractEngine.version), \(Leptonica.version), \(CurlLibrary.version)"
}
