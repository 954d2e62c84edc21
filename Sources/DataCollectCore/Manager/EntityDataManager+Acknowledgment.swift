/// `initial` as the existing system documented it and never built: the state a sync server
/// last acknowledged (anchor-spec 1.3's recommendation).
extension EntityDataManager {
    /// Records each entity's current state as acknowledged by the sync server: its `initial`
    /// becomes its current state, so it shows no local changes until the next local event.
    /// Entities touched by any of `unacknowledged` (events the server has not accepted yet, or
    /// refused) keep their `initial`. Sync calls this once push and pull have both succeeded.
    ///
    /// A later re-fold of an entity (late events, or a redaction) derives `initial` again from
    /// the events alone — the state after the creating event — until the next sync: it errs
    /// towards "changed", and never keeps a value that was erased.
    /// - Returns: how many entities changed their `initial`.
    @discardableResult
    public func acknowledgeState(exceptTouchedBy unacknowledged: Set<String>) throws -> Int {
        try store.write { transaction in
            let excluded = try transaction.entityGuids(touchedBy: unacknowledged)
            var acknowledged: [EntityRecord] = []
            try transaction.forEachRecord { record in
                guard record.initial != record.entity, !excluded.contains(record.entity.guid) else { return }
                var updated = record
                updated.initial = record.entity
                acknowledged.append(updated)
            }
            try transaction.save(acknowledged)
            return acknowledged.count
        }
    }
}
