public import DataCollectIntegrity

extension EntityDataManager {
    /// Records an access that matters (an export, a verification, a time-travel query) in the
    /// audit trail, sealed like every entry: who, what, when and the scope. Never field values.
    public func recordAccess(action: String, actor: String, entityGuid: String, details: [String: JSONValue],
                             at time: EventTimestamp) throws {
        let entry = AuditEntry(
            // A random part: the same query by the same person in the same millisecond is two accesses.
            guid: DeterministicID.make("access", action, actor, entityGuid, time.iso8601, JSONValue.object(details).canonicalString,
                                       String(UInt64.random(in: .min ... .max), radix: 16)),
            timestamp: time, userId: actor, action: action, eventGuid: "", entityGuid: entityGuid, changes: .object(details))
        try store.write { try projector.appender.appendAudit([entry], recordedAt: clock(), in: $0) }
    }

    /// Appends audit entries made elsewhere (a client's own trail, delivered by sync), sealed
    /// like every entry, in one transaction; entries already present (same guid) are skipped.
    /// Returns how many were new.
    @discardableResult
    public func recordAudit(_ entries: [AuditEntry]) throws -> Int {
        let recordedAt = clock()
        return try store.write { try projector.appender.appendAudit(entries, recordedAt: recordedAt, in: $0).count }
    }

    /// A page of the audit trail with each entry's seals, for sync clients.
    public func sealedAuditEntries(afterSeq: Int64, limit: Int) throws -> [(StoredAuditEntry, [FieldSeal])] {
        try store.read { transaction in
            let page = try transaction.auditEntries(afterSeq: afterSeq, limit: limit)
            let seals = try transaction.seals(log: .audit, recordSeqs: page.map(\.seq))
            return page.map { ($0, seals[$0.seq] ?? []) }
        }
    }
}
