import DataCollectIntegrity

/// One transaction over an ``InMemoryStore``'s state.
final class InMemoryTransaction: StoreTransaction {
    var state: InMemoryState

    init(_ state: InMemoryState) {
        self.state = state
    }

    // MARK: EventStore

    func append(_ event: Event, recordedAt: EventTimestamp) throws -> AppendOutcome {
        if let index = state.eventIndex[event.guid] {
            let stored = state.events[index]
            return stored.event.identityBytes == event.identityBytes
                ? .alreadyPresent(seq: stored.seq) : .conflict(seq: stored.seq)
        }
        let seq = Int64(state.events.count + 1)
        state.eventIndex[event.guid] = state.events.count
        state.events.append(StoredEvent(event: event, seq: seq, recordedAt: recordedAt, status: .pending(
            DataCollectError(.entityNotFound, message: "The event has not been folded yet."))))
        state.unfolded.insert(event.guid)
        return .appended(seq: seq)
    }

    func storedEvent(guid: String) throws -> StoredEvent? {
        state.eventIndex[guid].map { state.events[$0] }
    }

    func events(afterSeq: Int64, limit: Int) throws -> [StoredEvent] {
        let start = Int(max(0, afterSeq))
        guard start < state.events.count else { return [] }
        return Array(state.events[start..<min(state.events.count, start + limit)])
    }

    func events(guids: Set<String>) throws -> [Event] {
        guids.compactMap { state.eventIndex[$0].map { state.events[$0].event } }
    }

    func allEvents() throws -> [Event] { state.events.map(\.event) }
    func storedEvents(guids: Set<String>) throws -> [StoredEvent] {
        guids.compactMap { state.eventIndex[$0].map { state.events[$0] } }
    }

    func allStoredEvents() throws -> [StoredEvent] { state.events }
    func eventCount() throws -> Int { state.events.count }

    func recordTouches(eventGuid: String, entityGuids: Set<String>) throws {
        state.touchesByEvent[eventGuid, default: []].formUnion(entityGuids)
        for guid in entityGuids { state.touchesByEntity[guid, default: []].insert(eventGuid) }
    }

    func eventGuids(touching entityGuids: Set<String>) throws -> Set<String> {
        entityGuids.reduce(into: []) { $0.formUnion(state.touchesByEntity[$1] ?? []) }
    }

    func entityGuids(touchedBy eventGuids: Set<String>) throws -> Set<String> {
        eventGuids.reduce(into: []) { $0.formUnion(state.touchesByEvent[$1] ?? []) }
    }

    func latestTouches(of entityGuids: Set<String>, excluding eventGuids: Set<String>) throws -> [String: EventOrderKey] {
        var latest: [String: EventOrderKey] = [:]
        for entity in entityGuids {
            for eventGuid in state.touchesByEntity[entity] ?? [] where !eventGuids.contains(eventGuid) {
                guard let index = state.eventIndex[eventGuid] else { continue }
                let key = state.events[index].event.orderKey
                if latest[entity].map({ $0 < key }) ?? true { latest[entity] = key }
            }
        }
        return latest
    }

    func setStatus(_ status: EventStatus, forEvent guid: String) throws {
        guard let index = state.eventIndex[guid] else { return }
        state.events[index].status = status
        state.unfolded.remove(guid)
    }

    func pendingEventsByEntity(touching entityGuids: Set<String>) throws -> [String: [Event]] {
        var found: [String: [Event]] = [:]
        for entity in entityGuids {
            let events = (state.touchesByEntity[entity] ?? []).compactMap { guid -> Event? in
                guard let index = state.eventIndex[guid], !state.unfolded.contains(guid),
                      case .pending = state.events[index].status
                else { return nil }
                return state.events[index].event
            }
            if !events.isEmpty { found[entity] = events }
        }
        return found
    }

