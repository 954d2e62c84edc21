import Foundation

/// The `sqlite3` shell, for tests that change a store behind its back (tampering, triggers
/// that make a write fail, rows from a future version) as an attacker or a broken disk would.
public enum SQLiteShell {
    public struct Failure: Error, CustomStringConvertible {
        public let statement: String
        public let message: String
        public var description: String { "sqlite3 failed on \(statement): \(message)" }
    }

    /// Runs `sql` on the database file at `path` and returns what the shell printed.
    @discardableResult
    public static func run(_ path: String, _ sql: String) throws -> String {
        let result = try ChildProcess.run("/usr/bin/sqlite3", [path, sql])
        guard result.status == 0 else { throw Failure(statement: sql, message: result.error) }
        return result.output
    }
}
