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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(statement: sql, message: String(decoding: complaint, as: UTF8.self))
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