    func pendingEvents() throws -> [StoredEvent] {
        state.events.filter {
            if case .pending = $0.status, !state.unfolded.contains($0.event.guid) { true } else { false }
        }
    }

    // MARK: EntityStore

    func record(guid: String) throws -> EntityRecord? { state.records[guid] }
    func tombstone(guid: String) throws -> Tombstone? { state.tombstones[guid] }

    func parents(of guid: String) throws -> [String] {
        (state.parentIndex[guid] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func save(_ record: EntityRecord) throws {
        try removeRecords(guids: [record.entity.guid])
        state.records[record.entity.guid] = record
        for member in record.entity.memberIds { state.parentIndex[member, default: []].insert(record.entity.guid) }
    }

    func removeRecords(guids: Set<String>) throws {
        for guid in guids {
            guard let old = state.records.removeValue(forKey: guid) else { continue }
            for member in old.entity.memberIds { state.parentIndex[member]?.remove(guid) }
        }
    }

    func save(_ tombstones: [Tombstone]) throws {
        for tombstone in tombstones { state.tombstones[tombstone.entityGuid] = tombstone }
    }

    func removeTombstones(guids: Set<String>) throws {
        for guid in guids { state.tombstones[guid] = nil }
    }

    func save(_ dismissals: [DismissedDuplicate]) throws { state.dismissals.formUnion(dismissals) }

    func removeDismissals(involving entityGuids: Set<String>) throws {
        state.dismissals = state.dismissals.filter {
            !entityGuids.contains($0.firstGuid) && !entityGuids.contains($0.secondGuid)
        }
    }

    func dismissals() throws -> Set<DismissedDuplicate> { state.dismissals }

    func records(type: EntityType?) throws -> [EntityRecord] {
        state.records.values
            .filter { type == nil || $0.entity.type == type }
            .sorted { $0.entity.guid.utf8.lexicographicallyPrecedes($1.entity.guid.utf8) }
    }

    func forEachRecord(_ body: (EntityRecord) throws -> Void) throws {
        for record in try records(type: nil) { try body(record) }
    }

    func entityCount() throws -> Int { state.records.count }

    func sharedMatchKeys() throws -> [(matchKey: String, guid: String, createdBy: EventOrderKey)] {
        let keyed = state.records.values.compactMap { record in
            record.matchKey.map { (matchKey: $0, guid: record.entity.guid, createdBy: record.createdBy) }
        }
        let counts = Dictionary(grouping: keyed, by: \.matchKey).filter { $0.value.count > 1 }
        return counts.values.flatMap { $0 }
    }

    func clearProjection() throws {
        state.records = [:]
        state.parentIndex = [:]
        state.tombstones = [:]
        state.dismissals = []
        state.touchesByEvent = [:]
        state.touchesByEntity = [:]
    }

    // MARK: AuditTrail

    func append(_ entry: AuditEntry, recordedAt: EventTimestamp) throws -> StoredAuditEntry? {
        guard state.auditGuids.insert(entry.guid).inserted else { return nil }
        let stored = StoredAuditEntry(entry: entry, seq: Int64(state.audit.count + 1), recordedAt: recordedAt)
        state.audit.append(stored)
        return stored
    }

    func auditEntries(entityGuid: String) throws -> [StoredAuditEntry] {
        state.audit.filter { $0.entry.entityGuid == entityGuid }.sorted {
            ($0.entry.timestamp, $0.seq) > ($1.entry.timestamp, $1.seq)
        }
    }

    func auditEntries(eventGuid: String) throws -> [StoredAuditEntry] {
        state.audit.filter { $0.entry.eventGuid == eventGuid }
    }

    func auditEntries(afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry] {
        Array(state.audit.filter { $0.seq > afterSeq }.prefix(limit))
    }

    // MARK: StoreMetadata

    func metadata(_ key: String) throws -> String? { state.metadata[key] }
    func setMetadata(_ key: String, _ value: String) throws { state.metadata[key] = value }
}
