/// A value bound to a statement parameter. Both databases store text and 64-bit integers only,
/// so the same queries read and write both.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
}

/// One result row, read by column position (0-based).
public protocol SQLRow {
    func int(_ column: Int32) -> Int64
    /// The column as text; nil when it is NULL.
    func text(_ column: Int32) -> String?
    func isNull(_ column: Int32) -> Bool
    /// The column's text as UTF-8 bytes; empty when it is NULL.
    func bytes(_ column: Int32) -> [UInt8]
    /// Whether a text column holds exactly these bytes.
    func text(_ column: Int32, equals expected: [UInt8]) -> Bool
    /// Calls `body` with the column's text as UTF-8 bytes (nil when NULL), in place where the
    /// driver allows: long scans then copy each value once, into their own buffer. The bytes
    /// are valid only during the call.
    func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R
}

extension SQLRow {
    public func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard var text = text(column) else { return try body(nil) }
        return try text.withUTF8 { try body($0) }
    }
}

/// A connection inside an open transaction, as ``SQLTransaction`` uses it. Statements use `?`
/// placeholders; each adapter binds them its own way. Implementations are not thread-safe:
/// their store serialises access.
public protocol SQLDatabase {
    associatedtype Row: SQLRow

    /// Binds, runs, and maps every row.
    func query<T>(_ sql: String, _ values: [SQLValue], _ row: (Row) throws -> T) throws -> [T]
    /// Binds and runs, calling `body` per row; `body` may run other statements meanwhile.
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (Row) throws -> Void) throws
    /// Binds, runs to completion, and returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws -> Int
    /// Runs a statement whose result is not needed. A database reached over the network may
    /// send it without waiting, so the caller's work and the statement overlap; the statement
    /// still runs before every later one, and a failure is thrown by the next call that
    /// waits (any other method), the transaction's `COMMIT` included.
    func send(_ sql: String, _ values: [SQLValue]) throws
    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws
}

extension SQLDatabase {
    /// Runs the statement at once (a database without round trips has nothing to overlap).
    public func send(_ sql: String, _ values: [SQLValue]) throws {
        try run(sql, values)
    }

    func query<T>(_ sql: String, _ row: (Row) throws -> T) throws -> [T] {
        try query(sql, [], row)
    }

    @discardableResult
    func run(_ sql: String) throws -> Int {
        try run(sql, [])
    }
}
