/// RFC 4180 encoding with spreadsheet formula-injection neutralising.
public enum CSVFormat {
    public static func line(_ cells: [Cell]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }

    public static func header(_ columns: [String]) -> String {
        line(columns.map(Cell.text))
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .null: return ""
        case .number(let n): return n
        case .text(let s): return quote(neutralise(s))
        }
    }

    /// A cell a spreadsheet would run as a formula gets a leading apostrophe, unless it is a
    /// plain number (`-12.50` stays a number). OWASP's CSV-injection guidance names these starts.
    static func neutralise(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        if isPlainNumber(s) { return s }
        return "'" + s
    }

    static func isPlainNumber(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        var dots = 0
        for c in body {
            if c == "." { dots += 1 } else if !c.isASCII || !c.isNumber { return false }
        }
        return dots <= 1 && body.first != "." && body.last != "."
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
