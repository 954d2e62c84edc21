public import DataCollectCore
import DataCollectIntegrity

/// A tenant as the routes use it: its manager (events, entities, audit) and its signer.
struct TenantHandle: Sendable {
    let id: String
    let manager: EntityDataManager
    let signer: NoteSigner
    let duplicateCount = DuplicateCountCache()
}

/// Opens each tenant's store once and keeps it; knows which tenants exist from the directory.
actor TenantRegistry {
    private let directory: any AccountDirectory
    private let stores: any TenantStoreProvider
    private let keys: TenantKeys
    private var open: [String: TenantHandle] = [:]

    init(directory: any AccountDirectory, stores: any TenantStoreProvider, keys: TenantKeys) {
        self.directory = directory
        self.stores = stores
        self.keys = keys
    }

    /// The tenant's handle; 404 when no such tenant exists (callers check access first, so
    /// only those allowed to reach a tenant learn whether it exists).
    func handle(_ tenant: String) async throws -> TenantHandle {
        if let handle = open[tenant] { return handle }
        let directory = directory, stores = stores, keys = keys
        let handle = try await blocking { () throws -> TenantHandle? in
            guard try directory.tenant(id: tenant) != nil else { return nil }
            let store = try stores.openStore(tenant: tenant)
            return TenantHandle(id: tenant, manager: EntityDataManager(store: store), signer: try keys.signer(for: tenant, store: store))
        }
        guard let handle else { throw APIError.notFound("There is no tenant with this id.", field: "configId") }
        // Another request may have opened it meanwhile: keep the first.
        if let existing = open[tenant] { return existing }
        open[tenant] = handle
        return handle
    }

    /// Drops the open handle of a deleted tenant; a tenant created again with the id reopens.
    func forget(_ tenant: String) {
        open[tenant] = nil
    }
}
