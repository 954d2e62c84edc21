public import DataCollectIntegrity

/// The library's front door: submit events, read state, search, audit, duplicates.
///
/// Every submission is one transaction: the events that pass validation are appended, applied
/// and audited together; malformed ones are reported and not stored; nothing half-applied
/// remains after an error.
///
/// ```swift
/// let manager = EntityDataManager(store: InMemoryStore())
/// let report = try manager.submit(json: [[
///     "guid": "e-1", "entityGuid": "p-1", "type": "create-individual",
///     "data": ["name": "Amina Diallo"], "timestamp": "2024-03-01T08:00:00Z", "userId": "u-1",
/// ]])
/// let amina = try manager.entity("p-1")
/// ```
public final class EntityDataManager: Sendable {
    public let store: any DataStore
    public let projector: Projector
    public let decoder: EventDecoder
    /// The transaction-time clock (`recordedAt`).
    public let clock: @Sendable () -> EventTimestamp

    /// - Parameter now: the transaction-time clock for `recordedAt` (tests pass a fixed one).
    public init(store: any DataStore, projector: Projector = Projector(), limits: EventLimits = .default,
                now: @escaping @Sendable () -> EventTimestamp = EventTimestamp.now) {
        self.store = store
        self.projector = projector
        self.decoder = EventDecoder(limits: limits)
        self.clock = now
    }

    // MARK: Writing

    /// Validates, appends and applies a batch of raw JSON records (an object or an array).
    public func submit(json: JSONValue) throws -> SubmissionReport {
        let records = json.arrayValue ?? [json]
        return try submit(records: records.map { record in Result { () throws(DataCollectError) in try decoder.decode(record) } },
                          guids: records.map { $0["guid"]?.stringValue })
    }

    /// Validates, appends and applies events built in code.
    public func submit(_ events: [Event]) throws -> SubmissionReport {
        try submit(records: validated(events), guids: events.map(\.guid))
    }

    /// Validates, appends and applies events inside a write transaction the caller holds, so
    /// that they land together with the caller's own writes (a sync client's cursor) or, if
    /// anything in the transaction fails, not at all.
    public func submit(_ events: [Event], in transaction: any StoreTransaction) throws -> SubmissionReport {
        let (rejected, accepted) = screen(validated(events), guids: events.map(\.guid), allowReserved: false)
        return try append(accepted, rejected: rejected, in: transaction, recordedAt: clock())
    }

    /// Appends and applies events a sync client verified against the server's signed log, in
    /// the caller's transaction. The server's policy runs may have written them (the
    /// `policy-anonymize` type clients cannot submit) or erased fields from them; an event with
    /// erased fields is checked for its header and what is left of its data only, since the
    /// erasure may have removed what its form required (the server checked it whole when it
    /// was submitted, and its log proves it has not changed since). Never for input from
    /// people or devices.
    public func submitVerifiedFromServer(_ events: [ServerVerifiedEvent],
                                         in transaction: any StoreTransaction) throws -> SubmissionReport {
        let records = events.map { verified in Result { () throws(DataCollectError) in
            if verified.erasedFields.isEmpty { try decoder.validate(verified.event) } else { try decoder.validateErasable(verified.event) }
            return verified.event
        } }
        let erased = Set(events.indices.filter { !events[$0].erasedFields.isEmpty })
        let (rejected, accepted) = screen(records, guids: events.map(\.event.guid), allowReserved: true,
                                          skippingFormCheck: erased)
        return try append(accepted, rejected: rejected, in: transaction, recordedAt: clock())
    }

    private func validated(_ events: [Event]) -> [Result<Event, DataCollectError>] {
        events.map { event in Result { () throws(DataCollectError) in
            try decoder.validate(event)
            return event
        } }
    }

    /// Validates, appends and applies a batch a sync client pushed, and records in the audit
    /// trail, in the same transaction, who delivered each new event: `receivedFrom` is the
    /// authenticated account, whatever `userId` the events claim.
    public func receive(json: JSONValue, receivedFrom actor: String) throws -> SubmissionReport {
        let records = json.arrayValue ?? [json]
        return try submit(records: records.map { record in Result { () throws(DataCollectError) in try decoder.decode(record) } },
                          guids: records.map { $0["guid"]?.stringValue }, receivedFrom: actor)
    }

    private func submit(records: [Result<Event, DataCollectError>], guids: [String?],
                        receivedFrom actor: String? = nil) throws -> SubmissionReport {
        let (rejected, accepted) = screen(records, guids: guids, allowReserved: false)
        let recordedAt = clock()
        return try store.write { transaction in
            let report = try append(accepted, rejected: rejected, in: transaction, recordedAt: recordedAt)
            if let actor {
                try recordReceipts(of: report, events: accepted, from: actor, in: transaction, at: recordedAt)
            }
            return report
        }
    }

