import CLeptonica
@testable import ReceiptScanner

extension ReceiptScanner.Pix {
    /// A grey copy of this image with a rectangle's light scaled by `light` (0.7: paper at 70% of
    /// its light), as shade from a glare sheet or a hand falls on a photographed slip. The one
    /// place the tests reach Leptonica, so that they hold no C types.
    func shaded(left: Int, top: Int, width: Int, height: Int, light: Float) -> ReceiptScanner.Pix? {
        guard let copy = grayscale()?.map({ pixCopy(nil, $0) }),
              let region = copy.cropped(left: left, top: top, width: width, height: height) else { return nil }
        _ = region.withPointer { pixMultConstantGray($0, light) }
        _ = copy.withPointer { target in
            region.withPointer { pixRasterop(target, Int32(left), Int32(top), Int32(width), Int32(height), Int32(PIX_SRC), $0, 0, 0) }
        }
        copy.setResolution(resolution)
        return copy
    }
}
