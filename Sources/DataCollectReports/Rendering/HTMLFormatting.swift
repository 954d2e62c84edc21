import DataCollectCore
import DataCollectIntegrity

/// How values look in `report.html`: times in UTC without milliseconds, numbers grouped.
enum HTMLFormatting {
    /// `<time datetime="2024-03-01T08:15:00.000Z">2024-03-01 08:15:00 UTC</time>`.
    static func time(_ timestamp: EventTimestamp) -> String {
        let iso = timestamp.iso8601
        return "<time datetime=\"\(HTMLEscaping.attribute(iso))\">\(HTMLEscaping.text(readable(iso)))</time>"
    }

    /// A timestamp cell: a `<time>` when the text is an ISO 8601 time, else the text.
    static func time(text: String) -> String {
        guard let timestamp = EventTimestamp(parsing: text) else { return HTMLEscaping.text(text) }
        return time(timestamp)
    }

    /// `2024-03-01T08:15:00.000Z` → `2024-03-01 08:15:00 UTC` (milliseconds kept when not zero).
    static func readable(_ iso: String) -> String {
        let characters = Array(iso)
        guard characters.count == 24, characters[10] == "T", characters[23] == "Z" else { return iso }
        let date = String(characters[0..<10])
        let clock = String(characters[11..<19])
        let millis = String(characters[20..<23])
        return "\(date) \(clock)\(millis == "000" ? "" : ".\(millis)") UTC"
    }

    /// Text cells up to this long are kept on one line (on screen).
    static let shortText = 24

    /// A table cell: its content (escaped), whether it is a number (right-aligned), null, or
    /// short enough to keep on one line.
    struct Cell {
        var html: String
        var numeric = false
        var null = false
        var short = false
    }

    /// The cell of `value` in a column of `type`.
    static func cell(_ value: JSONValue, type: ReportTable.Column.ValueType) -> Cell {
        let numericColumn = type == .integer || type == .number
        switch value {
        case .null:
            return Cell(html: "—", numeric: numericColumn, null: true)
        case .bool(let flag):
            return Cell(html: flag ? "yes" : "no", short: true)
        case .number(let number):
            return Cell(html: HTMLEscaping.text(NumberFormatting.grouped(number)), numeric: true)
        case .string(let text):
            if type == .timestamp { return Cell(html: time(text: text), short: text.count <= 40) }
            return Cell(html: HTMLEscaping.text(text), numeric: numericColumn, short: text.count <= shortText)
        case .array, .object:
            return Cell(html: HTMLEscaping.text(value.canonicalString))
        }
    }
}
