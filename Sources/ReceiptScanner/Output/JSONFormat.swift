/// JSON for result rows, written by hand so amounts stay exact decimals and keys keep the
/// CSV's column order.
public enum JSONFormat {
    /// `extras` are already-encoded JSON values (arrays, objects) appended after the cells.
    public static func object(_ columns: [String], _ cells: [Cell], extras: [(String, String)] = []) -> String {
        var out = "{"
        for (i, (key, cell)) in zip(columns, cells).enumerated() {
            if i > 0 { out += "," }
            out += string(key) + ":" + value(cell)
        }
        for (key, json) in extras { out += "," + string(key) + ":" + json }
        return out + "}"
    }

    /// A result row with its nested parts, as the JSON outputs write it.
    public static func row(_ result: ScanResult) -> String {
        object(ResultRow.columns, ResultRow.cells(result), extras: ResultRow.jsonExtras(result))
    }

    static func value(_ cell: Cell) -> String {
        switch cell {
        case .null: return "null"
        case .number(let n): return n
        case .text(let s): return string(s)
        }
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
