public import DataCollectIntegrity

/// What an applier may read and change while applying one event.
///
/// The context keeps the invariants for every applier, built-in or custom: an entity changed
/// by the event gets `version + 1` once and `lastUpdated` = the latest applied event's
/// timestamp; each change writes an audit entry with a deterministic guid; a deleted entity
/// leaves a tombstone and is unlinked from its groups.
public final class ApplyContext {
    public let event: Event
    private let workspace: ProjectionWorkspace
    private var bumped: Set<String> = []
    /// Every entity this event read-modified, created or deleted.
    private(set) var touched: Set<String> = []

    init(event: Event, workspace: ProjectionWorkspace) {
        self.event = event
        self.workspace = workspace
    }

    // MARK: Reading

    /// The current state of a live entity, or nil if it does not exist (or was deleted).
    public func entity(_ guid: String) throws -> Entity? { try workspace.record(guid)?.entity }

    /// Whether the entity was deleted; deleted entities stay deleted.
    public func isDeleted(_ guid: String) throws -> Bool { try workspace.tombstone(guid) != nil }

    /// Live groups listing this entity as a member.
    public func parents(of guid: String) throws -> [String] { try workspace.parents(of: guid) }

    /// Whether `ancestor` is `guid` itself or a group that contains it, at any depth.
    public func isSelfOrAncestor(_ ancestor: String, of guid: String) throws -> Bool {
        var seen: Set<String> = []
        var frontier = [guid]
        while let next = frontier.popLast() {
            if next == ancestor { return true }
            guard seen.insert(next).inserted else { continue }
            frontier += try workspace.parents(of: next)
        }
        return false
    }

    // MARK: Changing

    /// Creates an entity from a form payload: `name` from `data.name` (or the default name),
    /// `externalId` from `data.externalId`, version 1.
    public func createEntity(
        _ guid: String, type: EntityType, data: [String: JSONValue], auditAction: String? = nil
    ) throws {
        if try workspace.tombstone(guid) != nil { throw Self.deleted(guid) }
        guard try workspace.record(guid) == nil else {
            throw DataCollectError(.invalidForm, field: "entityGuid", message: "The entity already exists.")
        }
        var entity = Entity(
            guid: guid, type: type, name: Entity.defaultName(for: type), version: 1,
            data: data, lastUpdated: event.timestamp)
        Self.refreshDerivedFields(&entity)
        let writers = Dictionary(uniqueKeysWithValues: data.keys.map {
            ($0, FieldWrite(eventGuid: event.guid, userId: event.userId))
        })
        workspace.put(EntityRecord(entity: entity, initial: entity, createdBy: event.orderKey, fieldWriters: writers))
        bumped.insert(guid)
        touched.insert(guid)
        audit(auditAction ?? event.type, entityGuid: guid, changes: .object(data))
    }

    /// Merges a payload into an entity's data as a JSON Merge Patch (RFC 7396): nested objects
    /// merge, `null` removes a field, anything else replaces it. An overwrite of a value last
    /// written by another author is recorded as a `conflict` audit entry with both values.
    public func mergeData(into guid: String, _ patch: [String: JSONValue], auditAction: String? = nil) throws {
        guard var record = try workspace.record(guid) else { throw Self.notFound(guid) }
        for (key, newValue) in patch.sorted(by: { $0.key < $1.key }) {
            let oldValue = record.entity.data[key]
            let merged = MergePatch.apply(newValue, to: oldValue)
            if let oldValue, oldValue != merged, let writer = record.fieldWriters[key],
               writer.userId != event.userId {
                audit("conflict", entityGuid: guid, changes: [
                    "field": .string(key),
                    "kept": ["eventGuid": .string(event.guid), "userId": .string(event.userId), "value": merged ?? .null],
                    "overwritten": ["eventGuid": .string(writer.eventGuid), "userId": .string(writer.userId), "value": oldValue],
                ])
            }
            record.entity.data[key] = merged
            record.fieldWriters[key] = merged == nil ? nil : FieldWrite(eventGuid: event.guid, userId: event.userId)
        }
        Self.refreshDerivedFields(&record.entity)
        bump(&record)
        workspace.put(record)
        audit(auditAction ?? event.type, entityGuid: guid, changes: .object(patch))
    }

    /// Replaces an entity's data wholesale (a policy run's derived values). No conflict is
    /// recorded: the values it replaces were erased by the same run.
    public func replaceData(of guid: String, with data: [String: JSONValue], auditAction: String) throws {
        guard var record = try workspace.record(guid) else { throw Self.notFound(guid) }
        record.entity.data = data
        record.fieldWriters = Dictionary(uniqueKeysWithValues: data.keys.map {
            ($0, FieldWrite(eventGuid: event.guid, userId: event.userId))
        })
        Self.refreshDerivedFields(&record.entity)
        bump(&record)
        workspace.put(record)
        audit(auditAction, entityGuid: guid, changes: ["fields": .array(data.keys.sorted().map(JSONValue.string))])
    }

