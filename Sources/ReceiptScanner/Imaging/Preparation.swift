import CLeptonica

/// How much preparation an image gets before OCR: a preset of steps.
public enum PrepareMode: String, Sendable, CaseIterable {
    /// The steps measured to help (README, "Image preparation, step by step").
    case auto
    /// The image as loaded (orientation and resolution only), read once.
    case none

    public var steps: Set<PreparationStep> {
        switch self {
        case .auto: PreparationStep.auto
        case .none: []
        }
    }
}

/// One step of image preparation or reading, switched on or off by name for experiments
/// (`--add-step`, `--skip-step`). The ones in `auto` were measured to help on the dev set; the
/// others were measured not to and stay available to measure again.
public enum PreparationStep: String, Sendable, CaseIterable, Comparable {
    /// Convert to 8-bit grey once, before the other steps.
    case grey
    /// Scale a page whose print is large (a phone's full-size photo) down to the size read best.
    case largePrint = "large-print"
    /// Crop a receipt out of a darker background (the largest bright region).
    case paper
    /// Crop a large page (over 6 Mpx) to its content.
    case content
    /// Straighten text tilted up to 12 degrees.
    case deskew
    /// Scale narrow scans (under 1000 px wide) up to 1200 px.
    case upscale
    /// Even out uneven light (Leptonica's background normalisation).
    case background
    /// Binarise with Sauvola's adaptive threshold.
    case sauvola
    /// Read an unevenly lit photo again with its light evened out when the first reading leaves
    /// the row to review; keep that reading when it passes every check.
    case relight
    /// Read again scaled up when the first reading's lines are small (web-sized photos).
    case smallPrint = "small-print"
    /// Read again from a local-threshold binary image when the first reading is nearly empty.
    case rescue
    /// Find the way up of a doubtful reading by reading the other quarter turns.
    case upright
    /// Read the header (merchant, address) again with Tesseract's Latin-script model.
    case header
    /// Read the total's line again twice (Latin-script model; English at twice the scale) when
    /// nothing vouches for the total, and take the amount both read when the first differs.
    case totalLook = "total-look"
    /// Read the total's, the subtotal's, the taxes' and the payment's lines again twice when
    /// nothing vouches for the total, and take the fewest new readings that make them add up.
    case sumsLook = "sums-look"
    /// Read the date's line again twice (as `total-look`, but always: no check vouches for a
    /// date), and take the date both read when the first differs.
    case dateLook = "date-look"
    /// Read both lines of two dates printed one digit apart twice more each (as `date-look`),
    /// and take the date most of the readings give.
    case dateTwins = "date-twins"
    /// Read again in sparse-text mode when the date or total is missing.
    case secondLook = "second-look"
    /// Read a date still missing after the second look from the image enlarged (up to 3x).
    case missingDate = "missing-date"

    public static let auto: Set<PreparationStep> = [.grey, .largePrint, .paper, .content, .deskew, .relight, .smallPrint, .rescue, .upright, .header,
                                                    .totalLook, .sumsLook, .dateLook, .dateTwins, .secondLook, .missingDate]

