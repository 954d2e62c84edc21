import DataCollectIntegrity

/// Writes a ``ReportTable`` as CSV (RFC 4180) for spreadsheets and scripts.
///
/// - The header row holds the column names (``ReportTable/Column/name``), one row follows per
///   table row, every line ends in CRLF.
/// - Fields holding a comma, a double quote, CR or LF are quoted, with quotes doubled.
/// - Numbers are written plainly (`42`, `0.5`), null as an empty field, Booleans as `true`/`false`.
/// - A text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
///   tab or CR) gets a leading `'`; numbers are never changed.
public enum CSVTableWriter {
    /// The table as CSV text.
    public static func csv(_ table: ReportTable) -> String {
        var out = ""
        out += table.columns.map { field(text($0.name)) }.joined(separator: ",")
        out += "\r\n"
        for row in table.rows {
            let cells = table.columns.indices.map { index in index < row.count ? cell(row[index]) : "" }
            out += cells.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// One cell, guarded and quoted.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.canonical
        case .string(let string): field(text(string))
        case .array, .object: field(value.canonicalString)
        }
    }

    /// Text made safe from formula injection.
    static func text(_ string: String) -> String {
        guard let first = string.unicodeScalars.first else { return string }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + string
        default: return string
        }
    }

    /// `value` quoted when it holds a comma, a quote, CR or LF.
    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingQuotes() + "\""
    }
}

extension String {
    /// Each `"` doubled.
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\"" { out.unicodeScalars.append(scalar) }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
