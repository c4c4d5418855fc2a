/// A snapshot the pipeline reports each time a row is written (on the writer thread).
public struct ScanProgress: Sendable {
    public var done: Int
    public var total: Int
    public var ok: Int
    public var needsReview: Int
    public var failed: Int
}

/// How a run ended.
public struct ScanSummary: Sendable {
    public var total: Int
    public var written: Int
    public var ok: Int
    public var needsReview: Int
    public var failed: Int
    /// Files whose original did not reach the upload destination.
    public var uploadFailed = 0
    /// Rows a person marked as no receipt (`receipts review`): written as failed, not a failure of the run.
    public var notReceipts = 0
    /// True when Ctrl-C (or `cancel()`) stopped the run before every file was read.
    public var interrupted: Bool
    public var elapsed: Duration
    /// Set when the output could not be written; the run stopped because of it.
    public var outputError: String?
}
