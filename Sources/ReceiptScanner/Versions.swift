/// The C libraries in use, for `--version` and bug reports.
public var componentVersions: String {
    "tesseract \(TesseractEngine.version), \(Leptonica.version), \(CurlLibrary.version)"
}
