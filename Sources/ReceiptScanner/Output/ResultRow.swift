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
        "upload_url", "sha256", "error", "tax_id", "discount", "rounding", "amount_paid", "change",
        "duplicate_of", "page",
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
            text(p?.taxID), money(p?.discount), money(p?.rounding), money(p?.amountPaid), money(p?.change),
            text(r.duplicateOf), r.page.map { .number(String($0)) } ?? .null,
        ]
    }

    /// The nested parts only JSON carries: tax lines, items, per-field confidence.
    public static func jsonExtras(_ r: ScanResult) -> [(String, String)] {
        guard let p = r.receipt else { return [] }
        let taxLines = p.taxLines.map { t in
            JSONFormat.object(["label", "rate", "amount"],
                              [.text(t.label), t.rate.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null,
                               .number(t.amount.plainString)])
        }
        let items = p.items.map { i in
            JSONFormat.object(["description", "sku", "quantity", "unit_price", "amount"],
                              [.text(i.description), i.sku.map(Cell.text) ?? .null,
                               i.quantity.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null,
                               i.unitPrice.map { .number($0.plainString) } ?? .null, .number(i.amount.plainString)])
        }
        let keys = p.fieldConfidence.keys.sorted()
        let confidence = JSONFormat.object(keys, keys.map { .number(String(format: "%.2f", p.fieldConfidence[$0]!)) })
        let review = r.review.map {
            JSONFormat.object(["status", "reviewer", "updated"], [.text($0.status.rawValue), .text($0.reviewer), .text($0.updated)])
        }
        return [("date_ambiguous", p.dateAmbiguous ? "true" : "false"),
                ("review", review ?? "null"),
                ("date_order", p.dateOrder.map { JSONFormat.string($0.rawValue) } ?? "null"),
                ("date_order_basis", p.dateOrderBasis.map { JSONFormat.string($0.rawValue) } ?? "null"),
                ("tax_lines", "[" + taxLines.joined(separator: ",") + "]"),
                ("items", "[" + items.joined(separator: ",") + "]"),
                ("field_confidence", confidence)]
    }

    /// Columns of the exploded items CSV (`--items FILE`): one row per line item.
    public static let itemColumns = ["file", "sha256", "line", "description", "sku", "quantity", "unit_price", "amount", "currency"]

    public static func itemRows(_ r: ScanResult) -> [[Cell]] {
        guard let p = r.receipt else { return [] }
        return p.items.enumerated().map { n, i in
            [.text(r.file), r.sha256.map(Cell.text) ?? .null, .number(String(n + 1)), .text(i.description),
             i.sku.map(Cell.text) ?? .null, i.quantity.map { .number(NSDecimalNumber(decimal: $0).stringValue) } ?? .null,
             i.unitPrice.map { .number($0.plainString) } ?? .null, .number(i.amount.plainString),
             p.currency.map(Cell.text) ?? .null]
        }
    }
}

import Foundation
