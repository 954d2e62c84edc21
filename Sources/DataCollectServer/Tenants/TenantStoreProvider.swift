public import DataCollectCore
import DataCollectSQLite
import Foundation

/// Where each tenant's own store lives. The SQLite provider keeps one file per tenant; the
/// PostgreSQL provider one schema per tenant.
public protocol TenantStoreProvider: Sendable {
    /// Opens (creating and migrating if needed) the tenant's store.
    func openStore(tenant: String) throws -> any DataStore
}

/// One SQLite file per tenant in a folder: `<folder>/<tenant>.sqlite`. Tenant ids are checked
/// (``TenantRecord/isValidID(_:)``) before they name a file.
public struct SQLiteTenantStores: TenantStoreProvider {
    public let folder: String

    public init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        self.folder = folder
    }

    public func openStore(tenant: String) throws -> any DataStore {
        guard TenantRecord.isValidID(tenant) else {
            throw DataCollectError(.invalidForm, field: "id", message: "A tenant id is letters, digits, '-' and '_' (at most 64).")
        }
        return try SQLiteStore(path: (folder as NSString).appendingPathComponent(tenant + ".sqlite"))
    }
}