    public var summary: String {
        switch self {
        case .grey: "convert to grey once, up front"
        case .largePrint: "scale pages whose print is over \(Int(Preparation.largePrint)) px high (full-size phone photos) down to about \(Int(Preparation.printTarget)) px"
        case .paper: "crop a receipt out of a darker background"
        case .content: "crop pages over 6 Mpx to their content"
        case .deskew: "straighten text tilted up to 12 degrees"
        case .upscale: "scale scans under 1000 px wide up to 1200 px"
        case .background: "even out uneven light (background normalisation)"
        case .sauvola: "binarise with Sauvola's adaptive threshold"
        case .relight: "read a photo with uneven light (shade, the table in view) again with the light evened out when the row would go to review; keep that reading when it passes every check"
        case .smallPrint: "read an unsure reading of small print (lines under \(SmallPrint.targetLineHeight) px) again scaled up; keep it when clearly surer"
        case .rescue: "read nearly empty readings again from a local threshold"
        case .upright: "find the way up of doubtful readings"
        case .header: "read the header (name, address) again with Tesseract's Latin-script model (needs tesseract-ocr-script-latn; Latin-script languages only)"
        case .totalLook: "when nothing on the receipt vouches for the total, read its line again with the Latin-script model and at twice the scale; take the amount both read when it differs from the first reading (needs tesseract-ocr-script-latn; Latin-script languages only)"
        case .sumsLook: "when nothing on the receipt vouches for the total, read its line and those of the subtotal, the taxes, cash and change again with the Latin-script model and at twice the scale; take the fewest new readings that make the sums add up or the total what was paid (needs tesseract-ocr-script-latn; Latin-script languages only)"
        case .dateLook: "read the date's line again with the Latin-script model and at twice the scale; take the date both read when it differs from the first reading (needs tesseract-ocr-script-latn; Latin-script languages only)"
        case .dateTwins: "read two dates printed a digit apart again; take the one most readings give (needs tesseract-ocr-script-latn; Latin-script languages only)"
        case .secondLook: "read again in sparse mode when the date or total is missing"
        case .missingDate: "read a date still missing after the second look from the image enlarged up to three times"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Leptonica preparation steps, each a small function from one image to a new one (or nil when
/// the step does not apply). Stateless; safe on any thread.
public enum Preparation {
    /// Applies the image steps among `steps`, in a fixed order: grey, crops, deskew, scale,
    /// light, binarisation. (The reading steps, `upright` and `second-look`, are the OCR's.)
    public static func prepare(_ pix: Pix, steps: Set<PreparationStep>) -> Pix {
        // Grey once, up front: every step works on grey, and Tesseract converts colour anyway.
        var image = steps.contains(.grey) ? pix.grayscale() ?? pix : pix
        let chain: [(PreparationStep, (Pix) -> Pix?)] = [
            (.largePrint, reduceLargePrint), (.paper, cropToPaper), (.content, cropToContent), (.deskew, deskew),
            (.upscale, upscale), (.background, normalizeBackground), (.sauvola, binarize),
        ]
        for (step, apply) in chain where steps.contains(step) {
            image = apply(image) ?? image
        }
        return image
    }

    /// Narrow scans (under 1000 px wide) scaled up to 1200 px wide, so small print reaches the
    /// size Tesseract reads best. Measured: SROIE totals and dates up a little, merchants down.
    static func upscale(_ pix: Pix) -> Pix? {
        guard pix.width < 1000, pix.width >= 200 else { return nil }
        return pix.scaled(by: Float(1200) / Float(pix.width))
    }

    /// Uneven light (a shadow across a photo) evened out: Leptonica estimates the background in
    /// tiles and maps it to white. Measured: textured backgrounds turn into garbage text.
    static func normalizeBackground(_ pix: Pix) -> Pix? {
        guard let even = pix.grayscale()?.map({ pixBackgroundNormSimple($0, nil, nil) }) else { return nil }
        even.setResolution(pix.resolution)
        return even
    }

    /// How unevenly the page is lit, in grey levels: the spread between the darker and the
    /// lighter tenth of its background (Leptonica's estimate at 1/4 size, print closed away).
    /// Measured: scans (sroie, softmatic-de) 0-25; photos in shade or with the table in view
    /// 50-200.
    static func lightSpread(_ pix: Pix) -> Int? {
        var background: UnsafeMutablePointer<PIX>?
        var dark: Float = 0, light: Float = 0
        guard let gray = pix.grayscale(), gray.withPointer({ pixGetBackgroundGrayMapMorph($0, nil, 4, 15, &background) }) == 0,
              let map = Pix(taking: background),
              map.withPointer({ pixGetRankValueMasked($0, nil, 0, 0, 1, 0.1, &dark, nil) }) == 0,
              map.withPointer({ pixGetRankValueMasked($0, nil, 0, 0, 1, 0.9, &light, nil) }) == 0 else { return nil }
        return Int(light - dark)
    }

    /// The median height of the page's marks that are shaped like print (letters and digits),
    /// in its own pixels; found on a binary copy reduced to at most `printSampleWidth` wide
    /// (a 12 Mpx photo's print is large; a reduced copy finds it faster and the same), nil when
    /// too few marks are found to tell.
    static func printHeight(_ pix: Pix) -> Double? {
        let factor = min(1, Float(printSampleWidth) / Float(max(1, pix.width)))
        guard let sample = factor < 1 ? pix.reduced(by: factor) : pix,
              let binary = localThreshold(sample, factor: 0.34, tiles: 3) else { return nil }
        var found: UnsafeMutablePointer<BOXA>? = binary.withPointer { pixConnCompBB($0, 8) }
        defer { boxaDestroy(&found) }
        guard let boxes = found else { return nil }
        var heights: [Int] = []
        let tallest = Int32(sample.height / 10)
        for i in 0..<boxaGetCount(boxes) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            guard boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) == 0 else { continue }
            // A letter or digit: a few pixels high at least, not a rule or a smudge.
            if h >= 5, h <= tallest, w >= 2, w <= 2 * h { heights.append(Int(h)) }
        }
        guard heights.count >= 20 else { return nil }
        heights.sort()
        return Double(heights[heights.count / 2]) / Double(factor)
    }

    /// The widest copy `printHeight` looks at: a 12 Mpx photo's print stays well above the
    /// 5 px a mark needs, and the threshold costs a fraction of the page's.
    static let printSampleWidth = 1200

    /// Print whose marks are higher than `largePrint` pixels is read at `printTarget`: the dev
    /// sets' median (`sroie/` scans 6-26 px, median 15; `photos-us` 5-30, median 15), the size
    /// their readings and reading steps were measured at. `softmatic-de`'s 300 dpi slips print
    /// 15-33 px and read best as they are; full-size phone photos print 45-120 px. Measured on
    /// `photos-us` enlarged to 12 Mpx phone frames (96 photos, sideways with EXIF orientation 6;
    /// docs/measurements.md).
    static let largePrint = 36.0, printTarget = 15.0

    /// The page scaled down so that its print is `printTarget` high, when it is over `largePrint`
    /// (a full-size phone photo); nil for pages whose print is read at its size.
    static func reduceLargePrint(_ pix: Pix) -> Pix? {
        guard let height = printHeight(pix), height > largePrint else { return nil }
        return pix.reduced(by: Float(printTarget / height))
    }

    /// Above this light spread a page is a photo with shade or a table in it, not a scan.
    static let unevenLight = 50

    /// The page with its light evened out (`normalizeBackground`) when it is unevenly lit; nil
    /// for evenly lit pages, scans above all, which gain nothing from it.
    static func evenedLight(_ pix: Pix) -> Pix? {
        guard let spread = lightSpread(pix), spread > unevenLight else { return nil }
        return normalizeBackground(pix)
    }

    /// Sauvola's adaptive threshold (local mean and deviation in 25 px windows), with its usual
    /// factor. Measured: worse than Tesseract's own Otsu on the dev set.
    static func binarize(_ pix: Pix) -> Pix? { localThreshold(pix, factor: 0.34) }

    /// Sauvola's threshold in 25 px windows: a pixel is ink when darker than the window's mean
    /// lowered by `factor` (less where the window varies). A small factor keeps light grey print
    /// that the usual 0.34, and Tesseract's global Otsu, lose.
    /// `tiles` x `tiles` pieces are thresholded one after another (the same result in less
    /// memory: the window sums are held for one piece at a time).
    static func localThreshold(_ pix: Pix, factor: Float, tiles: Int32 = 1) -> Pix? {
        var binary: UnsafeMutablePointer<PIX>?
        guard let gray = pix.grayscale(),
              gray.withPointer({ pixSauvolaBinarizeTiled($0, 12, factor, tiles, tiles, nil, &binary) }) == 0,
              let result = Pix(taking: binary) else { return nil }
        result.setResolution(pix.resolution)
        return result
    }

    /// A receipt lying on a darker background (a scanner lid, a table): crops to the paper.
    /// Runs on a quarter-size copy, with two readings of what is paper: lighter than 200 (paper
    /// for certain; a light grey lid is darker), and lighter than the image's own split between
    /// dark and light (Otsu's, from Leptonica), which also takes in paper in shadow. Of the
    /// boxes of the largest such regions (5% to 70% of the image), the smaller one that holds
    /// `textShare` of the image's print (`printMask`) is cropped to, plus a margin; when neither
    /// does, the receipt is not in either box (in shade, or filling the frame): no crop.
    static func cropToPaper(_ pix: Pix) -> Pix? {
        let (w, h) = (pix.width, pix.height)
        let scale: Float = 0.25
        guard w >= 400, h >= 400, let small = pix.grayscale()?.map({ pixScaleAreaMap($0, scale, scale) }) else { return nil }
        let whole = w * h / 16
        let seed = largestBrightRegion(small, threshold: 200)
        var split: Int32 = 0, fg: Int32 = 0, bg: Int32 = 0
        let wider = small.withPointer({ pixSplitDistributionFgBg($0, 0.1, 1, &split, &fg, &bg, nil) }) == 0 && split < 200
            ? largestBrightRegion(small, threshold: split) : nil
        let boxes = [seed, wider].compactMap { $0 }.filter { $0.area * 20 > whole && $0.area * 10 < whole * 7 }
            .sorted { $0.area < $1.area }
        guard !boxes.isEmpty, let print = printMask(small) else { return nil }
        var total: Int32 = 0
        guard print.withPointer({ pixCountPixels($0, &total, nil) }) == 0, total > 0 else { return nil }
        guard let chosen = boxes.first(where: { Float(print.count(in: $0)) >= textShare * Float(total) }) else { return nil }
        let best = extendedAlongPrint(chosen, print: print)
        let margin = max(w, h) / 100
        let left = max(0, Int(Float(best.x) / scale) - margin), top = max(0, Int(Float(best.y) / scale) - margin)
        let right = min(w, Int(Float(best.x + best.w) / scale) + margin)
        let bottom = min(h, Int(Float(best.y + best.h) / scale) + margin)
        guard let crop = pix.cropped(left: left, top: top, width: right - left, height: bottom - top) else { return nil }
        // Paper found only below 200 lies partly in shadow: Tesseract's one threshold for the page
        // would turn the shaded part black, so the light is evened out first (on the crop only:
        // on a whole photo the table's texture turned into text).
        // So does print found beyond the paper (`extendedAlongPrint`): it lies in shade.
        let shaded = chosen.area > seed?.area ?? 0 || Float(best.h - chosen.h) >= Float(small.height) * printGap / 2
        return shaded ? normalizeBackground(crop) ?? crop : crop
    }

    /// The paper's box grown up and down over the print that goes on in its columns, to the
    /// first gap of `printGap` of the image's height: a long receipt's ends often lie in shade,
    /// under a glare or a plastic sheet, darker than the paper the box was found as, and its
    /// total is at one of them (up to 15% of the print was cut off before, `textShare`).
    static func extendedAlongPrint(_ box: Region, print: Pix) -> Region {
        guard let columns = print.cropped(left: Int(box.x), top: 0, width: Int(box.w), height: print.height),
              let counts = columns.withPointer({ pixCountPixelsByRow($0, nil) }) else { return box }
        defer { var owned: UnsafeMutablePointer<NUMA>? = counts; numaDestroy(&owned) }
        let rows = (0..<numaGetCount(counts)).map { i -> Int32 in
            var n: Int32 = 0
            numaGetIValue(counts, i, &n)
            return n
        }
        let gap = max(4, Int(Float(rows.count) * printGap))
        // A line of text inks a twentieth of the paper's width or more; a table's grain under the
        // top-hat, a few scattered marks.
        let inked = max(2, box.w / 20)
        // The last row with print reached from `edge` going `step`, over blanks of `gap` rows at most.
        func reach(from edge: Int, step: Int) -> Int {
            var last = edge, row = edge + step
            while rows.indices.contains(row), abs(row - last) <= gap + 1 {
                if rows[row] >= inked { last = row }
                row += step
            }
            return last
        }
        let start = reach(from: Int(box.y), step: -1), end = reach(from: Int(box.y + box.h) - 1, step: 1) + 1
        return Region(x: box.x, y: Int32(start), w: box.w, h: Int32(end - start))
    }

    /// The blank space that ends a receipt's print, as a share of the image's height.
    static let printGap: Float = 0.06

    /// The share of the image's print a crop must keep (measured: 0.9 lost a softmatic-de total,
    /// 0.8 two photos-us totals; 0.85 neither).
    static let textShare: Float = 0.85

    /// Print: thin strokes darker than what lies around them (a black top-hat over 5 px, at
    /// least 40 grey levels deep), not the broad dark of a table or a shadow.
    static func printMask(_ small: Pix) -> Pix? {
        small.map { pixTophat($0, 5, 5, Int32(L_TOPHAT_BLACK)) }?.map { pixThresholdToBinary($0, 40) }?.map { pixInvert(nil, $0) }
    }

    /// A box on the quarter-size image.
    struct Region {
        var x: Int32, y: Int32, w: Int32, h: Int32
        var area: Int { Int(w) * Int(h) }
    }

    /// The box of the largest region lighter than `threshold` (text holes closed, specks
    /// opened away).
    static func largestBrightRegion(_ small: Pix, threshold: Int32) -> Region? {
        guard let dark = small.map({ pixThresholdToBinary($0, threshold) }),
              let paper = dark.map({ pixInvert(nil, $0) }),
              let solid = paper.map({ pixCloseBrick(nil, $0, 15, 15) }),
              let clean = solid.map({ pixOpenBrick(nil, $0, 9, 9) }),
              let boxes = clean.withPointer({ pixConnCompBB($0, 8) }) else { return nil }
        defer { var b: UnsafeMutablePointer<BOXA>? = boxes; boxaDestroy(&b) }
        var best: Region?
        for i in 0..<boxaGetCount(boxes) {
            var r = Region(x: 0, y: 0, w: 0, h: 0)
            boxaGetBoxGeometry(boxes, i, &r.x, &r.y, &r.w, &r.h)
            if r.area > best?.area ?? 0 { best = r }
        }
        return best
    }

    /// A tilted page (a receipt photographed or fed at an angle): Leptonica finds the skew within
    /// +-12 degrees from the text lines, and the page is turned back. Skipped below half a degree
    /// (Tesseract copes; rotating only blurs) and when the skew search is unsure. Leptonica's own
    /// deskew wants a confidence of 3, which the tilted fixtures (2.7-2.9) missed; 2 is used here.
    static func deskew(_ pix: Pix) -> Pix? {
        var angle: Float = 0, confidence: Float = 0
        // The search runs on a binary copy (sweep at 1/4 size, refine at 1/2, 1-degree steps).
        guard let gray = pix.grayscale(),
              let binary = gray.map({ pixThresholdToBinary($0, 130) }),
              binary.withPointer({ pixFindSkewSweepAndSearch($0, &angle, &confidence, 4, 2, 12, 1, 0.01) }) == 0,
              abs(angle) >= 0.5, confidence >= 2,
              let straight = gray.map({ pixRotate($0, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP),
                                                  Int32(L_BRING_IN_WHITE), 0, 0) }) else { return nil }
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
        guard let small = pix.grayscale()?.map({ pixScaleAreaMap($0, scale, scale) }),
              let dark = small.map({ pixThresholdToBinary($0, 190) }),
              let merged = dark.map({ pixCloseBrick(nil, $0, 9, 9) }),
              let blocks = merged.map({ pixOpenBrick(nil, $0, 5, 5) }) else { return nil }
        var found: UnsafeMutablePointer<BOX>?
        guard blocks.withPointer({ pixClipToForeground($0, nil, &found) }) == 0, let found else { return nil }
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
