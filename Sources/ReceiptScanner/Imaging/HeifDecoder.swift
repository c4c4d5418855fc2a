import CHeif
import CLeptonica

/// Decodes HEIC/HEIF (phones' default photo format) with libheif into a Leptonica image.
/// libheif applies the file's rotation and mirroring (irot/imir) itself, so the result is upright.
/// Every libheif object is created and released inside `decode`; nothing outlives the call.
enum HeifDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) -> Result<Pix, StageError> {
        func fail(_ message: String) -> Result<Pix, StageError> { .failure(StageError(.load, message)) }
        func text(_ error: heif_error) -> String { error.message.map { String(cString: $0) } ?? "error \(error.code.rawValue)" }
        guard let context = heif_context_alloc() else { return fail("libheif could not start") }
        defer { heif_context_free(context) }
        return bytes.withUnsafeBytes { buffer -> Result<Pix, StageError> in
            // The context reads `buffer` in place: it must not outlive this closure (it does not).
            let read = heif_context_read_from_memory_without_copy(context, buffer.baseAddress, buffer.count, nil)
            guard read.code == heif_error_Ok else { return fail("cannot read the HEIC file: \(text(read))") }
            var handle: OpaquePointer?
            let primary = heif_context_get_primary_image_handle(context, &handle)
            guard primary.code == heif_error_Ok, let handle else { return fail("the HEIC file has no image: \(text(primary))") }
            defer { heif_image_handle_release(handle) }

            let w = Int(heif_image_handle_get_width(handle)), h = Int(heif_image_handle_get_height(handle))
            if let refusal = limits.refusal(width: w, height: h) { return .failure(refusal) }
            var image: OpaquePointer?
            let decoded = heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil)
            guard decoded.code == heif_error_Ok, let image else { return fail("cannot decode the HEIC image: \(text(decoded))") }
            defer { heif_image_release(image) }

            var stride: Int32 = 0
            guard let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride) else {
                return fail("cannot decode the HEIC image: no pixel data")
            }
            let width = Int(heif_image_get_width(image, heif_channel_interleaved))
            let height = Int(heif_image_get_height(image, heif_channel_interleaved))
            guard width > 0, height > 0, let pix = Pix(taking: pixCreate(Int32(width), Int32(height), 32)) else {
                return fail("cannot decode the HEIC image: empty")
            }
            // Leptonica keeps a 32 bpp pixel as one word 0xRRGGBBAA.
            let words = pixGetData(pix.pointer)!
            let wpl = Int(pixGetWpl(pix.pointer))
            for y in 0..<height {
                let row = plane + y * Int(stride)
                let out = words + y * wpl
                for x in 0..<width {
                    let r = UInt32(row[3 * x]), g = UInt32(row[3 * x + 1]), b = UInt32(row[3 * x + 2])
                    out[x] = (r << 24) | (g << 16) | (b << 8)
                }
            }
            return .success(pix)
        }
    }
}
