public import DataCollectCore

/// Where an adapter type's cursors live in the tenant store's metadata.
///
/// - `external.<type>.pushCursor`: the `seq` of the last local event handed to the adapter
///   (decimal); events are selected by `seq`, never by author time, so none is skipped.
/// - `external.<type>.pullCursor`: the external system's own cursor, opaque here.
public struct ExternalSyncCursors: Sendable, Hashable {
    public let adapterType: String

    public init(adapterType: String) {
        self.adapterType = adapterType
    }

    public var pushKey: String { "external.\(adapterType).pushCursor" }
    public var pullKey: String { "external.\(adapterType).pullCursor" }

    public func pushCursor(in store: any DataStore) throws -> Int64 {
        try store.read { try $0.metadata(pushKey) }.flatMap { Int64($0) } ?? 0
    }

    public func pullCursor(in store: any DataStore) throws -> String? {
        try store.read { try $0.metadata(pullKey) }
    }

    func setPushCursor(_ seq: Int64, in store: any DataStore) throws {
        try store.write { try $0.setMetadata(pushKey, String(seq)) }
    }

    func setPullCursor(_ cursor: String, in store: any DataStore) throws {
        try store.write { try $0.setMetadata(pullKey, cursor) }
    }
}
