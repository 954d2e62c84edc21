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
        try store.write { transaction in
            if let stored = try transaction.append(entry, recordedAt: clock()) {
                try projector.appender.append(stored, in: transaction)
            }
        }
    }
}
