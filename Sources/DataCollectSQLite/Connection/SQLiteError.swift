import DataCollectIntegrity

/// A failure reported by SQLite, with the statement that failed (never its bound values,
/// which may be personal data).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let statement: String?

    public var description: String {
        var text = "The database reported an error (SQLite code \(code)): \(message)."
        if let statement { text += " Statement: \(statement)" }
        if code == 5 || code == 6 { text += " Another process may be using the database; try again." }
        if code == 11 || code == 26 { text += " The file is damaged or is not a DataCollect database." }
        return text
    }
}
