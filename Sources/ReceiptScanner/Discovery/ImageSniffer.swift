/// Image formats recognised by their first bytes, never by file extension.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg, png, tiff, gif, bmp, webp, jp2, pnm
    case heic  // decoded with libheif
    case pdf  // each page: its text layer, or rendered with Poppler for OCR

    /// Formats decoded as one image (PDF pages are rendered one by one instead).
    public var isDecodable: Bool { self != .pdf }

    /// Sniffs a format from the first bytes of a file (16 are enough).
    public static func sniff<C: Collection<UInt8>>(_ head: C) -> ImageFormat? {
        let b = Array(head.prefix(16))
        func starts(_ p: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + p.count && Array(b[offset..<offset + p.count]) == p
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("BM".utf8)), b.count >= 14 { return .bmp }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) { return .jp2 }
        if starts(Array("ftyp".utf8), at: 4), b.count >= 12 {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif"].contains(brand) { return .heic }
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if b.count >= 3, b[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(b[1]),
           [0x0A, 0x0D, 0x20, 0x09].contains(b[2]) { return .pnm }
        return nil
    }

    /// File-name extensions that claim an image: such a file that is not one gets a failed row
    /// instead of being skipped silently.
    static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "jpe", "png", "tif", "tiff", "gif", "bmp", "webp", "jp2", "j2k",
        "pnm", "pbm", "pgm", "ppm", "heic", "heif", "pdf",
    ]
}
