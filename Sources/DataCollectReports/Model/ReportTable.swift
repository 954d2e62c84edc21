public import DataCollectIntegrity

/// A table: shown in the HTML (up to ``htmlRowLimit`` rows), kept whole in `report.json`, and
/// written as `<name>.csv` beside the report.
public struct ReportTable: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public enum ValueType: String, Sendable, Hashable {
            case text, integer, number, timestamp
        }

        /// The machine name (the CSV header and the JSON key).
        public var name: String
        /// What a person reads.
        public var label: String
        public var type: ValueType

        public init(_ name: String, _ label: String, _ type: ValueType = .text) {
            self.name = name
            self.label = label
            self.type = type
        }
    }

    /// The CSV file's stem and the table's id; lower-case letters, digits and dashes.
    public var name: String
    public var title: String
    public var columns: [Column]
    /// Each row has one cell per column: a string, a number or null.
    public var rows: [[JSONValue]]
    /// What the HTML shows before it says "first N of M rows; all rows in name.csv".
    public var htmlRowLimit: Int
    /// Shown when the table has no rows.
    public var emptyText: String

    public init(name: String, title: String, columns: [Column], rows: [[JSONValue]], htmlRowLimit: Int = 50,
                emptyText: String = "None.") {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.htmlRowLimit = htmlRowLimit
        self.emptyText = emptyText
    }

    /// The CSV file this table is written to.
    public var csvFileName: String { "\(name).csv" }
}
