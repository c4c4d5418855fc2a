/// A date that neither the first reading nor the second look found is most often small print
/// on a phone photo (a till's date line under the logo, 10-25 px high): read at up to three
/// times the size, Tesseract finds it. The image is enlarged so that its median line would be
/// `targetLineHeight` high, within small print's limits; only the date's line of that reading is
/// lent to the first.
///
/// Measured (`receipts eval`, psm 6 on the enlarged image, lines lent as the second look
/// lends them): photos-us dates 72.4 -> 74.7% scaled to 40 px lines, 77.0% at twice the size,
/// 80.5% at 80 px, 81.6% at 100 px (most photos then read at three times); SROIE and
/// softmatic-de unchanged, sroie-check +1; sparse mode (psm 11) on the enlarged image found none.
enum MissingDate {
    static let targetLineHeight = 100

    /// The image enlarged for another reading (`SmallPrint.enlarged`: at most 3x and 12 Mpx), or
    /// nil when its print is already large.
    static func enlarged(_ pix: Pix, readAs text: OCRText) -> Pix? {
        SmallPrint.enlarged(pix, readAs: text, toLineHeight: targetLineHeight)
    }
}
