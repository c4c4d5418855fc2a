/// The pipeline stage a file's outcome comes from: the row says where a failure happened.
public enum Stage: String, Sendable, Codable {
    case discover, load, ocr, parse, upload, write
    /// A person's decision in `receipts review`.
    case review
}

public enum ScanStatus: String, Sendable, Codable {
    /// Parsed, and the key fields are present and consistent.
    case ok
    /// Parsed, but a key field is missing, the arithmetic does not add up or confidence is low.
    case needsReview = "needs_review"
    /// Not read at all; `error` says which stage failed and why.
    case failed
}

/// A file's failure as a value: which stage, and a sentence a person can act on.
public struct StageError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var stage: Stage
    public var message: String

    public init(_ stage: Stage, _ message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "\(stage): \(message)" }
}

/// One input file's outcome: always produced, whatever happened to the file.
public struct ScanResult: Sendable, Codable {
    /// Position in the discovered input order; rows are written in this order.
    public var index: Int
    /// The path as given or found (relative paths stay relative).
    public var file: String
    public var status: ScanStatus
    public var receipt: Receipt?
    public var error: StageError?
    public var sha256: String?
    public var uploadURL: String?
    /// Why the original did not reach the archive; reading the receipt is not affected.
    public var uploadError: StageError?
    /// The page of a PDF this row reads (1-based); nil for an image.
    public var page: Int?
    /// The earlier file with the same bytes or the same receipt (merchant, date, total).
    public var duplicateOf: String?
    /// A person's decision in `receipts review`, already applied to the fields and status.
    public var review: Review?

    public init(index: Int, file: String, status: ScanStatus, receipt: Receipt? = nil,
                error: StageError? = nil, sha256: String? = nil, uploadURL: String? = nil) {
        self.index = index
        self.file = file
        self.status = status
        self.receipt = receipt
        self.error = error
        self.sha256 = sha256
        self.uploadURL = uploadURL
    }

    /// A parsed receipt's row: `needs_review` when the parser raised issues, else `ok`.
    public static func parsed(_ index: Int, _ file: String, _ receipt: Receipt, sha256: String? = nil) -> ScanResult {
        ScanResult(index: index, file: file, status: receipt.issues.isEmpty ? .ok : .needsReview, receipt: receipt,
                   sha256: sha256)
    }

    public static func failed(_ index: Int, _ file: String, _ error: StageError, sha256: String? = nil) -> ScanResult {
        ScanResult(index: index, file: file, status: .failed, error: error, sha256: sha256)
    }

    /// A duplicate is never dropped: it is written, flagged for review, and says of which file.
    mutating func markDuplicate(of earlier: String) {
        duplicateOf = earlier
        if status == .ok { status = .needsReview }
    }

    /// The text of the `error` column: the failure, or the reasons a parsed receipt needs review.
    public var errorText: String? {
        var parts: [String] = []
        if let error { parts.append(error.description) }
        if let issues = receipt?.issues { parts += issues }
        if let duplicateOf { parts.append("duplicate of \(duplicateOf)") }
        if let uploadError { parts.append(uploadError.description) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
