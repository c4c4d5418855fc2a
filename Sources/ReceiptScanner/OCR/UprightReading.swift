/// Reads an image the right way up. Leptonica and Tesseract read what they are given: a receipt
/// photographed sideways or upside down (without an EXIF tag saying so) comes out as garbage.
/// Tesseract's own orientation detection (OSD) was measured wrong on upright fixtures here, so
/// the check is the reading itself: when the first reading's mean word confidence is doubtful,
/// the three other quarter turns are read too and the clearly best one wins.
///
/// Measured (`receipts ocr --show-confidence`, 7 images at 0/90/180/270 degrees): upright
/// readings 46-84, turned ones 17-43.
enum UprightReading {
    /// A turn must beat the reading as given by this much to be taken.
    static let margin = 15
    /// Images larger than this are compared on their middle band only.
    static let bandAbovePixels = 1_500_000

    /// Given `pix` (prepared already) and its reading as given: the reading and image of a quarter
    /// turn that clearly reads better, or nil to keep them.
    /// The turns of a large image are compared on the middle band of each (40% of the height, full
    /// resolution, so that small print stays readable); only a turn that clearly wins is read in full.
    static func turned(_ pix: Pix, asGiven: OCRText, with engine: TesseractEngine) -> (text: OCRText, image: Pix)? {
        guard asGiven.isDoubtful else { return nil }
        // Small images are compared whole (a band of them holds too few lines to judge).
        let useBand = pix.width * pix.height > bandAbovePixels
        func bandConfidence(_ image: Pix?) -> Int? {
            guard let image, let band = useBand ? image.cropped(left: 0, top: image.height * 3 / 10, width: image.width,
                                                                height: image.height * 4 / 10) : image,
                  case .success(let text) = engine.recognize(band) else { return nil }
            return text.meanConfidence
        }
        guard let baseline = useBand ? bandConfidence(pix) : asGiven.meanConfidence else { return nil }
        var best: (turns: Int, confidence: Int)?
        for turns in [1, 3, 2] {
            guard let c = bandConfidence(pix.rotated(quarterTurns: turns)) else { continue }
            if c >= baseline + margin && c > (best?.confidence ?? 0) { best = (turns, c) }
        }
        // Deskew again once upright: the search before ran on sideways lines.
        guard let best, let sideways = pix.rotated(quarterTurns: best.turns) else { return nil }
        let turned = Preparation.deskew(sideways) ?? sideways
        guard case .success(var text) = engine.recognize(turned), text.meanConfidence > asGiven.meanConfidence else { return nil }
        text.quarterTurns = best.turns
        return (text, turned)
    }
}
