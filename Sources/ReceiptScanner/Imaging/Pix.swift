import CLeptonica

/// Owns one Leptonica `PIX` and destroys it in `deinit`.
///
/// Thread rules: a `Pix` is handed from stage to stage (loader thread, then one OCR thread) and
/// used by one thread at a time; nothing mutates it after loading. That hand-off through the
/// pipeline's locked queues is why `@unchecked Sendable` is safe here.
public final class Pix: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<PIX>

    /// Takes ownership of a PIX returned by a Leptonica constructor; nil if it returned NULL.
    init?(taking pointer: UnsafeMutablePointer<PIX>?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pointer
        pixDestroy(&p)
    }

    /// A new image from a Leptonica function of this one, with this one kept alive for the call
    /// (Swift may release a local right after its last use, which would be the read of `pointer`).
    func map(_ transform: (UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>?) -> Pix? {
        withExtendedLifetime(self) { Pix(taking: transform(pointer)) }
    }

    /// Calls a Leptonica function that reads this image, with the image kept alive for the call.
    func withPointer<T>(_ body: (UnsafeMutablePointer<PIX>) -> T) -> T {
        withExtendedLifetime(self) { body(pointer) }
    }

    public var width: Int { Int(pixGetWidth(pointer)) }
    public var height: Int { Int(pixGetHeight(pointer)) }
    public var resolution: Int { Int(pixGetXRes(pointer)) }
    public var depth: Int { Int(pixGetDepth(pointer)) }

    /// This image as 8-bit grey: itself when it already is, else a converted copy.
    func grayscale() -> Pix? {
        guard depth != 8 else { return self }
        let gray = Pix(taking: pixConvertTo8(pointer, 0))
        gray?.setResolution(resolution)
        return gray
    }

    func setResolution(_ dpi: Int) {
        pixSetResolution(pointer, Int32(dpi), Int32(dpi))
    }

    /// A copy of the rectangle (clipped to the image), at the same resolution.
    func cropped(left: Int, top: Int, width: Int, height: Int) -> Pix? {
        var box: UnsafeMutablePointer<BOX>? = boxCreate(Int32(left), Int32(top), Int32(width), Int32(height))
        defer { boxDestroy(&box) }
        let copy = Pix(taking: pixClipRectangle(pointer, box, nil))
        copy?.setResolution(resolution)
        return copy
    }

    /// This image in grey, scaled by `factor` (linear interpolation), its resolution scaled too.
    func scaled(by factor: Float) -> Pix? {
        guard let scaled = grayscale()?.map({ pixScaleGrayLI($0, factor, factor) }) else { return nil }
        scaled.setResolution(Int(Float(resolution) * factor))
        return scaled
    }

    /// This image in grey reduced by `factor` (under 1) by area averaging, which keeps thin
    /// print that interpolation would skip; its resolution scaled too.
    func reduced(by factor: Float) -> Pix? {
        guard let reduced = grayscale()?.map({ pixScaleAreaMap($0, factor, factor) }) else { return nil }
        reduced.setResolution(Int(Float(resolution) * factor))
        return reduced
    }

    /// This image in grey with its height alone scaled by `factor` (Leptonica's scale, which
    /// smooths when it reduces), its width kept.
    func squashed(by factor: Float) -> Pix? {
        grayscale()?.map { pixScale($0, 1, factor) }
    }

    /// A new image turned by `quarterTurns` x 90 degrees clockwise.
    func rotated(quarterTurns: Int) -> Pix? {
        let q = ((quarterTurns % 4) + 4) % 4
        return q == 0 ? self : Pix(taking: pixRotateOrth(pointer, Int32(q)))
    }

    /// The foreground pixels of a 1-bit image inside a rectangle.
    func count(in region: Preparation.Region) -> Int {
        var box: UnsafeMutablePointer<BOX>? = boxCreate(region.x, region.y, region.w, region.h)
        defer { boxDestroy(&box) }
        var n: Int32 = 0
        return withPointer { pixCountPixelsInRect($0, box, &n, nil) } == 0 ? Int(n) : 0
    }

    /// A new image mirrored left-to-right.
    func mirrored() -> Pix? {
        Pix(taking: pixFlipLR(nil, pointer))
    }
}

/// One-time Leptonica set-up: its messages go nowhere (errors reach the user as row values).
public enum Leptonica {
    static let initialised: Void = {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }()
}
