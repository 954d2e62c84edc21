import DataCollectIntegrity

/// The event log of one store: append-only, idempotent by guid.
public protocol EventStore {
    /// Appends an event once: the same guid with the same content is a no-op, with different
    /// content a conflict; neither overwrites anything.
    func append(_ event: Event, recordedAt: EventTimestamp) throws -> AppendOutcome
    /// Appends events in order, each as ``append(_:recordedAt:)`` would (a guid repeated in the
    /// list is appended once, then present or a conflict): one outcome per event, in order.
    func append(_ events: [Event], recordedAt: EventTimestamp) throws -> [AppendOutcome]
    func storedEvent(guid: String) throws -> StoredEvent?
    /// Events with `seq` greater than `afterSeq`, in `seq` order.
    func events(afterSeq: Int64, limit: Int) throws -> [StoredEvent]
    /// The events with these guids, in no particular order.
    func events(guids: Set<String>) throws -> [Event]
    /// Every stored event, in no particular order (for full rebuilds).
    func allEvents() throws -> [Event]
    /// The stored events with these guids (with their `recordedAt`), in no particular order.
    func storedEvents(guids: Set<String>) throws -> [StoredEvent]
    /// Every stored event with its `recordedAt`, in `seq` order (for history rebuilds).
    func allStoredEvents() throws -> [StoredEvent]
    func eventCount() throws -> Int
    /// Records that an event names or changed these entities (the index behind partial refolds).
    func recordTouches(eventGuid: String, entityGuids: Set<String>) throws
    /// Guids of the events that touched any of these entities.
    func eventGuids(touching entityGuids: Set<String>) throws -> Set<String>
    /// Entities touched by any of these events.
    func entityGuids(touchedBy eventGuids: Set<String>) throws -> Set<String>
    /// For each of these entities, the fold position of the last event that touched it, among
    /// the events not in `excluding` (an entity no such event touched is absent). A late
    /// event whose entities nothing touched after it can be folded on top of the stored state.
    func latestTouches(of entityGuids: Set<String>, excluding eventGuids: Set<String>) throws -> [String: EventOrderKey]
    func setStatus(_ status: EventStatus, forEvent guid: String) throws
    /// Sets several events' statuses at once.
    func setStatuses(_ statuses: [String: EventStatus]) throws
    /// The pending events touching each of these entities (entities with none are missing).
    func pendingEventsByEntity(touching entityGuids: Set<String>) throws -> [String: [Event]]
    /// Every event currently pending, in `seq` order.
    func pendingEvents() throws -> [StoredEvent]
}

/// The projection: current entity state, tombstones and dismissed duplicate pairs.
public protocol EntityStore {
    func record(guid: String) throws -> EntityRecord?
    func tombstone(guid: String) throws -> Tombstone?
    /// The live records among these guids (absent ones are simply missing), in no order: the
    /// fold reads a whole batch's entities at once rather than one query per entity.
    func records(guids: Set<String>) throws -> [EntityRecord]
    /// The tombstones among these guids, in no order.
    func tombstones(guids: Set<String>) throws -> [Tombstone]
    /// Guids of the live groups whose `memberIds` contain this guid.
    func parents(of guid: String) throws -> [String]
    /// ``parents(of:)`` for many entities at once (an entity in no group maps to an empty list).
    func parents(ofEach guids: Set<String>) throws -> [String: [String]]
    func save(_ record: EntityRecord) throws
    /// Saves several records (distinct guids) at once.
    func save(_ records: [EntityRecord]) throws
    /// Removes these entities' records (and a group's memberships); absent guids are ignored.
    func removeRecords(guids: Set<String>) throws
    /// Saves tombstones (distinct entities), replacing any the entities had.
    func save(_ tombstones: [Tombstone]) throws
    /// Removes these entities' tombstones; absent guids are ignored.
    func removeTombstones(guids: Set<String>) throws
    /// Saves dismissed pairs; a pair already dismissed stays as it is.
    func save(_ dismissals: [DismissedDuplicate]) throws
    /// Removes the dismissals that involve any of these entities (before a refold rewrites them).
    func removeDismissals(involving entityGuids: Set<String>) throws
    func dismissals() throws -> Set<DismissedDuplicate>
    /// All live entities, ordered by guid (byte order), optionally of one type.
    func records(type: EntityType?) throws -> [EntityRecord]
    /// Visits all live entities in guid order without loading them all at once.
    func forEachRecord(_ body: (EntityRecord) throws -> Void) throws
    func entityCount() throws -> Int
    /// Entities sharing a duplicate match key with at least one other entity: (key, guid, createdBy).
    func sharedMatchKeys() throws -> [(matchKey: String, guid: String, createdBy: EventOrderKey)]
    /// Removes every entity, tombstone, dismissal, touch record and status (before a full rebuild).
    func clearProjection() throws
}

