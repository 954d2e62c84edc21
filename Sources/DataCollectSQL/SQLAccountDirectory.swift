public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The server's accounts and tenants (``AccountDirectory``) over either relational store: the
/// `users` and `tenants` tables, with the same queries for SQLite and PostgreSQL. Each adapter
/// opens the connection and creates the tables in its own types; this serialises use of the
/// connection and runs the queries.
public final class SQLAccountDirectory<Database: SQLDatabase>: AccountDirectory, @unchecked Sendable {
    // Guarded by `lock`.
    private let connection: Database
    private let lock = NSLock()

    /// Takes over an open connection on which `users` and `tenants` exist.
    public init(connection: Database) {
        self.connection = connection
    }

    private func locked<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    // MARK: Users

    private static var userColumns: String { "id, email, password_hash, role, tenants, created_at" }

    private static func user(_ row: Database.Row) throws -> UserAccount {
        guard let email = row.text(1), let hash = row.text(2), let role = row.text(3).flatMap(Role.init(rawValue:)),
              let tenants = row.text(4).flatMap({ try? JSONParser.parse($0) })?.arrayValue,
              let createdAt = row.text(5).flatMap(EventTimestamp.init(parsing:))
        else { throw DataCollectError(.storeCorrupted, message: "An account row of the server directory cannot be read.") }
        return UserAccount(id: row.int(0), email: email, passwordHash: hash, role: role,
                           tenants: tenants.compactMap(\.stringValue), createdAt: createdAt)
    }

    private static func tenantList(_ tenants: [String]) -> SQLValue {
        .text(JSONValue.array(Set(tenants).sorted().map { .string($0) }).canonicalString)
    }

    public func user(email: String) throws -> UserAccount? {
        try locked { connection in
            try connection.query("SELECT \(Self.userColumns) FROM users WHERE email = ?",
                                 [.text(UserAccount.normalizedEmail(email))], Self.user).first
        }
    }

    public func user(id: Int64) throws -> UserAccount? {
        try locked { connection in
            try connection.query("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.integer(id)], Self.user).first
        }
    }

    public func users() throws -> [UserAccount] {
        try locked { connection in try connection.query("SELECT \(Self.userColumns) FROM users ORDER BY id", [], Self.user) }
    }

    public func createUser(email: String, passwordHash: String, role: Role, tenants: [String],
                           createdAt: EventTimestamp) throws -> UserAccount? {
        let email = UserAccount.normalizedEmail(email)
        return try locked { connection in
            let inserted = try connection.query("""
                INSERT INTO users (email, password_hash, role, tenants, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (email) DO NOTHING RETURNING id
                """, [.text(email), .text(passwordHash), .text(role.rawValue), Self.tenantList(tenants), .text(createdAt.iso8601)]) {
                $0.int(0)
            }
            guard let id = inserted.first else { return nil }
            return UserAccount(id: id, email: email, passwordHash: passwordHash, role: role,
                               tenants: Array(Set(tenants)), createdAt: createdAt)
        }
    }

    public func updateUser(_ account: UserAccount) throws -> Bool {
        try locked { connection in
            let email = UserAccount.normalizedEmail(account.email)
            let taken = try connection.query("SELECT id FROM users WHERE email = ? AND id <> ?",
                                             [.text(email), .integer(account.id)]) { $0.int(0) }
            guard taken.isEmpty else { return false }
            return try connection.run("UPDATE users SET email = ?, password_hash = ?, role = ?, tenants = ? WHERE id = ?",
                                      [.text(email), .text(account.passwordHash), .text(account.role.rawValue),
                                       Self.tenantList(account.tenants), .integer(account.id)]) == 1
        }
    }

    public func deleteUser(id: Int64) throws -> Bool {
        try locked { connection in try connection.run("DELETE FROM users WHERE id = ?", [.integer(id)]) == 1 }
    }

    public func hasAdmin() throws -> Bool {
        try locked { connection in
            (try connection.query("SELECT count(*) FROM users WHERE role = 'admin'") { $0.int(0) }.first ?? 0) > 0
        }
    }

    // MARK: Tenants

    private static var tenantColumns: String { "id, name, artifact_id, configuration, created_at, updated_at" }

    private static func tenant(_ row: Database.Row) throws -> TenantRecord {
        guard let id = row.text(0), let name = row.text(1), let artifactId = row.text(2),
              let configuration = row.text(3).flatMap({ try? JSONParser.parse($0) }),
              let createdAt = row.text(4).flatMap(EventTimestamp.init(parsing:)),
              let updatedAt = row.text(5).flatMap(EventTimestamp.init(parsing:))
        else { throw DataCollectError(.storeCorrupted, message: "A tenant row of the server directory cannot be read.") }
        return TenantRecord(id: id, name: name, artifactId: artifactId, configuration: configuration,
                            createdAt: createdAt, updatedAt: updatedAt)
    }

    public func tenant(id: String) throws -> TenantRecord? {
        try locked { connection in
            try connection.query("SELECT \(Self.tenantColumns) FROM tenants WHERE id = ?", [.text(id)], Self.tenant).first
        }
    }

    public func tenants() throws -> [TenantRecord] {
        try locked { connection in try connection.query("SELECT \(Self.tenantColumns) FROM tenants ORDER BY id", [], Self.tenant) }
    }

    public func saveTenant(_ tenant: TenantRecord) throws {
        try locked { connection in
            try connection.run("""
                INSERT INTO tenants (\(Self.tenantColumns)) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, artifact_id = excluded.artifact_id,
                    configuration = excluded.configuration, updated_at = excluded.updated_at
                """, [.text(tenant.id), .text(tenant.name), .text(tenant.artifactId), .text(tenant.configuration.canonicalString),
                      .text(tenant.createdAt.iso8601), .text(tenant.updatedAt.iso8601)])
        }
    }

    public func deleteTenant(id: String) throws -> Bool {
        try locked { connection in try connection.run("DELETE FROM tenants WHERE id = ?", [.text(id)]) == 1 }
    }
}
