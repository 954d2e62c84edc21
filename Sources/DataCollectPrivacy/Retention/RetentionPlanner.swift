public import DataCollectCore
import DataCollectIntegrity

/// Decides, for a given `now`, which subjects each retention rule has made due. Rules are
/// taken in file order and a subject belongs to the first rule that makes it due; legal holds
/// always win. A household subject takes its own members along (members shared with another
/// household stay); a hold on a household or on any of its members holds the whole household.
public struct RetentionPlanner: Sendable {
    public var policy: PrivacyPolicy

    public init(policy: PrivacyPolicy) {
        self.policy = policy
    }

    /// The event types and audit actions the index must collect for this policy.
    public var indexedEventTypes: Set<String> {
        Set(policy.retention.flatMap { rule -> [String] in
            var types = rule.match.eventTypes ?? []
            if case .event(let type) = rule.from { types.append(type) }
            return types
        })
    }

    public var indexedAuditActions: Set<String> { Set(policy.retention.flatMap { $0.match.auditActions ?? [] }) }

    public func plan(_ index: SubjectIndex, now: EventTimestamp) -> RetentionPlan {
        var plan = RetentionPlan(now: now)
        var claimed: Set<String> = []
        for rule in policy.retention {
            var summary = RetentionPlan.RuleSummary(rule: rule.name)
            for guid in index.guids {
                guard let record = index.records[guid], matches(rule.match, record.entity, index) else { continue }
                summary.matched += 1
                if case .anonymize(let profile) = rule.then, index.anonymizedBy[guid] == profile {
                    summary.alreadyDone += 1
                    continue
                }
                guard let start = clockStart(rule.from, record, index) else {
                    summary.noClock += 1
                    continue
                }
                let dueAt = rule.keep.added(to: start)
                guard dueAt <= now else {
                    summary.notYetDue += 1
                    continue
                }
                let entities = Self.subjectEntities(of: record.entity, index)
                guard claimed.isDisjoint(with: entities) else { continue }
                if let hold = holding(entities, index, now: now) {
                    summary.held += 1
                    plan.holds.append(.init(hold: hold.name, reason: hold.reason, rule: rule.name, entity: guid))
                    continue
                }
                claimed.formUnion(entities)
                summary.due += 1
                if summary.examples.count < 5 { summary.examples.append(guid) }
                plan.subjects.append(.init(rule: rule.name, root: guid, entities: entities, dueAt: dueAt, action: rule.then))
            }
            plan.rules.append(summary)
        }
        return plan
    }

    func matches(_ match: RetentionMatch, _ entity: Entity, _ index: SubjectIndex) -> Bool {
        if let type = match.entityType, entity.type != type { return false }
        if let types = match.eventTypes, !types.contains(where: { index.latestEvent[entity.guid]?[$0] != nil }) { return false }
        if let actions = match.auditActions, index.auditActions[entity.guid]?.isDisjoint(with: actions) ?? true { return false }
        if let criteria = match.criteria, !criteria.matches(entity) { return false }
        return true
    }

    /// When the rule's clock started for this entity; nil when it has not (no such field or event).
    func clockStart(_ clock: RetentionClock, _ record: EntityRecord, _ index: SubjectIndex) -> EventTimestamp? {
        switch clock {
        case .created: return record.createdBy.timestamp
        case .lastUpdated: return record.entity.lastUpdated
        case .event(let type): return index.latestEvent[record.entity.guid]?[type]
        case .field(let field):
            // A date alone counts from the end of that day: retention is a minimum, never early.
            guard let text = record.entity.data[field]?.stringValue else { return nil }
            return try? TimePoint.parse(text, option: field, now: { EventTimestamp(epochMilliseconds: .max) })
        }
    }

    /// The entity, and for a household the members that belong to it alone.
    static func subjectEntities(of entity: Entity, _ index: SubjectIndex) -> [String] {
        guard entity.type == .group else { return [entity.guid] }
        return [entity.guid] + entity.memberIds.filter { index.parents[$0] == [entity.guid] && index.records[$0] != nil }
    }

    /// The first active hold covering any of these entities or the groups they belong to.
    func holding(_ entities: [String], _ index: SubjectIndex, now: EventTimestamp) -> LegalHold? {
        let covered = Set(entities + entities.flatMap { index.parents[$0] ?? [] })
        return policy.legalHolds.first { hold in
            guard hold.until.map({ now <= $0 }) ?? true else { return false }
            if !covered.isDisjoint(with: hold.entities) { return true }
            guard let criteria = hold.criteria else { return false }
            return covered.contains { guid in index.records[guid].map { criteria.matches($0.entity) } ?? false }
        }
    }
}
