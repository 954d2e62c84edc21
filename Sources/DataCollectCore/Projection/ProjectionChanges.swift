import DataCollectIntegrity

/// Writes the fold has made but not yet handed to the store. The workspace keeps two of these:
/// one for the event being applied (dropped if it does not apply) and one for the batch.
struct ProjectionChanges {
    /// `.some(nil)` means "removed".
    var records: [String: EntityRecord?] = [:]
    var tombstones: [String: Tombstone?] = [:]
    var dismissals: [DismissedDuplicate] = []
    var audit: [AuditEntry] = []
    var statuses: [String: EventStatus] = [:]
    var touches: [String: Set<String>] = [:]
    /// member guid → groups that listed it at some point in these changes (checked on read).
    var parentCandidates: [String: Set<String>] = [:]
    /// The entity versions the fold steps produced, in step order.
    var versions: [VersionDraft] = []

    var isEmpty: Bool {
        records.isEmpty && tombstones.isEmpty && dismissals.isEmpty && audit.isEmpty
            && statuses.isEmpty && touches.isEmpty
    }

    mutating func absorb(_ other: ProjectionChanges) {
        records.merge(other.records) { _, new in new }
        tombstones.merge(other.tombstones) { _, new in new }
        dismissals += other.dismissals
        audit += other.audit
        statuses.merge(other.statuses) { _, new in new }
        touches.merge(other.touches) { old, new in old.union(new) }
        parentCandidates.merge(other.parentCandidates) { old, new in old.union(new) }
        versions += other.versions
    }

    mutating func put(_ record: EntityRecord) {
        records[record.entity.guid] = .some(record)
        for member in record.entity.memberIds {
            parentCandidates[member, default: []].insert(record.entity.guid)
        }
    }
}
