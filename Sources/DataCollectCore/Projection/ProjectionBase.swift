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
    private var pendingByEntity: [String: [Event]] = [:]

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

    /// The stored pending events touching these entities. The store does not change while a
    /// fold reads it (the fold writes only when it ends), so each entity's list is read once,
    /// and for many entities at a time (``prefetch(_:)``).
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event] {
        try readPending(entityGuids)
        var seen: Set<String> = []
        return entityGuids.flatMap { pendingByEntity[$0] ?? [] }.filter { seen.insert($0.guid).inserted }
    }

    /// Reads the pending events of the entities not read yet.
    private func readPending(_ entityGuids: Set<String>) throws {
        let unread = entityGuids.filter { pendingByEntity[$0] == nil }
        guard !unread.isEmpty else { return }
        let found = try transaction.pendingEventsByEntity(touching: unread)
        for guid in unread { pendingByEntity[guid] = found[guid] ?? [] }
    }

    /// Reads the records, tombstones, parents and pending events of these entities in one go (a
    /// query each, not one per entity); what is not found is remembered as absent.
    func prefetch(_ guids: Set<String>) throws {
        try readPending(guids)
        let parentsUnread = guids.filter { parentLists[$0] == nil }
        if !parentsUnread.isEmpty { parentLists.merge(try transaction.parents(ofEach: parentsUnread)) { cached, _ in cached } }
        let unknown = guids.filter { records[$0] == nil || tombstones[$0] == nil }
        guard !unknown.isEmpty else { return }
        for guid in unknown {
            records[guid] = .some(nil)
            tombstones[guid] = .some(nil)
        }
        for record in try transaction.records(guids: unknown) { records[record.entity.guid] = .some(record) }
        for tombstone in try transaction.tombstones(guids: unknown) { tombstones[tombstone.entityGuid] = .some(tombstone) }
    }
}
