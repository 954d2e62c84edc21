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

/// The store beneath: the fold continues from the projection the store holds. Reads are
/// cached: the store does not change while a workspace sits on it (its writes are flushed
/// after the fold), and one event typically reads the same entity several times.
final class StoreProjectionBase: ProjectionBase {
    let transaction: any StoreTransaction
    private var records: [String: EntityRecord?] = [:]
    private var tombstones: [String: Tombstone?] = [:]
    private var parentLists: [String: [String]] = [:]

    init(transaction: any StoreTransaction) {
        self.transaction = transaction
    }

    func record(guid: String) throws -> EntityRecord? {
        if let cached = records[guid] { return cached }
        let record = try transaction.record(guid: guid)
        records[guid] = .some(record)
        return record
    }

    func tombstone(guid: String) throws -> Tombstone? {
        if let cached = tombstones[guid] { return cached }
        let tombstone = try transaction.tombstone(guid: guid)
        tombstones[guid] = .some(tombstone)
        return tombstone
    }

    func parents(of guid: String) throws -> [String] {
        if let cached = parentLists[guid] { return cached }
        let parents = try transaction.parents(of: guid)
        parentLists[guid] = parents
        return parents
    }

    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event] {
        try transaction.pendingEvents(touching: entityGuids)
    }
}