/// The audit trail: append-only, idempotent by entry guid.
public protocol AuditTrail {
    /// Appends the entry unless one with its guid exists; returns the stored entry when new.
    func append(_ entry: AuditEntry, recordedAt: EventTimestamp) throws -> StoredAuditEntry?
    /// Appends the entries not yet present, in order (a guid repeated in the list counts once),
    /// and returns the stored ones in `seq` order.
    func append(_ entries: [AuditEntry], recordedAt: EventTimestamp) throws -> [StoredAuditEntry]
    /// An entity's entries, newest first (by timestamp, then seq).
    func auditEntries(entityGuid: String) throws -> [StoredAuditEntry]
    func auditEntries(afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry]
    /// Entries of one action with `seq` greater than `afterSeq`, in `seq` order (an index
    /// read in the SQL stores: a device following `redact-event` entries does not make the
    /// server scan its whole trail).
    func auditEntries(action: String, afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry]
    /// The entries an event produced, in seq order.
    func auditEntries(eventGuid: String) throws -> [StoredAuditEntry]
}

/// Small named values a store keeps about itself (the fold's high-water mark, for one).
public protocol StoreMetadata {
    func metadata(_ key: String) throws -> String?
    func setMetadata(_ key: String, _ value: String) throws
}

/// Everything one transaction can read and write.
public protocol StoreTransaction: EventStore, EntityStore, EntityHistoryStore, AuditTrail, StoreMetadata, IntegrityStore {}

/// A store: events, projection and audit trail, changed only inside transactions.
///
/// ```swift
/// let count = try store.read { try $0.eventCount() }
/// ```
public protocol DataStore: Sendable {
    /// Runs `body` in one write transaction: everything it does commits together or not at all.
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` against a consistent snapshot.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` against a consistent snapshot that it reads once from end to end, as verify
    /// does: a store may tune itself for one long sequential pass. By default, ``read(_:)``.
    func scan<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

extension DataStore {
    public func scan<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try read(body)
    }
}

extension EventStore {
    /// One append per event; stores with a cheaper way provide their own.
    public func append(_ events: [Event], recordedAt: EventTimestamp) throws -> [AppendOutcome] {
        try events.map { try append($0, recordedAt: recordedAt) }
    }

    public func setStatuses(_ statuses: [String: EventStatus]) throws {
        for (guid, status) in statuses { try setStatus(status, forEvent: guid) }
    }
}

extension EntityStore {
    /// One save per record; stores with a cheaper way provide their own.
    public func save(_ records: [EntityRecord]) throws {
        for record in records { try save(record) }
    }

    /// One lookup per guid; stores with a cheaper way (one query for all) provide their own.
    public func records(guids: Set<String>) throws -> [EntityRecord] {
        try guids.compactMap { try record(guid: $0) }
    }

    public func tombstones(guids: Set<String>) throws -> [Tombstone] {
        try guids.compactMap { try tombstone(guid: $0) }
    }

    public func parents(ofEach guids: Set<String>) throws -> [String: [String]] {
        try guids.reduce(into: [:]) { found, guid in found[guid] = try parents(of: guid) }
    }
}

extension AuditTrail {
    /// Reads the trail page by page and keeps the action's entries; stores with an index
    /// provide their own.
    public func auditEntries(action: String, afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry] {
        var found: [StoredAuditEntry] = []
        var cursor = afterSeq
        while found.count < limit {
            let page = try auditEntries(afterSeq: cursor, limit: 1_000)
            guard let last = page.last else { break }
            found += page.filter { $0.entry.action == action }
            cursor = last.seq
        }
        return Array(found.prefix(limit))
    }

    /// One append per entry; stores with a cheaper way provide their own.
    public func append(_ entries: [AuditEntry], recordedAt: EventTimestamp) throws -> [StoredAuditEntry] {
        try entries.compactMap { try append($0, recordedAt: recordedAt) }
    }
}
