public import DataCollectCore
import DataCollectIntegrity
import DataCollectSQL
import Foundation
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The server store: one schema of a PostgreSQL database (one per tenant), with the same tables
/// and queries as the SQLite file. Writes are serialised per schema by an advisory lock, so
/// several server processes can share the database; within a process, by a lock.
///
/// ```swift
/// let store = try PostgresStore(location: try PostgresLocation(url: "postgres://app@127.0.0.1/registry"),
///                               schema: "tenant_alpha")
/// let manager = EntityDataManager(store: store)
/// ```
public final class PostgresStore: DataStore, @unchecked Sendable {
    // Guarded by `lock`: every use of the session goes through `withSession`.
    private let session: PostgresSession
    private let lock = NSLock()
    public let location: PostgresLocation
    public let schema: String

    /// Connects, creates the schema if needed and migrates it. Call off the event loops.
    public init(location: PostgresLocation, schema: String, logger: Logger = Logger(label: "datacollect.postgres")) throws {
        guard Self.isValidSchemaName(schema) else { throw PostgresStoreError.invalidSchemaName(schema) }
        self.location = location
        self.schema = schema
        session = PostgresSession(connection: try Self.connect(location, logger: logger), logger: logger)
        try session.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
        try session.execute("SET search_path TO \"\(schema)\"")
        try PostgresMigrations.migrate(session, appliedAt: EventTimestamp.now().iso8601)
    }

    /// Statements this store has sent to the server (each one a round trip), for diagnostics
    /// and for tests that pin how many a batch of writes costs.
    public var statementsSent: Int {
        lock.withLock { session.statementsSent }
    }

    static func connect(_ location: PostgresLocation, logger: Logger) throws -> PostgresConnection {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: 1, logger: logger).wait()
        } catch {
            throw PostgresStoreError.cannotConnect(location.description, underlying: String(describing: error))
        }
    }

    /// Lowercase letters, digits and `_`, starting with a letter or `_`, at most 63 bytes.
    public static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withSession { session in
            try session.execute("BEGIN")
            do {
                try session.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
                let transaction = SQLTransaction(session)
                let result = try body(transaction)
                try transaction.flushPendingRows()
                try session.commit()
                return result
            } catch {
                try? session.rollBack()
                throw error
            }
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withSession { session in
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { try? session.execute("COMMIT") }
            return try body(SQLTransaction(session))
        }
    }

    private func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(session)
    }
}
