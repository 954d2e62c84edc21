import DataCollectIntegrity

/// The fold's scratch state: reads fall through the current event's changes, then the batch's,
/// then the base; an event that does not apply leaves no trace.
final class ProjectionWorkspace {
    private let base: any ProjectionBase
    private(set) var committed = ProjectionChanges()
    private var current = ProjectionChanges()
    /// Pending events known to this workspace, by guid, and the entities each waits on.
    private var pending: [String: (event: Event, references: Set<String>)] = [:]
    private var pendingByEntity: [String: Set<String>] = [:]
    /// The fold step under way, and for each entity it changed: its state before the step
    /// and the last event that changed it.
    private var step: EventOrderKey?
    private var stepChanges: [String: (before: Entity?, eventGuids: [String])] = [:]

    init(base: any ProjectionBase) {
        self.base = base
    }

    // MARK: Reads

    func record(_ guid: String) throws -> EntityRecord? {
        if let overlay = current.records[guid] { return overlay }
        if let overlay = committed.records[guid] { return overlay }
        return try base.record(guid: guid)
    }

    func tombstone(_ guid: String) throws -> Tombstone? {
        if let overlay = current.tombstones[guid] { return overlay }
        if let overlay = committed.tombstones[guid] { return overlay }
        return try base.tombstone(guid: guid)
    }

    /// Live groups that list `guid` among their members, in guid order.
    func parents(of guid: String) throws -> [String] {
        var candidates = Set(try base.parents(of: guid))
        candidates.formUnion(committed.parentCandidates[guid] ?? [])
        candidates.formUnion(current.parentCandidates[guid] ?? [])
        var parents: [String] = []
        for candidate in candidates {
            if let group = try record(candidate), group.entity.memberIds.contains(guid) {
                parents.append(candidate)
            }
        }
        return parents.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func status(ofEvent guid: String) -> EventStatus? {
        current.statuses[guid] ?? committed.statuses[guid]
    }

    // MARK: Writes within the current event

    func put(_ record: EntityRecord) { current.put(record) }
    func remove(_ guid: String) { current.records[guid] = .some(nil) }
    func put(_ tombstone: Tombstone) { current.tombstones[tombstone.entityGuid] = .some(tombstone) }
    func dismiss(_ dismissal: DismissedDuplicate) { current.dismissals.append(dismissal) }
    func audit(_ entry: AuditEntry) { current.audit.append(entry) }

    func commitEvent(_ eventGuid: String) throws {
        for guid in current.records.keys {
            if stepChanges[guid] == nil { stepChanges[guid] = (try committedRecord(guid)?.entity, []) }
            stepChanges[guid]?.eventGuids.append(eventGuid)
        }
        committed.absorb(current)
        current = ProjectionChanges()
    }

    /// A record as it stands before the current event's changes.
    private func committedRecord(_ guid: String) throws -> EntityRecord? {
        if let overlay = committed.records[guid] { return overlay }
        return try base.record(guid: guid)
    }

    // MARK: Fold steps (the versions of the history)

    /// Starts the fold step of one event: every change until ``endStep()`` belongs to it.
    func beginStep(_ key: EventOrderKey) {
        step = key
        stepChanges = [:]
    }

    /// Ends the step: each entity whose state it changed gets a new version.
    func endStep() throws {
        guard let step else { return }
        for (guid, change) in stepChanges.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let after = try record(guid)?.entity
            guard after != change.before else { continue }
            committed.versions.append(VersionDraft(entityGuid: guid, step: step, eventGuids: change.eventGuids,
                                                   state: after.map { $0.jsonValue.canonicalBytes }))
        }
        self.step = nil
        stepChanges = [:]
    }

    func rollbackEvent() {
        current = ProjectionChanges()
    }

    // MARK: Bookkeeping outside events

    func recordOutcome(of event: Event, status: EventStatus, touched: Set<String>) {
        committed.statuses[event.guid] = status
        if !touched.isEmpty { committed.touches[event.guid, default: []].formUnion(touched) }
    }

    func auditOutsideEvent(_ entry: AuditEntry) { committed.audit.append(entry) }

    func markPending(_ event: Event, references: Set<String>) {
        pending[event.guid] = (event, references)
        for guid in references { pendingByEntity[guid, default: []].insert(event.guid) }
    }

    func clearPending(_ eventGuid: String) {
        guard let entry = pending.removeValue(forKey: eventGuid) else { return }
        for guid in entry.references { pendingByEntity[guid]?.remove(eventGuid) }
    }

    /// Events still pending that wait on any of these entities, in fold order.
    func pendingEvents(touching entityGuids: Set<String>) throws -> [Event] {
        var found: [String: Event] = [:]
        for guid in entityGuids {
            for eventGuid in pendingByEntity[guid] ?? [] {
                if let entry = pending[eventGuid] { found[eventGuid] = entry.event }
            }
        }
        for event in try base.pendingEvents(touching: entityGuids) where found[event.guid] == nil {
            if let status = status(ofEvent: event.guid), status.name != "pending" { continue }
            found[event.guid] = event
        }
        return found.values.sorted { $0.orderKey < $1.orderKey }
    }
}
