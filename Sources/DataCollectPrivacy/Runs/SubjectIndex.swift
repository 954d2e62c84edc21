public import DataCollectCore
import DataCollectIntegrity

/// What a policy run needs to know about every live entity, gathered in one pass over the
/// store: its record, its groups, when it last had an event of each type the policy names,
/// the audit actions recorded on it, and whether a policy run anonymized it last.
public struct SubjectIndex: Sendable {
    public private(set) var records: [String: EntityRecord] = [:]
    /// Live groups listing each entity.
    public private(set) var parents: [String: [String]] = [:]
    /// entity → event type → capture time of its latest event of that type (types the policy names).
    public private(set) var latestEvent: [String: [String: EventTimestamp]] = [:]
    /// entity → audit actions recorded on it (actions the policy names).
    public private(set) var auditActions: [String: Set<String>] = [:]
    /// entity → the profile of the policy run that wrote its current state, when nothing changed it since.
    public private(set) var anonymizedBy: [String: String] = [:]

    /// Reads the store. `eventTypes` and `auditActions` limit what is collected to what the policy
    /// names; without `anonymizations` (and no event types) the events are not read at all.
    public init(store: any DataStore, eventTypes: Set<String>, auditActions actions: Set<String>,
                anonymizations: Bool = true) throws {
        try store.read { transaction in
            try transaction.forEachRecord { record in
                records[record.entity.guid] = record
                for member in record.entity.memberIds { parents[member, default: []].append(record.entity.guid) }
            }
            var latest: [String: EventOrderKey] = [:]
            var cursor: Int64 = 0
            while anonymizations || !eventTypes.isEmpty {
                let page = try transaction.events(afterSeq: cursor, limit: 5_000)
                guard let last = page.last else { break }
                for stored in page {
                    let event = stored.event
                    if eventTypes.contains(event.type), event.timestamp > (latestEvent[event.entityGuid]?[event.type] ?? EventTimestamp(epochMilliseconds: .min)) {
                        latestEvent[event.entityGuid, default: [:]][event.type] = event.timestamp
                    }
                    if latest[event.entityGuid].map({ $0 < event.orderKey }) ?? true {
                        latest[event.entityGuid] = event.orderKey
                        anonymizedBy[event.entityGuid] = event.type == ApplierRegistry.policyAnonymizeType
                            ? event.data["profile"]?.stringValue : nil
                    }
                }
                cursor = last.seq
            }
            guard !actions.isEmpty else { return }
            cursor = 0
            while true {
                let page = try transaction.auditEntries(afterSeq: cursor, limit: 5_000)
                guard let last = page.last else { break }
                for stored in page where actions.contains(stored.entry.action) {
                    auditActions[stored.entry.entityGuid, default: []].insert(stored.entry.action)
                }
                cursor = last.seq
            }
        }
        anonymizedBy = anonymizedBy.filter { records[$0.key] != nil }
    }

    /// The live entities, in guid byte order.
    public var guids: [String] { records.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
}
