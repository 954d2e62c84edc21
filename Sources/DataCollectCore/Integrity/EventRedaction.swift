import DataCollectIntegrity

/// One event to redact: these data fields, or all of them (nil).
public struct RedactionRequest: Sendable, Hashable {
    public var eventGuid: String
    public var fields: [String]?

    public init(eventGuid: String, fields: [String]? = nil) {
        self.eventGuid = eventGuid
        self.fields = fields
    }
}

/// What a redaction erased.
public struct RedactionResult: Sendable, Hashable {
    public var eventGuid: String
    public var eventFields: [String]
    /// Audit entries whose recorded values came from the erased fields, and the fields erased in them.
    public var auditFields: [Int64: [String]]
    /// Entities re-folded so that their state no longer shows the erased values.
    public var refoldedEntities: Int
}

extension EntityDataManager {
    /// Erases fields of an event (all of them when `fields` is nil) for a retention or
    /// anonymization decision: the values and their salts are deleted, the commitments stay,
    /// so every leaf, chain link and root is unchanged and `verify` reports the redaction under
    /// `policyRun`. Values the audit trail recorded from those fields are erased the same way,
    /// the entities the event touched are re-folded without the values, and a `redact-event`
    /// audit entry records who did it, why, and which fields (names only).
    ///
    /// ```swift
    /// try manager.redact(eventGuid: "e-17", fields: ["phone"], reason: "retention: 5 years",
    ///                    policyRun: "run-2026-11-25", actor: "officer-3")
    /// ```
    @discardableResult
    public func redact(eventGuid: String, fields: [String]? = nil, reason: String, policyRun: String,
                       actor: String) throws -> RedactionResult {
        try store.write { transaction in
            guard let result = try redact([RedactionRequest(eventGuid: eventGuid, fields: fields)], reason: reason,
                                          policyRun: policyRun, actor: actor, in: transaction).first else {
                throw DataCollectError(.entityNotFound, field: "eventGuid", message: "No event with this guid is stored.")
            }
            return result
        }
    }

    /// Redacts many events inside the caller's transaction and re-folds what they touched once
    /// (a policy run). Events already erased in those fields change nothing, so a second run is
    /// a no-op.
    public func redact(_ requests: [RedactionRequest], reason: String, policyRun: String, actor: String,
                       in transaction: any StoreTransaction) throws -> [RedactionResult] {
        try redact(requests, appending: [], reason: reason, policyRun: policyRun, actor: actor, in: transaction).results
    }

    /// Redacts many events and appends a policy run's own events in the caller's transaction,
    /// then re-folds everything either touched once: the run's events are folded together with
    /// the redacted ones, never on top of the values being erased.
    public func redact(_ requests: [RedactionRequest], appending events: [Event], reason: String, policyRun: String,
                       actor: String, in transaction: any StoreTransaction)
        throws -> (results: [RedactionResult], appended: SubmissionReport) {
        let now = self.clock()
        var results: [RedactionResult] = []
        var touched: Set<String> = []
        for request in requests {
            guard let stored = try transaction.storedEvent(guid: request.eventGuid) else {
                throw DataCollectError(.entityNotFound, field: "eventGuid", message: "No event with this guid is stored.")
            }
            let present = Set(stored.event.data.keys)
            let targets = (request.fields.map(Set.init) ?? present).intersection(present).sorted()
            guard !targets.isEmpty else {
                results.append(RedactionResult(eventGuid: request.eventGuid, eventFields: [], auditFields: [:], refoldedEntities: 0))
                continue
            }
            try transaction.eraseFields(targets, log: .events, recordSeq: stored.seq)
            for field in targets {
                try transaction.save(Redaction(log: .events, recordSeq: stored.seq, field: field,
                                               policyRun: policyRun, reason: reason, redactedAt: now))
            }
            let auditFields = try redactAuditValues(of: stored.event, fields: Set(targets), in: transaction,
                                                    policyRun: policyRun, reason: reason, at: now)
            let entry = AuditEntry(
                guid: DeterministicID.make("redaction", request.eventGuid, policyRun, targets.joined(separator: ",")),
                timestamp: now, userId: actor, action: "redact-event", eventGuid: request.eventGuid,
                entityGuid: stored.event.entityGuid,
                changes: ["fields": .array(targets.map(JSONValue.string)), "reason": .string(reason),
                          "policyRun": .string(policyRun)])
            try projector.appender.appendAudit([entry], recordedAt: now, in: transaction)
            touched.formUnion(projector.registry.references(of: stored.event))
            results.append(RedactionResult(eventGuid: request.eventGuid, eventFields: targets, auditFields: auditFields,
                                           refoldedEntities: 0))
        }
        let appended = try submitPolicyEvents(events, project: false, in: transaction)
        let landed = Set(appended.items.compactMap { item -> String? in
            if case .appended = item.outcome { return item.guid } else { return nil }
        })
        let newEvents = events.filter { landed.contains($0.guid) }
        for event in newEvents { touched.formUnion(projector.registry.references(of: event)) }
        guard !touched.isEmpty else { return (results, appended) }
        let refolded = try projector.refold(entities: touched, in: transaction, recordedAt: now)
        try projector.raiseHighWater(to: newEvents.map(\.orderKey).max(), in: transaction)
        return (results.map { var result = $0; result.refoldedEntities = refolded.count; return result }, appended)
    }

    /// Erases, in the audit trail, the values that came from the redacted fields: the same keys
    /// in the event's own entries, everything recorded for members it created when `members`
    /// is redacted, and both values of conflicts it took part in on those fields.
    private func redactAuditValues(of event: Event, fields: Set<String>, in transaction: any StoreTransaction,
                                   policyRun: String, reason: String, at now: EventTimestamp) throws -> [Int64: [String]] {
        var candidates: [Int64: StoredAuditEntry] = [:]
        for entry in try transaction.auditEntries(eventGuid: event.guid) { candidates[entry.seq] = entry }
        for entity in projector.registry.references(of: event) {
            for entry in try transaction.auditEntries(entityGuid: entity) where entry.entry.action == "conflict" {
                candidates[entry.seq] = entry
            }
        }
        var erased: [Int64: [String]] = [:]
        for (seq, stored) in candidates.sorted(by: { $0.key < $1.key }) {
            guard let changes = stored.entry.changes.objectValue else { continue }
            var keys: Set<String> = []
            if stored.entry.action == "conflict" {
                let involved = [changes["kept"]?["eventGuid"], changes["overwritten"]?["eventGuid"]].contains(.string(event.guid))
                if involved, let field = changes["field"]?.stringValue, fields.contains(field) {
                    keys = ["kept", "overwritten"]
                }
            } else if stored.entry.eventGuid == event.guid {
                keys = stored.entry.entityGuid == event.entityGuid || !fields.contains("members")
                    ? fields : Set(changes.keys)
            }
            let targets = keys.intersection(changes.keys).sorted()
            if !targets.isEmpty { try transaction.eraseFields(targets, log: .audit, recordSeq: seq) }
            for field in targets {
                try transaction.save(Redaction(log: .audit, recordSeq: seq, field: field, policyRun: policyRun,
                                               reason: reason, redactedAt: now))
            }
            if !targets.isEmpty { erased[seq] = targets }
        }
        return erased
    }
}
