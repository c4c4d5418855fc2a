import CLeptonica
import Foundation

/// A receipt's image as the scan read it, for a person to check the fields against: decoded with
/// its EXIF orientation, grey, cropped to the paper and the print, deskewed (the image steps of
/// `--prepare auto`), reduced to a size a browser shows at once, as JPEG.
public enum ReceiptPreview {
    /// Longer side of the preview: enough to read a receipt's small print when zoomed.
    public static let maxSide = 2400

    /// The preview of the file at `path`, which must still hold the bytes scanned as `sha256`.
    /// `quarterTurns`: the turn the upright step found (the journal keeps it).
    public static func jpeg(path: String, sha256: String, page: Int?, quarterTurns: Int = 0) -> Result<[UInt8], StageError> {
        let loader = ImageLoader()
        let bytes: [UInt8]
        switch loader.read(path) {
        case .failure(let error): return .failure(error)
        case .success(let read): bytes = read
        }
        guard SHA256.hex(bytes) == sha256 else {
            return .failure(StageError(.load, "\(path) changed since it was scanned; scan it again"))
        }
        let decoded: Result<Pix, StageError>
        if let page {
            switch PDFPage.read(bytes, page: page, limits: loader.limits) {
            case .text: return .failure(StageError(.load, "page \(page) was read from its text layer; there is no image"))
            case .image(let rendered): decoded = rendered
            }
        } else {
            decoded = loader.decode(bytes, format: ImageFormat.sniff(bytes.prefix(64)) ?? .jpeg)
        }
        switch decoded {
        case .failure(let error): return .failure(error)
        case .success(let pix):
            var prepared = Preparation.prepare(pix, steps: [.grey, .paper, .content, .deskew])
            if quarterTurns % 4 != 0, let turned = prepared.rotated(quarterTurns: quarterTurns) {
                prepared = Preparation.deskew(turned) ?? turned  // as the upright step did
            }
            let longer = max(prepared.width, prepared.height)
            let shown = longer > maxSide ? prepared.scaled(by: Float(maxSide) / Float(longer)) ?? prepared : prepared
            guard let jpeg = shown.jpeg() else { return .failure(StageError(.load, "the image could not be encoded as JPEG")) }
            return .success(jpeg)
        }
    }
}

extension Pix {
    /// The image as JPEG bytes (quality 85).
    func jpeg() -> [UInt8]? {
        withPointer { pointer in
            var data: UnsafeMutablePointer<UInt8>?
            var size = 0
            guard pixWriteMemJpeg(&data, &size, pointer, 85, 0) == 0, let data else { return nil }
            defer { lept_free(data) }
            return Array(UnsafeBufferPointer(start: data, count: size))
        }
    }
}
