import DataCollectIntegrity
import DataCollectSQL
public import DataCollectCore
import Foundation

/// The embedded store: one SQLite file in WAL mode, readable with the plain `sqlite3` shell
/// (see `docs/SCHEMA.md`). Transactions are serialised within the process; SQLite's own
/// locking protects the file against other processes.
///
/// ```swift
/// let store = try SQLiteStore(path: "registry.sqlite")
/// let manager = EntityDataManager(store: store)
/// ```
public final class SQLiteStore: DataStore, @unchecked Sendable {
    // Guarded by `lock`: every use of the connection goes through `withConnection`.
    private let connection: SQLiteConnection
    private let lock = NSLock()
    public let path: String
    /// A 64 MiB page cache, in SQLite's negative-KiB form.
    private static let cacheSize = -65536

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String) throws {
        let connection = try SQLiteConnection(path: path)
        try Self.enableWriteAheadLog(connection)
        try connection.execute("PRAGMA synchronous = NORMAL")
        try connection.execute("PRAGMA foreign_keys = ON")
        // A 64 MiB page cache (the fold re-reads entities it just wrote); no memory mapping, so
        // resident memory stays bounded whatever the file size.
        try connection.execute("PRAGMA cache_size = \(Self.cacheSize)")
        try connection.execute("PRAGMA mmap_size = 0")
        try connection.execute("PRAGMA temp_store = MEMORY")
        // Deleted and overwritten content is zeroed, not left in free space: erased personal
        // data must not survive in the file (see scrubErasedData()).
        try connection.execute("PRAGMA secure_delete = ON")
        try Migrations.migrate(connection, appliedAt: EventTimestamp.now().iso8601)
        self.connection = connection
        self.path = path
    }

    /// Switches a new file to WAL. SQLite answers "busy" at once, without waiting, when another
    /// connection is switching the same new file at the same moment, so this waits and retries.
    private static func enableWriteAheadLog(_ connection: SQLiteConnection) throws {
        let deadline = Date().addingTimeInterval(5)
        while true {
            do {
                return try connection.execute("PRAGMA journal_mode = WAL")
            } catch let error as SQLiteError where error.code == 5 && Date() < deadline {
                usleep(5_000)
            }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let transaction = SQLTransaction(connection)
                let result = try body(transaction)
                try transaction.flushPendingRows()
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withConnection { try Self.readTransaction(on: $0, body) }
    }

    /// A read for one pass over the whole file, with SQLite's default 2 MB page cache instead
    /// of the store's 64 MB: a pass over a file larger than the cache gains nothing from keeping
    /// pages, and recycling a few megabytes of page buffers keeps them in the processor's cache
    /// (reading every row verify needs from a 1,000,000-event file: about 9 % less processor time).
    public func scan<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("PRAGMA cache_size = -2000")
            defer { try? connection.execute("PRAGMA cache_size = \(Self.cacheSize)") }
            return try Self.readTransaction(on: connection, body)
        }
    }

    private static func readTransaction<T>(on connection: SQLiteConnection,
                                           _ body: (any StoreTransaction) throws -> T) throws -> T {
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        return try body(SQLTransaction(connection))
    }

    /// The connection's page cache setting now (SQLite's `cache_size`: negative is KiB).
    func pageCacheSetting() throws -> Int64 {
        try withConnection { try $0.query("PRAGMA cache_size") { $0.int(0) }.first ?? 0 }
    }

    private func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// The schema migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try withConnection { connection in
            try connection.query("SELECT name FROM schema_migrations ORDER BY version") { $0.text(0) ?? "" }
        }
    }
}

extension SQLiteStore: SecureErasingStore {
    /// Moves every committed page into the main file and empties the write-ahead log (whose old
    /// page images still hold erased values), then rebuilds the file with `VACUUM` so no free
    /// page keeps them either, and empties the log again.
    public func scrubErasedData() throws {
        try withConnection { connection in
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            try connection.execute("VACUUM")
            try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}
