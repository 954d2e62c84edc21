public import DataCollectCore
import DataCollectIntegrity
public import DataCollectPostgres

/// One PostgreSQL schema per tenant in a shared database: `tenant_<id, lowercased>_<8 hex>`,
/// the hex part (of SHA-256 of the id) keeping ids that differ only in case apart.
public struct PostgresTenantStores: TenantStoreProvider {
    public let location: PostgresLocation

    public init(location: PostgresLocation) {
        self.location = location
    }

    public func openStore(tenant: String) throws -> any DataStore {
        guard TenantRecord.isValidID(tenant) else {
            throw DataCollectError(.invalidForm, field: "id", message: "A tenant id is letters, digits, '-' and '_' (at most 64).")
        }
        return try PostgresStore(location: location, schema: Self.schema(for: tenant))
    }

    /// The schema name of a tenant: at most 63 bytes, only `[a-z0-9_]`.
    public static func schema(for tenant: String) -> String {
        let readable = String(tenant.lowercased().map { $0 == "-" ? "_" : $0 }.prefix(40))
        return "tenant_\(readable)_\(Digest.sha256Hex(Array(tenant.utf8)).prefix(8))"
    }
}
