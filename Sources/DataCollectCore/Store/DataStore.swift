import DataCollectIntegrity

/// The event log of one store: append-only, idempotent by guid.
public protocol EventStore {
    /// Appends an event once: the same guid with the same content is a no-op, with different
    /// content a conflict; neither overwrites anything.
    func append(_ event: Event, recordedAt: EventTimestamp) throws -> AppendOutcome
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
    func setStatus(_ status: EventStatus, forEvent guid: String) throws
    /// Events whose status is pending and that touch any of these entities.
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event]
    /// Every event currently pending, in `seq` order.
    func pendingEvents() throws -> [StoredEvent]
}

/// The projection: current entity state, tombstones and dismissed duplicate pairs.
public protocol EntityStore {
    func record(guid: String) throws -> EntityRecord?
    func tombstone(guid: String) throws -> Tombstone?
    /// Guids of the live groups whose `memberIds` contain this guid.
    func parents(of guid: String) throws -> [String]
    func save(_ record: EntityRecord) throws
    func removeRecord(guid: String) throws
    func save(_ tombstone: Tombstone) throws
    func removeTombstone(guid: String) throws
    func save(_ dismissal: DismissedDuplicate) throws
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
    /// An entity's entries, newest first (by timestamp, then seq).
    func auditEntries(entityGuid: String) throws -> [StoredAuditEntry]
    func auditEntries(afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry]
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
}