    /// One `sync-receive` audit entry per newly appended event: who delivered it, and when.
    private func recordReceipts(of report: SubmissionReport, events: [(index: Int, event: Event)], from actor: String,
                                in transaction: any StoreTransaction, at recordedAt: EventTimestamp) throws {
        let appended = Set(report.items.compactMap { item -> Int? in
            if case .appended = item.outcome { item.index } else { nil }
        })
        let entries = events.filter { appended.contains($0.index) }.map { _, event in
            var details: [String: JSONValue] = [:]
            if event.userId != actor { details["claimedUserId"] = .string(event.userId) }
            return AuditEntry(guid: DeterministicID.make("sync-receive", event.guid, actor), timestamp: recordedAt,
                              userId: actor, action: "sync-receive", eventGuid: event.guid,
                              entityGuid: event.entityGuid, changes: .object(details))
        }
        try projector.appender.appendAudit(entries, recordedAt: recordedAt, in: transaction)
    }

    /// Appends and applies events a policy run wrote (including the reserved `policy-*` types)
    /// inside the caller's transaction, so the run's redactions and events commit together.
    /// With `project: false` the events are only appended and sealed: the caller re-folds them
    /// (``redact(_:appending:reason:policyRun:actor:in:)`` does, once for both).
    public func submitPolicyEvents(_ events: [Event], project: Bool = true,
                                   in transaction: any StoreTransaction) throws -> SubmissionReport {
        let (rejected, accepted) = screen(validated(events), guids: events.map(\.guid), allowReserved: true)
        return try append(accepted, rejected: rejected, in: transaction, recordedAt: clock(), project: project)
    }

    /// Splits records into the rejected (with their errors) and the accepted. Records at the
    /// `skippingFormCheck` indexes skip their applier's form check (see ``submitVerifiedFromServer(_:in:)``).
    private func screen(_ records: [Result<Event, DataCollectError>], guids: [String?], allowReserved: Bool,
                        skippingFormCheck: Set<Int> = [])
        -> (rejected: [SubmissionReport.Item], accepted: [(index: Int, event: Event)]) {
        var items: [SubmissionReport.Item] = []
        var accepted: [(index: Int, event: Event)] = []
        for (index, record) in records.enumerated() {
            do throws(DataCollectError) {
                let event = try record.get()
                if !allowReserved, ApplierRegistry.reservedTypes.contains(event.type) {
                    throw DataCollectError(.invalidForm, field: "type",
                                           message: "This event type is reserved for policy runs and cannot be submitted.")
                }
                let applier = try projector.registry.requireApplier(for: event)
                if !skippingFormCheck.contains(index) { try applier.validate(event) }
                accepted.append((index, event))
            } catch {
                items.append(.init(index: index, guid: guids[index], outcome: .rejected(error)))
            }
        }
        return (items, accepted)
    }

    private func append(_ accepted: [(index: Int, event: Event)], rejected: [SubmissionReport.Item],
                        in transaction: any StoreTransaction, recordedAt: EventTimestamp,
                        project: Bool = true) throws -> SubmissionReport {
        var items = rejected
        var appended: [Event] = []
        var seqs: [Int: Int64] = [:]
        var sealing: [StoredEvent] = []
        let outcomes = try transaction.append(accepted.map(\.event), recordedAt: recordedAt)
        for ((index, event), outcome) in zip(accepted, outcomes) {
            switch outcome {
            case .appended(let seq):
                appended.append(event)
                seqs[index] = seq
                sealing.append(StoredEvent(event: event, seq: seq, recordedAt: recordedAt, status: .applied))
            case .alreadyPresent(let seq):
                items.append(.init(index: index, guid: event.guid, outcome: .alreadyPresent(seq: seq)))
            case .conflict(let seq):
                items.append(.init(index: index, guid: event.guid, outcome: .conflict(existingSeq: seq)))
            }
        }
        // Leaves go in seq order, whatever order the store drew the seqs in.
        for stored in sealing.sorted(by: { $0.seq < $1.seq }) { try projector.appender.append(stored, in: transaction) }
        var refolded: Set<String> = []
        if project {
            refolded = try projector.integrate(appended, in: transaction, recordedAt: recordedAt)
        } else {
            for event in appended {
                try transaction.recordTouches(eventGuid: event.guid, entityGuids: projector.registry.references(of: event))
            }
        }
        // The fold set each new event's status; read them back in one query, not one per event.
        let statuses = Dictionary(try transaction.storedEvents(guids: Set(appended.map(\.guid))).map { ($0.event.guid, $0.status) },
                                  uniquingKeysWith: { first, _ in first })
        for (index, event) in accepted {
            guard let seq = seqs[index] else { continue }
            items.append(.init(index: index, guid: event.guid, outcome: .appended(seq: seq, status: statuses[event.guid] ?? .applied)))
        }
        return SubmissionReport(items: items.sorted { $0.index < $1.index }, refoldedEntityCount: refolded.count)
    }

    /// Re-derives the whole projection from the events (after changing appliers or matcher).
    /// - Parameter progress: told the events replayed so far, of all of them.
    public func rebuild(progress: ProgressHandler? = nil) throws {
        let recordedAt = clock()
        try store.write { try projector.rebuild(in: $0, recordedAt: recordedAt, progress: progress) }
    }

