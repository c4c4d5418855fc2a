import CLeptonica

/// How much preparation an image gets before OCR.
public enum PrepareMode: String, Sendable, CaseIterable {
    /// Steps measured to help (see the README): crop to the paper and to the content, deskew.
    /// (Scaling narrow scans up to 1200 px gained 3 totals of 160 on SROIE but lost merchants and
    /// totals on the rendered fixtures, so it is not applied.)
    case auto
    /// The image as loaded (orientation and resolution only).
    case none
}

/// Leptonica preparation steps, each a small function from one image to a new one (or nil when
/// the step does not apply). Stateless; safe on any thread.
public enum Preparation {
    public static func prepare(_ pix: Pix, mode: PrepareMode) -> Pix {
        // Grey once, up front: every step works on grey, and Tesseract converts colour anyway.
        guard mode == .auto, let gray = pix.grayscale() else { return pix }
        let paper = cropToPaper(gray) ?? gray
        let cropped = cropToContent(paper) ?? paper
        return deskew(cropped) ?? cropped
    }

    /// A receipt lying on a darker background (a scanner lid, a table): crops to the largest
    /// bright region, the paper. Runs on a quarter-size copy: pixels lighter than 200 are paper,
    /// text holes in it are closed, and the biggest connected region's box (plus a margin) is kept
    /// when it covers between 5% and 70% of the image. A white page fills the image: no crop.
    static func cropToPaper(_ pix: Pix) -> Pix? {
        let (w, h) = (pix.width, pix.height)
        let scale: Float = 0.25
        guard w >= 400, h >= 400,
              let gray = pix.grayscale(),
              let small = Pix(taking: pixScaleAreaMap(gray.pointer, scale, scale)),
              let dark = Pix(taking: pixThresholdToBinary(small.pointer, 200)),
              let paper = Pix(taking: pixInvert(nil, dark.pointer)),
              let solid = Pix(taking: pixCloseBrick(nil, paper.pointer, 15, 15)),
              let clean = Pix(taking: pixOpenBrick(nil, solid.pointer, 9, 9)) else { return nil }
        guard let boxes = pixConnCompBB(clean.pointer, 8) else { return nil }
        defer { var b: UnsafeMutablePointer<BOXA>? = boxes; boxaDestroy(&b) }
        var best = (x: Int32(0), y: Int32(0), w: Int32(0), h: Int32(0))
        for i in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
            boxaGetBoxGeometry(boxes, i, &x, &y, &bw, &bh)
            if Int(bw) * Int(bh) > Int(best.w) * Int(best.h) { best = (x, y, bw, bh) }
        }
        let area = Float(best.w) * Float(best.h), whole = Float(w) * Float(h) * scale * scale
        guard area > whole * 0.05, area < whole * 0.7 else { return nil }
        let margin = max(w, h) / 100
        let left = max(0, Int(Float(best.x) / scale) - margin), top = max(0, Int(Float(best.y) / scale) - margin)
        let right = min(w, Int(Float(best.x + best.w) / scale) + margin)
        let bottom = min(h, Int(Float(best.y + best.h) / scale) + margin)
        return pix.cropped(left: left, top: top, width: right - left, height: bottom - top)
    }

    /// A tilted page (a receipt photographed or fed at an angle): Leptonica finds the skew within
    /// +-12 degrees from the text lines, and the page is turned back. Skipped below half a degree
    /// (Tesseract copes; rotating only blurs) and when the skew search is unsure. Leptonica's own
    /// deskew wants a confidence of 3, which the tilted fixtures (2.7-2.9) missed; 2 is used here.
    static func deskew(_ pix: Pix) -> Pix? {
        var angle: Float = 0, confidence: Float = 0
        // The search runs on a binary copy (sweep at 1/4 size, refine at 1/2, 1-degree steps).
        guard let gray = pix.grayscale(),
              let binary = Pix(taking: pixThresholdToBinary(gray.pointer, 130)),
              pixFindSkewSweepAndSearch(binary.pointer, &angle, &confidence, 4, 2, 12, 1, 0.01) == 0,
              abs(angle) >= 0.5, confidence >= 2,
              let straight = Pix(taking: pixRotate(gray.pointer, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP),
                                                   Int32(L_BRING_IN_WHITE), 0, 0)) else { return nil }
        straight.setResolution(pix.resolution)
        return straight
    }

    /// A large scan or photo with the receipt in part of it (an A4 page holding a till slip):
    /// crops to the box around everything darker than the paper, plus a margin. The search runs
    /// on a quarter-size copy; text is merged into blocks (closing) and specks dropped (opening).
    /// Skipped for images under 6 Mpx and when the box would keep most of the image.
    static func cropToContent(_ pix: Pix) -> Pix? {
        let (w, h) = (pix.width, pix.height)
        guard w * h > 6_000_000 else { return nil }
        let scale: Float = 0.25
        guard let gray = pix.grayscale(),
              let small = Pix(taking: pixScaleAreaMap(gray.pointer, scale, scale)),
              let dark = Pix(taking: pixThresholdToBinary(small.pointer, 190)),
              let merged = Pix(taking: pixCloseBrick(nil, dark.pointer, 9, 9)),
              let blocks = Pix(taking: pixOpenBrick(nil, merged.pointer, 5, 5)) else { return nil }
        var found: UnsafeMutablePointer<BOX>?
        guard pixClipToForeground(blocks.pointer, nil, &found) == 0, let found else { return nil }
        var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
        boxGetGeometry(found, &x, &y, &bw, &bh)
        var owned: UnsafeMutablePointer<BOX>? = found
        boxDestroy(&owned)
        let margin = max(w, h) / 50
        let left = max(0, Int(Float(x) / scale) - margin), top = max(0, Int(Float(y) / scale) - margin)
        let right = min(w, Int(Float(x + bw) / scale) + margin), bottom = min(h, Int(Float(y + bh) / scale) + margin)
        guard right > left, bottom > top, (right - left) * (bottom - top) < w * h * 6 / 10 else { return nil }
        return pix.cropped(left: left, top: top, width: right - left, height: bottom - top)
    }
}
