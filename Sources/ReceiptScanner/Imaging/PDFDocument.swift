import CLeptonica
import CPoppler
import Foundation

/// A PDF opened with Poppler (receipts mailed as PDF): its pages' text layers, and pages rendered
/// to images for OCR. Owns the PopplerDocument and the bytes Poppler reads in place; used by one
/// thread (a loader) and dropped there.
final class PDFDocument {
    private let bytes: UnsafeMutableRawBufferPointer
    private let document: OpaquePointer

    /// Most pages read of one PDF: a receipt has one or a few; a long document is not a receipt.
    static let maxPages = 50

    init(_ data: [UInt8]) throws(StageError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, data.count), alignment: 16)
        data.withUnsafeBytes { copy.copyMemory(from: $0) }
        var message: UnsafeMutablePointer<CChar>?
        guard let document = receipts_pdf_open(copy.baseAddress, data.count, &message) else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            g_free(message)
            copy.deallocate()
            throw StageError(.load, "cannot read the PDF: \(text)")
        }
        bytes = copy
        self.document = document
    }

    deinit {
        receipts_pdf_close(document)
        bytes.deallocate()
    }

    var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The page's text layer when it has one worth reading (a scanned PDF has none, or a few
    /// stray characters): then OCR is not needed.
    func text(page: Int) -> String? {
        guard let raw = receipts_pdf_page_text(document, Int32(page - 1)) else { return nil }
        defer { g_free(raw) }
        let text = String(cString: raw)
        return text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.count >= 20 ? text : nil
    }

    /// The page (1-based) rendered at `dpi` as a 32 bpp image, within the megapixel limit.
    func render(page: Int, dpi: Int, limits: ImageLimits) -> Result<Pix, StageError> {
        var w = 0.0, h = 0.0
        receipts_pdf_page_size(document, Int32(page - 1), &w, &h)
        guard w > 0, h > 0 else { return .failure(StageError(.load, "the PDF has no page \(page)")) }
        var scale = Double(dpi) / 72
        // A poster-size page: render smaller rather than refuse it.
        let megapixels = w * scale * h * scale / 1_000_000
        if megapixels > limits.maxMegapixels { scale *= (limits.maxMegapixels / megapixels).squareRoot() }
        let width = Int((w * scale).rounded()), height = Int((h * scale).rounded())
        guard let pix = Pix(taking: pixCreate(Int32(width), Int32(height), 32)) else {
            return .failure(StageError(.load, "cannot allocate a \(width)x\(height) image for PDF page \(page)"))
        }
        var pixels = [UInt32](repeating: 0, count: width * height)
        guard receipts_pdf_render(document, Int32(page - 1), scale, Int32(width), Int32(height), &pixels) == 0 else {
            return .failure(StageError(.load, "cannot render PDF page \(page)"))
        }
        // Cairo's 0x00RRGGBB words become Leptonica's 0xRRGGBB00.
        let words = pixGetData(pix.pointer)!
        let wpl = Int(pixGetWpl(pix.pointer))
        for y in 0..<height {
            for x in 0..<width { words[y * wpl + x] = pixels[y * width + x] << 8 }
        }
        pix.setResolution(Int((scale * 72).rounded()))  // pixels per inch actually rendered
        return .success(pix)
    }
}

/// What one PDF page gives the pipeline: text to parse, or an image to read.
public enum PDFPage {
    case text(String)
    case image(Result<Pix, StageError>)

    /// PDFs are rendered at 300 dpi, the resolution Tesseract reads receipts best at.
    static let dpi = 300

    public static func read(_ bytes: [UInt8], page: Int, limits: ImageLimits) -> PDFPage {
        let pdf: PDFDocument
        do { pdf = try PDFDocument(bytes) } catch { return .image(.failure(error)) }
        if let text = pdf.text(page: page) { return .text(text) }
        return .image(pdf.render(page: page, dpi: dpi, limits: limits))
    }
}
