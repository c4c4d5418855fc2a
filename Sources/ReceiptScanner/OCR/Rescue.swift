/// A reading that comes back nearly empty from a plainly printed receipt: Tesseract's global
/// (Otsu) threshold can lose light grey print on a white slip altogether (6 of the 160 SROIE
/// scans read as 0-14 words, at mean confidences of 0-48). Those images are read again from a
/// binary image made with a local threshold, and the second reading is kept when it finds more
/// words at no lower confidence. A short receipt read clearly (the rendered fixtures: 19-35 words
/// at 71-92) is left alone: it is the confidence that says a reading failed.
enum Rescue {
    /// Fewer words (of three letters or more) than this, in a doubtful reading: nearly empty.
    static let nearlyEmpty = 20
    /// Sauvola's factor for the rescue threshold: light print stays ink (0.34, the usual, loses it).
    static let factor: Float = 0.1

    /// The better reading of the binarised image, or nil to keep `first`.
    static func read(_ pix: Pix, after first: OCRText, with engine: TesseractEngine) -> (text: OCRText, image: Pix)? {
        let words = wordCount(first.text)
        guard words < nearlyEmpty, first.isDoubtful, let binary = Preparation.localThreshold(pix, factor: factor),
              case .success(let again) = engine.recognize(binary),
              wordCount(again.text) > words, again.meanConfidence >= first.meanConfidence else { return nil }
        return (again, binary)
    }

    /// Words of three letters or more: what a reading of a receipt is made of, unlike the stray
    /// marks Tesseract reports for noise.
    static func wordCount(_ text: String) -> Int {
        var count = 0, run = 0
        for c in text.unicodeScalars {
            if c.properties.isAlphabetic { run += 1 } else { if run >= 3 { count += 1 }; run = 0 }
        }
        return count + (run >= 3 ? 1 : 0)
    }
}
