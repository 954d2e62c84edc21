import DataCollectSQL
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One PostgreSQL connection used synchronously by ``SQLTransaction``: each statement is sent
/// and waited for on the calling thread, which must not be an event loop (the server runs
/// store work on its blocking thread pool). Not thread-safe: ``PostgresStore`` serialises use.
final class PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    private let logger: Logger
    /// `?` placeholders rewritten as `$1, $2, …`, by statement text.
    private var translated: [String: String] = [:]
    /// Statements sent so far: each one is a round trip to the server.
    private(set) var statementsSent = 0
    /// Statements sent by ``send(_:_:)`` and not waited for yet, oldest first. The connection
    /// runs statements in the order they are sent, so each later statement sees their work;
    /// every method that waits waits for these first, so their failure is thrown before
    /// anything else is read or committed.
    private var unanswered: [EventLoopFuture<PostgresQueryResult>] = []
    /// At most this many statements are sent ahead (each holds its bound values until it ran).
    private static let maximumUnanswered = 32

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Closes the connection, waiting for it unless this runs on an event loop (where waiting
    /// would deadlock).
    deinit {
        let closing: EventLoopFuture<Void> = connection.close()
        if MultiThreadedEventLoopGroup.currentEventLoop == nil { try? closing.wait() }
    }

    /// Sends the statement and returns at once: the server thread goes on with its work while
    /// PostgreSQL runs the statement.
    func send(_ sql: String, _ values: [SQLValue]) throws {
        if unanswered.count >= Self.maximumUnanswered { try waitForUnanswered() }
        statementsSent += 1
        unanswered.append(connection.query(try statement(sql, values), logger: logger))
    }

    /// Commits the transaction, after waiting for the statements sent ahead. PostgreSQL answers
    /// a `COMMIT` of a transaction it had to abort with `ROLLBACK`, not an error: that answer
    /// is thrown, so a transaction that was not committed is never reported as one.
    func commit() throws {
        try waitForUnanswered()
        statementsSent += 1
        let answer = try connection.query(PostgresQuery(unsafeSQL: "COMMIT"), logger: logger).wait()
        guard answer.metadata.command == "COMMIT" else { throw PostgresStoreError.rolledBack }
    }

    /// Ends the transaction without its changes, whatever became of the statements sent ahead
    /// (their failure is what the caller is recovering from, or is superseded by it).
    func rollBack() throws {
        try? waitForUnanswered()
        try execute("ROLLBACK")
    }

    /// Waits for every statement sent ahead, in order; throws the first failure (PostgreSQL
    /// then refuses the rest of the transaction, so that one is the cause).
    private func waitForUnanswered() throws {
        guard !unanswered.isEmpty else { return }
        let waiting = unanswered
        unanswered = []
        var firstFailure: (any Error)?
        for future in waiting {
            do {
                _ = try future.wait()
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        if let firstFailure { throw firstFailure }
    }

    func query<T>(_ sql: String, _ values: [SQLValue], _ row: (PostgresRowReader) throws -> T) throws -> [T] {
        try result(sql, values).rows.map { try row(PostgresRowReader($0.makeRandomAccess())) }
    }

    /// Collects the rows first: the connection cannot run another statement while one streams.
    func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (PostgresRowReader) throws -> Void) throws {
        for row in try result(sql, values).rows { try body(PostgresRowReader(row.makeRandomAccess())) }
    }

    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws -> Int {
        try result(sql, values).metadata.rows ?? 0
    }

    /// Runs each `;`-separated statement in turn (the extended protocol takes one at a time;
    /// our schema and maintenance statements hold no `;` inside text).
    func execute(_ sql: String) throws {
        try waitForUnanswered()
        for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
            statementsSent += 1
            _ = try connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger).wait()
        }
    }

    private func result(_ sql: String, _ values: [SQLValue]) throws -> PostgresQueryResult {
        try waitForUnanswered()
        statementsSent += 1
        return try connection.query(try statement(sql, values), logger: logger).wait()
    }

    private func statement(_ sql: String, _ values: [SQLValue]) throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): try bindings.append(number)
            case .text(let text): try bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: numbered(sql), binds: bindings)
    }

    /// Rewrites `?` as `$n` outside quoted text (our statements quote only constants).
    private func numbered(_ sql: String) -> String {
        if let cached = translated[sql] { return cached }
        var output = ""
        var index = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                index += 1
                output += "$\(index)"
            } else {
                output.append(character)
            }
        }
        translated[sql] = output
        return output
    }
}

/// A result row read by position: text columns as UTF-8, integers as 64-bit.
struct PostgresRowReader: SQLRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRandomAccessRow) {
        self.row = row
    }

    func int(_ column: Int32) -> Int64 {
        let cell = row[Int(column)]
        if let value = try? cell.decode(Int64.self) { return value }
        if let text = try? cell.decode(String.self), let value = Int64(text) { return value }
        return 0
    }

    func text(_ column: Int32) -> String? {
        let cell = row[Int(column)]
        guard cell.bytes != nil else { return nil }
        if let text = try? cell.decode(String.self) { return text }
        return (try? cell.decode(Int64.self)).map(String.init)
    }

    func isNull(_ column: Int32) -> Bool { row[Int(column)].bytes == nil }

    func bytes(_ column: Int32) -> [UInt8] {
        guard let text = text(column) else { return [] }
        return Array(text.utf8)
    }

    func text(_ column: Int32, equals expected: [UInt8]) -> Bool {
        guard let buffer = row[Int(column)].bytes else { return false }
        return buffer.readableBytesView.elementsEqual(expected)
    }
}
