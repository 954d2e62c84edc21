import DataCollectIntegrity
/// What the fold reads beneath its own changes: the store (when appending in order) or nothing
/// (when re-folding a set of entities from their events).
protocol ProjectionBase {
    func record(guid: String) throws -> EntityRecord?
    func tombstone(guid: String) throws -> Tombstone?
    func parents(of guid: String) throws -> [String]
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event]
}

/// Nothing beneath: the fold starts from an empty state.
struct EmptyProjectionBase: ProjectionBase {
    func record(guid: String) throws -> EntityRecord? { nil }
    func tombstone(guid: String) throws -> Tombstone? { nil }
    func parents(of guid: String) throws -> [String] { [] }
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event] { [] }
}

/// The store beneath: the fold continues from the projection the store holds.
struct StoreProjectionBase: ProjectionBase {
    let transaction: any StoreTransaction

    func record(guid: String) throws -> EntityRecord? { try transaction.record(guid: guid) }
    func tombstone(guid: String) throws -> Tombstone? { try transaction.tombstone(guid: guid) }
    func parents(of guid: String) throws -> [String] { try transaction.parents(of: guid) }
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event] {
        try transaction.pendingEvents(touching: entityGuids)
    }
}
