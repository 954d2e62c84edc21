public import DataCollectCore
public import DataCollectIntegrity

/// Where a client stands with one tenant, read from its own store without contacting the
/// server: what is still to push, what was refused and why, and the last server checkpoint
/// it verified. `datacollect status` prints it.
///
/// ```swift
/// let status = try SyncStatus.read(tenant: "household-survey", from: store)
/// print(status.unsyncedEvents, status.rejections.count)
/// ```
public struct SyncStatus: Sendable, Hashable {
    public var tenant: String
    /// The server last synced with; nil when this tenant was never synced from this store.
    public var server: String?
    /// This client's events not yet answered by the server (events from the server excluded).
    public var unsyncedEvents: Int
    /// This client's `seq` up to which the server answered every event.
    public var pushCursor: Int64
    /// The server's `seq` up to which its events are applied here.
    public var pullCursor: Int64
    /// The server's pinned verifier key.
    public var serverKey: String?
    public var checkpoint: VerifiedCheckpoint?
    /// The last checkpoint of the server's audit log verified here (the erasures followed were
    /// proven against it).
    public var auditCheckpoint: VerifiedCheckpoint?
    /// Events refused on either side, with the reasons.
    public var rejections: [SyncRejection]

    /// Reads one tenant's status; a tenant never synced shows every local event as unsynced.
    public static func read(tenant: String, from store: any DataStore) throws -> SyncStatus {
        try store.read { transaction in
            let state = try SyncState.load(tenant: tenant, from: transaction)
            return SyncStatus(tenant: tenant, server: state.server,
                              unsyncedEvents: try unsyncedEvents(after: state.pushCursor, in: transaction),
                              pushCursor: state.pushCursor,
                              pullCursor: state.pullCursor, serverKey: state.serverKey, checkpoint: state.checkpoint,
                              auditCheckpoint: state.auditCheckpoint, rejections: state.rejections)
        }
    }

    /// Events recorded here (not received from the server) after this store's `seq` `cursor`:
    /// with cursor 0, everything a store that never synced would push.
    public static func unsyncedEvents(after cursor: Int64 = 0, in store: any DataStore) throws -> Int {
        try store.read { try unsyncedEvents(after: cursor, in: $0) }
    }

    private static func unsyncedEvents(after cursor: Int64, in transaction: any StoreTransaction) throws -> Int {
        var unsynced = 0
        try forEachUnsyncedEvent(after: cursor, in: transaction) { _ in unsynced += 1 }
        return unsynced
    }

    /// Visits this client's own events (not those from the server) after `cursor`, in `seq` order.
    static func forEachUnsyncedEvent(after cursor: Int64, in transaction: any StoreTransaction,
                                     _ body: (StoredEvent) -> Void) throws {
        var cursor = cursor
        while true {
            let page = try transaction.events(afterSeq: cursor, limit: 1_000)
            guard let last = page.last else { return }
            for stored in page where stored.event.syncLevel != .remote { body(stored) }
            cursor = last.seq
        }
    }

    /// The tenants this store has synced, sorted.
    public static func syncedTenants(in store: any DataStore) throws -> [String] {
        try store.read { try SyncState.tenants(in: $0) }
    }

    public var jsonValue: JSONValue {
        [
            "tenant": .string(tenant), "server": server.map(JSONValue.string) ?? .null,
            "unsyncedEvents": .number(JSONNumber(unsyncedEvents)), "pushCursor": .number(JSONNumber(Int(pushCursor))),
            "pullCursor": .number(JSONNumber(Int(pullCursor))), "serverKey": serverKey.map(JSONValue.string) ?? .null,
            "checkpoint": checkpoint?.jsonValue ?? .null, "auditCheckpoint": auditCheckpoint?.jsonValue ?? .null,
            "rejections": .array(rejections.map(\.jsonValue)),
        ]
    }
}