    // MARK: Reading

    /// One entity; a group comes with its members resolved.
    public func entity(_ guid: String) throws -> EntityDetail {
        try store.read { transaction in
            guard let record = try transaction.record(guid: guid) else {
                if try transaction.tombstone(guid: guid) != nil {
                    throw DataCollectError(.entityDeleted, field: "guid", message: "The entity was deleted.")
                }
                throw DataCollectError(.entityNotFound, field: "guid", message: "No entity with this guid exists in this store.")
            }
            var members: [EntityDetail.Member] = []
            for member in record.entity.memberIds {
                if let found = try transaction.record(guid: member) {
                    members.append(.present(found.entity))
                } else {
                    members.append(.missing(guid: member))
                }
            }
            return EntityDetail(pair: record.pair, members: members)
        }
    }

    /// The members of a group, in `memberIds` order.
    public func members(of groupGuid: String) throws -> [EntityPair] {
        let detail = try entity(groupGuid)
        guard detail.pair.modified.type == .group else {
            throw DataCollectError(.invalidGroup, field: "guid", message: "The entity is an individual, not a group.")
        }
        return try store.read { transaction in
            try detail.pair.modified.memberIds.compactMap { try transaction.record(guid: $0)?.pair }
        }
    }

    /// Entities matching every clause, ordered by guid.
    public func search(_ criteria: SearchCriteria) throws -> [EntityPair] {
        try store.read { transaction in
            try transaction.records(type: criteria.requiredType).filter { criteria.matches($0.entity) }.map(\.pair)
        }
    }

    /// Every live entity, ordered by guid.
    public func allEntities() throws -> [EntityPair] {
        try store.read { try $0.records(type: nil).map(\.pair) }
    }

    /// A page of the log with each event's seals, for sync clients that check inclusion proofs.
    public func sealedEvents(afterSeq: Int64, limit: Int) throws -> (events: [(StoredEvent, [FieldSeal])], logSize: UInt64) {
        try store.read { transaction in
            let page = try transaction.events(afterSeq: afterSeq, limit: limit)
            let seals = try transaction.seals(log: .events, recordSeqs: page.map(\.seq))
            return (page.map { ($0, seals[$0.seq] ?? []) }, try transaction.logHead(.events).size)
        }
    }

    /// Events after a `seq` cursor, in `seq` order.
    public func events(afterSeq: Int64 = 0, limit: Int = 100) throws -> EventPage {
        let limit = max(1, min(limit, 10_000))
        let events = try store.read { try $0.events(afterSeq: afterSeq, limit: limit + 1) }
        let page = Array(events.prefix(limit))
        return EventPage(events: page, nextCursor: events.count > limit ? page.last?.seq : nil)
    }

    /// Events stored but not applied yet, with the reason each waits.
    public func pendingEvents() throws -> [StoredEvent] {
        try store.read { try $0.pendingEvents() }
    }

    /// An entity's audit trail, newest first.
    public func auditTrail(entityGuid: String) throws -> [StoredAuditEntry] {
        try store.read { try $0.auditEntries(entityGuid: entityGuid) }
    }

    /// Pairs that may be the same person, not yet dismissed.
    public func potentialDuplicates() throws -> [PotentialDuplicate] {
        try store.read { try Self.potentialDuplicates($0) }
    }

    /// The potential duplicate pairs, with the sizes of the events and audit logs they were
    /// read at (``logSizes()``): every change to entities or dismissals appends to one of the
    /// logs, so pairs read at the same sizes are still the pairs now.
    public func potentialDuplicatesWithLogSizes() throws -> (pairs: [PotentialDuplicate], logSizes: [UInt64]) {
        try store.read { transaction in (try Self.potentialDuplicates(transaction), try Self.logSizes(transaction)) }
    }

    private static func potentialDuplicates(_ transaction: any StoreTransaction) throws -> [PotentialDuplicate] {
        PotentialDuplicate.pairs(sharing: try transaction.sharedMatchKeys(), dismissed: try transaction.dismissals())
    }

    /// The sizes of the events and the audit log, in that order: two primary-key reads.
    public func logSizes() throws -> [UInt64] {
        try store.read { try Self.logSizes($0) }
    }

    private static func logSizes(_ transaction: any StoreTransaction) throws -> [UInt64] {
        try LogName.allCases.map { try transaction.logHead($0).size }
    }

    /// SHA-256 (hex) of the canonical JSON array of all live entities, sorted by guid. Equal
    /// on every replica that holds the same set of events.
    public func stateHash() throws -> String {
        try store.read { transaction in try StateHash.compute(transaction) }
    }
}

extension EventTimestamp {
    /// The wall clock, to the millisecond. Only stores' `recordedAt` uses it; folds never do.
    public static func now() -> EventTimestamp {
        EventTimestamp(epochMilliseconds: WallClock.epochMilliseconds())
    }
}
