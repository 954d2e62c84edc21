import DataCollectCore
import DataCollectIntegrity

/// What a client remembers about syncing one tenant, kept in its own store's metadata under
/// `sync.<tenant>.*` (readable with `sqlite3 FILE "SELECT * FROM store_metadata WHERE key LIKE 'sync.%'"`).
///
/// Every change is written in a store transaction, and only after what it describes happened:
/// the push cursor after the server answered the batch, the pull cursor after the events
/// landed. A crash at any point therefore repeats work (idempotently) rather than losing it.
struct SyncState: Sendable, Hashable {
    /// The server URL last synced with (informational).
    var server: String?
    /// This client's `seq` up to which every event was answered by the server.
    var pushCursor: Int64 = 0
    /// The server's `seq` of the last pulled event applied here.
    var pullCursor: Int64 = 0
    /// Leaves of the server's events log pulled and applied here (the next leaf index expected).
    var pulledLeaves: UInt64 = 0
    /// The server's audit `seq` up to which its `redact-event` entries were followed here.
    var redactionCursor: Int64 = 0
    /// This client's audit `seq` up to which its own entries were offered to the server.
    var auditPushCursor: Int64 = 0
    /// The server's verifier key, pinned at the first sync unless configured.
    var serverKey: String?
    var checkpoint: VerifiedCheckpoint?
    /// The last checkpoint of the server's audit log verified here: the `redact-event`
    /// entries followed were proven against it, and the next must extend it.
    var auditCheckpoint: VerifiedCheckpoint?
    /// Events refused on either side, newest knowledge per (direction, event guid).
    var rejections: [SyncRejection] = []

    /// The metadata keys of one tenant.
    struct Keys {
        let prefix: String
        init(tenant: String) { prefix = "sync.\(tenant)." }
        var server: String { prefix + "server" }
        var pushCursor: String { prefix + "pushCursor" }
        var pullCursor: String { prefix + "pullCursor" }
        var pulledLeaves: String { prefix + "pulledLeaves" }
        var redactionCursor: String { prefix + "redactionCursor" }
        var auditPushCursor: String { prefix + "auditPushCursor" }
        var serverKey: String { prefix + "serverKey" }
        var checkpoint: String { prefix + "checkpoint" }
        var auditCheckpoint: String { prefix + "auditCheckpoint" }
        var rejections: String { prefix + "rejections" }
    }

    /// The tenants this store has synced, as a JSON array of ids (`status` lists them).
    static let tenantsKey = "sync.tenants"

    static func load(tenant: String, from transaction: any StoreTransaction) throws -> SyncState {
        let keys = Keys(tenant: tenant)
        var state = SyncState()
        state.server = try transaction.metadata(keys.server)
        state.pushCursor = try integer(keys.pushCursor, in: transaction).map(Int64.init) ?? 0
        state.pullCursor = try integer(keys.pullCursor, in: transaction).map(Int64.init) ?? 0
        state.redactionCursor = try integer(keys.redactionCursor, in: transaction).map(Int64.init) ?? 0
        state.auditPushCursor = try integer(keys.auditPushCursor, in: transaction).map(Int64.init) ?? 0
        state.pulledLeaves = try integer(keys.pulledLeaves, in: transaction).map(UInt64.init) ?? 0
        state.serverKey = try transaction.metadata(keys.serverKey)
        state.checkpoint = try checkpoint(keys.checkpoint, in: transaction)
        state.auditCheckpoint = try checkpoint(keys.auditCheckpoint, in: transaction)
        if let text = try transaction.metadata(keys.rejections) {
            guard let items = (try? JSONParser.parse(text))?.arrayValue else { throw corrupted(keys.rejections) }
            state.rejections = try items.map { item in
                guard let rejection = SyncRejection(json: item) else { throw corrupted(keys.rejections) }
                return rejection
            }
        }
        return state
    }

    func save(tenant: String, in transaction: any StoreTransaction) throws {
        let keys = Keys(tenant: tenant)
        if let server { try transaction.setMetadata(keys.server, server) }
        try transaction.setMetadata(keys.pushCursor, String(pushCursor))
        try transaction.setMetadata(keys.pullCursor, String(pullCursor))
        try transaction.setMetadata(keys.pulledLeaves, String(pulledLeaves))
        try transaction.setMetadata(keys.redactionCursor, String(redactionCursor))
        try transaction.setMetadata(keys.auditPushCursor, String(auditPushCursor))
        if let serverKey { try transaction.setMetadata(keys.serverKey, serverKey) }
        if let checkpoint { try transaction.setMetadata(keys.checkpoint, checkpoint.jsonValue.canonicalString) }
        if let auditCheckpoint { try transaction.setMetadata(keys.auditCheckpoint, auditCheckpoint.jsonValue.canonicalString) }
        try transaction.setMetadata(keys.rejections, JSONValue.array(rejections.map(\.jsonValue)).canonicalString)
        var tenants = try Self.tenants(in: transaction)
        if !tenants.contains(tenant) {
            tenants.append(tenant)
            try transaction.setMetadata(Self.tenantsKey, JSONValue.array(tenants.sorted().map { .string($0) }).canonicalString)
        }
    }

    /// Reads, changes and writes one tenant's state in a single write transaction.
    @discardableResult
    static func update(tenant: String, in store: any DataStore, _ change: (inout SyncState) throws -> Void) throws -> SyncState {
        try store.write { try update(tenant: tenant, in: $0, change) }
    }

    /// Reads, changes and writes one tenant's state inside a write transaction the caller holds.
    @discardableResult
    static func update(tenant: String, in transaction: any StoreTransaction,
                       _ change: (inout SyncState) throws -> Void) throws -> SyncState {
        var state = try load(tenant: tenant, from: transaction)
        try change(&state)
        try state.save(tenant: tenant, in: transaction)
        return state
    }

    static func tenants(in transaction: any StoreTransaction) throws -> [String] {
        guard let text = try transaction.metadata(tenantsKey) else { return [] }
        guard let list = (try? JSONParser.parse(text))?.arrayValue else { throw corrupted(tenantsKey) }
        return list.compactMap(\.stringValue)
    }

    /// Adds or replaces (by direction and event guid) the given rejections.
    mutating func remember(_ new: [SyncRejection]) {
        for rejection in new {
            rejections.removeAll { $0.direction == rejection.direction && $0.eventGuid == rejection.eventGuid }
            rejections.append(rejection)
        }
    }

    private static func checkpoint(_ key: String, in transaction: any StoreTransaction) throws -> VerifiedCheckpoint? {
        guard let text = try transaction.metadata(key) else { return nil }
        guard let checkpoint = (try? JSONParser.parse(text)).flatMap(VerifiedCheckpoint.init(json:)) else { throw corrupted(key) }
        return checkpoint
    }

    private static func integer(_ key: String, in transaction: any StoreTransaction) throws -> Int? {
        guard let text = try transaction.metadata(key) else { return nil }
        guard let value = Int(text), value >= 0 else { throw corrupted(key) }
        return value
    }

    private static func corrupted(_ key: String) -> DataCollectError {
        DataCollectError(.storeCorrupted, field: key,
                         message: "The sync state in the store metadata is unreadable; it was changed outside datacollect.")
    }
}
