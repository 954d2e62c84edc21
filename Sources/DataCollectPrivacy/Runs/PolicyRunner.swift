public import DataCollectCore
public import DataCollectIntegrity

/// Applies a policy's decisions to a store: plans first (a dry run changes nothing), then, on
/// request, rewrites the subjects in batches — each batch one transaction, so an interrupted run
/// leaves whole subjects done or untouched and running it again finishes the rest — writes one
/// audit entry for the run, and scrubs the erased bytes from the store's files.
public struct PolicyRunner: Sendable {
    public let manager: EntityDataManager
    public let policy: PrivacyPolicy
    /// Who runs it (recorded in the audit trail and as the author of the run's events).
    public let actor: String
    /// Subjects per transaction. Each transaction re-folds the components its subjects touch,
    /// whole, so the subjects of one connected component always share a batch (a component
    /// with more subjects than this is a batch of its own) and each component is re-folded
    /// once per run. Big batches are faster; small ones lose less work to an interruption.
    public var batchSize = 5_000
    /// Called after each batch of a retention run: subjects rewritten so far, of all the run's
    /// subjects (for a progress bar).
    public var progress: ProgressHandler?

    public init(manager: EntityDataManager, policy: PrivacyPolicy, actor: String) {
        self.manager = manager
        self.policy = policy
        self.actor = actor
    }

    /// What a retention run at `now` would do. Reads only.
    public func planRetention(now: EventTimestamp) throws -> RetentionPlan {
        let planner = RetentionPlanner(policy: policy)
        let index = try SubjectIndex(store: manager.store, eventTypes: planner.indexedEventTypes,
                                     auditActions: planner.indexedAuditActions)
        return planner.plan(index, now: now)
    }

    /// Applies a retention plan. `anonymizer` turns a profile into the transform of an
    /// `anonymize` rule's subjects.
    public func applyRetention(_ plan: RetentionPlan,
                               anonymizer: (AnonymizationProfile) throws -> RewriteTransform) throws -> PolicyRunReport {
        let runID = "\(policy.metadata.name)@\(policy.metadata.version)/retention/\(plan.now.iso8601)"
        var report = PolicyRunReport(runID: runID)
        let households = try householdsOf(plan.subjects.flatMap(\.entities))
        let byAction = Dictionary(grouping: plan.subjects) { "\($0.rule)|\($0.action)" }
        for key in byAction.keys.sorted() {
            guard let subjects = byAction[key], let first = subjects.first else { continue }
            let mode: RewriteMode
            switch first.action {
            case .delete: mode = .erase
            case .anonymize(let name):
                guard let profile = policy.profile(named: name) else {
                    throw PolicyRunError(message: "Rule \(first.rule) names profile \(name), which the policy does not define.")
                }
                mode = .anonymize(profile: name, transform: try anonymizer(profile))
            }
            let rewrite = SubjectRewrite(manager: manager, runID: runID,
                                         decisionKey: "\(policy.sourceSHA256)|\(first.rule)|\(first.action)",
                                         actor: actor, now: plan.now, mode: mode)
            try rewriteInBatches(subjects.map(\.entities), households: households, rewrite: rewrite, report: &report,
                                 total: plan.subjects.count)
        }
        try finish(&report, action: "policy-run", details: [
            "kind": "retention", "rules": .array(plan.rules.map { .string($0.rule) }),
            "held": .number(JSONNumber(plan.holds.count)),
        ], at: plan.now)
        return report
    }

    /// Anonymizes every live entity in place with one profile, in ONE transaction: the privacy
    /// model was computed over everyone, so the release is applied whole or, if interrupted,
    /// rolled back whole. Entities the same profile already anonymized are left as they are.
    public func applyAnonymization(profile: AnonymizationProfile, transform: @escaping RewriteTransform,
                                   now: EventTimestamp) throws -> PolicyRunReport {
        let runID = "\(policy.metadata.name)@\(policy.metadata.version)/anonymize/\(profile.name)/\(now.iso8601)"
        var report = PolicyRunReport(runID: runID)
        let index = try SubjectIndex(store: manager.store, eventTypes: [], auditActions: [])
        let subjects = index.guids.filter { index.anonymizedBy[$0] != profile.name }.map { [$0] }
        let households = try householdsOf(subjects.flatMap { $0 })
        let rewrite = SubjectRewrite(manager: manager, runID: runID,
                                     decisionKey: "\(policy.sourceSHA256)|anonymize|\(profile.name)", actor: actor, now: now,
                                     mode: .anonymize(profile: profile.name, transform: transform))
        if !subjects.isEmpty {
            report.add(try manager.store.write { try rewrite.apply(subjects, households: households, in: $0) })
            report.subjects = subjects.count
            report.entities = subjects.count
        }
        try finish(&report, action: "policy-run", details: ["kind": "anonymize", "profile": .string(profile.name)], at: now)
        return report
    }

    private func rewriteInBatches(_ subjects: [[String]], households: [String: String], rewrite: SubjectRewrite,
                                  report: inout PolicyRunReport, total: Int) throws {
        let batches = try manager.store.read { try ComponentBatches.plan(subjects, limit: batchSize, in: $0) }
        for batch in batches {
            let outcome = try manager.store.write { try rewrite.apply(batch, households: households, in: $0) }
            report.add(outcome)
            report.subjects += batch.count
            report.entities += batch.reduce(0) { $0 + $1.count }
            progress?(report.subjects, total)
        }
    }

    /// The household (group) of each entity: itself for a group, its first group for a member.
    private func householdsOf(_ guids: [String]) throws -> [String: String] {
        try manager.store.read { transaction in
            var households: [String: String] = [:]
            for guid in guids {
                guard let record = try transaction.record(guid: guid) else { continue }
                households[guid] = record.entity.type == .group ? guid : try transaction.parents(of: guid).first
            }
            return households
        }
    }

    private func finish(_ report: inout PolicyRunReport, action: String, details: [String: JSONValue], at now: EventTimestamp) throws {
        var all = details
        all["policy"] = .string(policy.metadata.name)
        all["version"] = .string(policy.metadata.version)
        all["policySHA256"] = .string(policy.sourceSHA256)
        all["runId"] = .string(report.runID)
        all["counts"] = report.jsonValue
        try manager.recordAccess(action: action, actor: actor, entityGuid: "", details: all, at: now)
        try (manager.store as? any SecureErasingStore)?.scrubErasedData()
    }
}

/// The transform of an anonymizing rewrite: (entity, household, data) → derived data.
public typealias RewriteTransform = @Sendable (_ entity: String, _ household: String?, _ data: [String: JSONValue]) throws -> [String: JSONValue]

/// A policy that cannot be run as written.
public struct PolicyRunError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