    /// Adds a member to a group's `memberIds` (no duplicates; order of first addition).
    /// Returns false when it was already a member.
    @discardableResult
    public func link(_ member: String, into group: String) throws -> Bool {
        guard var record = try workspace.record(group), record.entity.type == .group else {
            throw DataCollectError(.invalidGroup, field: "entityGuid", message: "The target is not a group.")
        }
        guard !record.entity.memberIds.contains(member) else { return false }
        record.entity.memberIds.append(member)
        bump(&record)
        workspace.put(record)
        touched.insert(member)
        return true
    }

    /// Removes a member from a group's `memberIds`. Returns false when it was not a member.
    @discardableResult
    public func unlink(_ member: String, from group: String) throws -> Bool {
        guard var record = try workspace.record(group), let index = record.entity.memberIds.firstIndex(of: member)
        else { return false }
        record.entity.memberIds.remove(at: index)
        bump(&record)
        workspace.put(record)
        touched.insert(member)
        return true
    }

    /// Deletes an entity: leaves a tombstone and unlinks it from every group. Deleting a group
    /// also deletes the members that belong to no other live group (shared members stay).
    public func deleteEntity(_ guid: String) throws {
        guard let record = try workspace.record(guid) else { return }
        var doomed: Set<String> = [guid]
        var order: [String] = []
        try collectCascade(record, doomed: &doomed, order: &order)
        order.append(guid)
        for victim in order {
            for parent in try workspace.parents(of: victim) where !doomed.contains(parent) {
                try unlink(victim, from: parent)
                audit("remove-member", entityGuid: parent, changes: ["memberId": .string(victim)])
            }
        }
        for victim in order {
            workspace.remove(victim)
            workspace.put(Tombstone(entityGuid: victim, eventGuid: event.guid, deletedAt: event.timestamp))
            touched.insert(victim)
            audit("cascade-delete-entity", entityGuid: victim,
                  changes: ["type": "cascade-delete-entity", "entityGuid": .string(victim)])
        }
    }

    /// Records that the data officer reviewed this pair and keeps both entities.
    public func dismissDuplicate(_ a: String, _ b: String) {
        workspace.dismiss(DismissedDuplicate(a, b, eventGuid: event.guid))
        touched.formUnion([a, b])
    }

    /// Appends an audit entry for this event. Its guid derives from the event, the entity, the
    /// action and the changes, so re-folding the same events never duplicates an entry, and an
    /// entry whose content differs after a re-fold is kept beside the earlier one.
    public func audit(_ action: String, entityGuid: String, changes: JSONValue) {
        workspace.audit(AuditEntry(
            guid: DeterministicID.make("audit", event.guid, entityGuid, action, Digest.sha256Hex(changes.canonicalBytes)),
            timestamp: event.timestamp, userId: event.userId, action: action,
            eventGuid: event.guid, entityGuid: entityGuid, changes: changes))
    }

    // MARK: Helpers

    private func collectCascade(_ record: EntityRecord, doomed: inout Set<String>, order: inout [String]) throws {
        for member in record.entity.memberIds where !doomed.contains(member) {
            let otherParents = try workspace.parents(of: member).filter { !doomed.contains($0) }
            guard otherParents.isEmpty, let memberRecord = try workspace.record(member) else { continue }
            doomed.insert(member)
            try collectCascade(memberRecord, doomed: &doomed, order: &order)
            order.append(member)
        }
    }

    private func bump(_ record: inout EntityRecord) {
        let guid = record.entity.guid
        touched.insert(guid)
        guard !bumped.contains(guid) else { return }
        bumped.insert(guid)
        record.entity.version += 1
        record.entity.lastUpdated = max(record.entity.lastUpdated, event.timestamp)
    }

    static func refreshDerivedFields(_ entity: inout Entity) {
        if case .string(let name)? = entity.data["name"], !name.isEmpty {
            entity.name = name
        } else {
            entity.name = Entity.defaultName(for: entity.type)
        }
        if let externalId = entity.data["externalId"], !externalId.isNull {
            entity.externalId = externalId
        } else {
            entity.externalId = nil
        }
    }

    static func notFound(_ guid: String) -> DataCollectError {
        DataCollectError(.entityNotFound, field: "entityGuid",
                         message: "The entity does not exist in this store yet; the event waits for the event that creates it.")
    }

    static func deleted(_ guid: String) -> DataCollectError {
        DataCollectError(.entityDeleted, field: "entityGuid",
                         message: "The entity was deleted by an earlier event; deleted entities are never brought back.")
    }
}
