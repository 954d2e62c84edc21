public import DataCollectCore
import DataCollectIntegrity

/// The right to erasure for one subject: every value of the subject's events (and of a
/// household's own members) erased through the redaction API, the subject deleted (its
/// tombstone stays), one audit entry, and the erased bytes scrubbed from the store's files.
public struct SubjectErasure: Sendable {
    public let manager: EntityDataManager
    public let actor: String

    public init(manager: EntityDataManager, actor: String) {
        self.manager = manager
        self.actor = actor
    }

    /// What an erasure of `guid` would reach: its entities and the events holding their data.
    public func scope(of guid: String) throws -> (entities: [String], events: Int) {
        let index = try SubjectIndex(store: manager.store, eventTypes: [], auditActions: [], anonymizations: false)
        guard let record = index.records[guid] else {
            throw DataCollectError(.entityNotFound, field: "subject", message: "No live entity with this guid exists in this store.")
        }
        let entities = RetentionPlanner.subjectEntities(of: record.entity, index)
        let events = try manager.store.read { try $0.eventGuids(touching: Set(entities)).count }
        return (entities, events)
    }

    public func erase(subject guid: String, reason: String, now: EventTimestamp) throws -> PolicyRunReport {
        let entities = try scope(of: guid).entities
        let runID = "erasure/\(guid)/\(now.iso8601)"
        var report = PolicyRunReport(runID: runID)
        let rewrite = SubjectRewrite(manager: manager, runID: runID, decisionKey: "erasure|\(guid)", actor: actor, now: now, mode: .erase)
        report.add(try manager.store.write { try rewrite.apply([entities], households: [:], in: $0) })
        report.subjects = 1
        report.entities = entities.count
        try manager.recordAccess(action: "erasure", actor: actor, entityGuid: guid,
                                 details: ["reason": .string(reason), "runId": .string(runID), "counts": report.jsonValue], at: now)
        try (manager.store as? any SecureErasingStore)?.scrubErasedData()
        return report
    }
}
