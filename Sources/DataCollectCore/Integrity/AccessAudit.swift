public import DataCollectIntegrity

extension EntityDataManager {
    /// Records an access that matters (an export, a verification, a time-travel query) in the
    /// audit trail, sealed like every entry: who, what, when and the scope. Never field values.
    public func recordAccess(action: String, actor: String, entityGuid: String, details: [String: JSONValue],
                             at time: EventTimestamp) throws {
        let entry = AuditEntry(
            guid: DeterministicID.make("access", action, actor, entityGuid, time.iso8601, JSONValue.object(details).canonicalString),
            timestamp: time, userId: actor, action: action, eventGuid: "", entityGuid: entityGuid, changes: .object(details))
        try store.write { transaction in
            if let stored = try transaction.append(entry, recordedAt: clock()) {
                try projector.appender.append(stored, in: transaction)
            }
        }
    }
}
