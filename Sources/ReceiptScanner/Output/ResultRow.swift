/// One cell of an output row: CSV and JSON write the same cells.
public enum Cell: Sendable, Hashable {
    case text(String)
    /// A plain decimal number as text (`12.50`, `-3.00`, `0.87`), written unquoted.
    case number(String)
    case null
}

/// The default profile's columns, in their documented, stable order.
public enum ResultRow {
    public static let columns = [
        "file", "status", "merchant", "address", "phone", "date", "time", "currency", "subtotal", "tax",
        "tip", "total", "payment_method", "card_last4", "receipt_number", "item_count", "confidence",
        "upload_url", "sha256", "error",
    ]

    public static func cells(_ r: ScanResult) -> [Cell] {
        let p = r.receipt
        func text(_ s: String?) -> Cell { s.map(Cell.text) ?? .null }
        func money(_ m: Money?) -> Cell { m.map { .number($0.plainString) } ?? .null }
        return [
            .text(r.file), .text(r.status.rawValue), text(p?.merchant), text(p?.address), text(p?.phone),
            text(p?.date?.iso), text(p?.time), text(p?.currency), money(p?.subtotal), money(p?.tax),
            money(p?.tip), money(p?.total), text(p?.paymentMethod), text(p?.cardLast4), text(p?.receiptNumber),
            p?.itemCount.map { .number(String($0)) } ?? .null,
            p.map { .number(String(format: "%.2f", $0.confidence)) } ?? .null,
            text(r.uploadURL), text(r.sha256), text(r.errorText),
        ]
    }
}

import Foundation
