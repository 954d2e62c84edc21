import DataCollectIntegrity
import DataCollectSQL
import CSQLite

/// One connection to a SQLite file, with a cache of prepared statements.
/// Not thread-safe: ``SQLiteStore`` serialises access.
final class SQLiteConnection: SQLDatabase {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Statements of ``forEachRow(_:_:_:)`` not iterating now, kept apart from `statements`
    /// (which the body of an iteration may use); one in use is taken out, so the same query
    /// nested in its own iteration gets a statement of its own.
    private var idleIterations: [String: SQLiteStatement] = [:]

    init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &db, flags, nil)
        guard result == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open the database file"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: result, message: message, statement: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit {
        statements.removeAll()
        idleIterations.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without parameters (schema text, pragmas).
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard result == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(errorMessage)
            throw SQLiteError(code: result, message: message, statement: String(sql.prefix(200)))
        }
    }

    /// A prepared statement, reset and cleared, ready to bind.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw error(result, sql) }
        let prepared = SQLiteStatement(handle: statement, connection: self, sql: sql)
        statements[sql] = prepared
        return prepared
    }

    /// Binds, steps to completion, and returns the number of rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Binds and maps every row.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// Runs on a statement of its own (not the one ``prepare(_:)`` caches), so that `body` may
    /// run other statements — the cached ones included — while this one is open. The statement
    /// is kept for the next iteration of the same query (a verify of a million records runs the
    /// same few page queries thousands of times), and reset when the iteration ends, so it holds
    /// no read lock between iterations.
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLiteStatement) throws -> Void) throws {
        let statement: SQLiteStatement
        if let idle = idleIterations.removeValue(forKey: sql) {
            statement = idle
        } else {
            var handle: OpaquePointer?
            let result = sqlite3_prepare_v3(self.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
            guard result == SQLITE_OK, let handle else { throw error(result, sql) }
            statement = SQLiteStatement(handle: handle, connection: self, sql: sql)
        }
        defer {
            statement.reset()
            idleIterations[sql] = statement
        }
        try statement.bind(values)
        while try statement.step() { try body(statement) }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ code: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }
}
