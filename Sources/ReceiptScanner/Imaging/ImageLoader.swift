import CLeptonica
import Foundation

/// Limits and defaults for reading images.
public struct ImageLimits: Sendable {
    /// Refuse images over this many pixels before decoding them.
    public var maxMegapixels: Double = 100
    /// Resolution to assume when a file has none or an implausible one.
    public var defaultDPI: Int = 300
    /// Declared resolutions outside this range are not believed (phones write 72).
    public var plausibleDPI: ClosedRange<Int> = 150...1200

    public init(maxMegapixels: Double = 100) {
        self.maxMegapixels = maxMegapixels
    }

    /// Why an image of this size is refused, or nil when it is within the limit.
    func refusal(width: Int, height: Int) -> StageError? {
        let megapixels = Double(width) * Double(height) / 1_000_000
        guard megapixels > maxMegapixels else { return nil }
        return StageError(.load, String(format: "image is %dx%d px (%.1f Mpx), over the %g Mpx limit; pass --max-megapixels to raise it",
                                         width, height, megapixels, maxMegapixels))
    }
}

/// Loads an image file with Leptonica: header check first, then decode, EXIF orientation,
/// and a credible resolution. Stateless; safe to call from any thread.
public struct ImageLoader: Sendable {
    public var limits: ImageLimits

    public init(limits: ImageLimits = ImageLimits()) {
        self.limits = limits
        Leptonica.initialised
    }

    /// The file's SHA-256 (when it could be read) and the decoded image or why not.
    public func load(_ path: String, format: ImageFormat) -> (sha256: String?, image: Result<Pix, StageError>) {
        switch read(path) {
        case .failure(let error): return (nil, .failure(error))
        case .success(let bytes): return (SHA256.hex(bytes), decode(bytes, format: format))
        }
    }

    /// The file's bytes, or why they cannot be read.
    public func read(_ path: String) -> Result<[UInt8], StageError> {
        do { return .success([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) } catch {
            return .failure(StageError(.load, "cannot read: \(error.localizedDescription)"))
        }
    }

    /// Decodes image bytes: header check, decode, EXIF orientation, resolution.
    public func decode(_ bytes: [UInt8], format: ImageFormat) -> Result<Pix, StageError> {
        func fail(_ message: String) -> Result<Pix, StageError> { .failure(StageError(.load, message)) }
        guard format.isDecodable else {
            return fail("\(format.rawValue.uppercased()) files are not read yet; convert to JPEG or PNG")
        }
        if bytes.isEmpty { return fail("empty file (0 bytes)") }
        if format == .heic { return HeifDecoder.decode(bytes, limits: limits).map(withResolution) }

        var fmt: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        let headerOK = bytes.withUnsafeBufferPointer {
            pixReadHeaderMem($0.baseAddress, $0.count, &fmt, &w, &h, &bps, &spp, &cmap) == 0
        }
        guard headerOK, w > 0, h > 0 else {
            return fail("cannot read the image header: the \(format.rawValue.uppercased()) file is corrupt or truncated")
        }
        if let refusal = limits.refusal(width: Int(w), height: Int(h)) { return .failure(refusal) }
        if format == .jpeg, !Self.hasEndOfImage(bytes) {
            return fail("the JPEG file is truncated (no end-of-image marker); re-export or re-copy it")
        }
        let reduction = format == .jpeg ? Self.jpegReduction(width: Int(w), height: Int(h)) : 1
        let decoded = bytes.withUnsafeBufferPointer { buffer in
            reduction > 1 ? Pix(taking: pixReadMemJpeg(buffer.baseAddress, buffer.count, 0, Int32(reduction), nil, 0))
                          : Pix(taking: pixReadMem(buffer.baseAddress, buffer.count))
        }
        guard var pix = decoded else {
            return fail("cannot decode the \(format.rawValue.uppercased()) data: the file is corrupt or truncated")
        }
        // Leptonica keeps the header's resolution for a reduced decode: the print is now at 1/n.
        if reduction > 1, pix.resolution > 0 { pix.setResolution(pix.resolution / reduction) }
        if format == .jpeg, let orientation = ExifOrientation.read(jpeg: bytes),
           let upright = Self.applyOrientation(orientation, to: pix) {
            pix = upright
        }
        return .success(withResolution(pix))
    }

    /// JPEGs over this many pixels (A4 pages scanned at 600 dpi: 35 Mpx) are decoded at half
    /// size by libjpeg's scaled decoding: their print lands at the size Tesseract reads best,
    /// and a page is held at a quarter of the memory (140 MB in colour at full size).
    static let halfDecodeAbove = 20_000_000

    static func jpegReduction(width: Int, height: Int) -> Int {
        width * height > halfDecodeAbove ? 2 : 1
    }

    /// Phones write 72 dpi or nothing: Tesseract then misjudges text size, so use the default.
    private func withResolution(_ pix: Pix) -> Pix {
        if !limits.plausibleDPI.contains(pix.resolution) { pix.setResolution(limits.defaultDPI) }
        return pix
    }

    /// JPEGs end with FF D9; trailing padding or metadata after it is common, so look near the end.
    static func hasEndOfImage(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(4096)
        var previous: UInt8 = 0
        for b in tail {
            if previous == 0xFF, b == 0xD9 { return true }
            previous = b
        }
        return false
    }

    /// EXIF orientations 2...8 as turns and mirrors (values per the EXIF 2.3 specification).
    static func applyOrientation(_ orientation: Int, to pix: Pix) -> Pix? {
        switch orientation {
        case 2: return pix.mirrored()
        case 3: return pix.rotated(quarterTurns: 2)
        case 4: return pix.rotated(quarterTurns: 2)?.mirrored()
        case 5: return pix.rotated(quarterTurns: 1)?.mirrored()
        case 6: return pix.rotated(quarterTurns: 1)
        case 7: return pix.rotated(quarterTurns: 3)?.mirrored()
        case 8: return pix.rotated(quarterTurns: 3)
        default: return nil
        }
    }
}
