import DataCollectIntegrity

/// Bitemporal queries: the state as of a valid time T (events captured at or before T), as the
/// store knew it at a transaction time K (events recorded at or before K; nil: now). Answered
/// from the version index, never by replaying events. See `docs/TIME-TRAVEL.md`.
extension EntityDataManager {
    /// One entity as of T; nil when it did not exist yet or was deleted by then.
    public func entity(_ guid: String, asOf: EventTimestamp, knownAt: EventTimestamp? = nil) throws -> Entity? {
        try ensureHistory()
        return try store.read { try $0.version(of: guid, asOf: asOf, knownAt: knownAt) }?.entity()
    }

    /// Every entity alive as of T, in guid byte order.
    public func entities(asOf: EventTimestamp, knownAt: EventTimestamp? = nil) throws -> [Entity] {
        var entities: [Entity] = []
        try forEachEntity(asOf: asOf, knownAt: knownAt) { entities.append(try Entity(json: JSONParser.parse($0))) }
        return entities
    }

    /// Visits the canonical JSON of every entity alive as of T, in guid byte order, one at a time.
    public func forEachEntity(asOf: EventTimestamp, knownAt: EventTimestamp? = nil,
                              _ body: (_ canonicalJSON: [UInt8]) throws -> Void) throws {
        try ensureHistory()
        try store.read { transaction in
            try transaction.forEachEntity(asOf: [asOf], knownAt: knownAt) { _, states in
                if let state = states[0] { try body(state) }
            }
        }
    }

    /// The canonical state hash of the state as of T (see ``StateHash``): equal to the hash a
    /// store holding only the events captured by T and recorded by K would report.
    public func stateHash(asOf: EventTimestamp, knownAt: EventTimestamp? = nil) throws -> (hash: String, entities: Int) {
        var hash = StateHash()
        try forEachEntity(asOf: asOf, knownAt: knownAt) { hash.add(canonical: $0) }
        let count = hash.count
        return (hash.finalize(), count)
    }

    /// Every version of one entity, oldest first, as known at K.
    public func history(of guid: String, knownAt: EventTimestamp? = nil) throws -> [EntityHistoryEntry] {
        try ensureHistory()
        return try store.read { transaction in
            var previous: Entity?
            var entries: [EntityHistoryEntry] = []
            for version in try transaction.versions(of: guid, knownAt: knownAt) {
                let entity = try version.entity()
                let events = try version.eventGuids.compactMap { try transaction.storedEvent(guid: $0) }
                entries.append(EntityHistoryEntry(version: version, events: events, entity: entity,
                                                  changes: FieldChange.between(previous, entity)))
                previous = entity
            }
            return entries
        }
    }

    /// What changed between valid times `from` and `to`, as known at K.
    public func diff(from: EventTimestamp, to: EventTimestamp, knownAt: EventTimestamp? = nil) throws -> StateDiff {
        try ensureHistory()
        var diff = StateDiff()
        try store.read { transaction in
            try transaction.forEachEntity(asOf: [from, to], knownAt: knownAt) { guid, states in
                guard states[0] != states[1] else { return }
                let before = try states[0].map { try Entity(json: JSONParser.parse($0)) }
                let after = try states[1].map { try Entity(json: JSONParser.parse($0)) }
                switch (before, after) {
                case (nil, let created?): diff.created.append(created)
                case (let deleted?, nil): diff.deleted.append(deleted)
                case (let old?, let new?):
                    // Only bookkeeping (version, lastUpdated) moved when no field differs.
                    let fields = FieldChange.between(old, new)
                    if !fields.isEmpty { diff.changed.append(StateDiff.Change(guid: guid, fields: fields)) }
                case (nil, nil): break
                }
            }
        }
        return diff
    }

    /// Builds the version index of a store created before it existed (once, on first use).
    public func ensureHistory() throws {
        guard try store.read({ try $0.metadata(HistoryBuilder.backfillKey) }) == "needed" else { return }
        try store.write { transaction in
            guard try transaction.metadata(HistoryBuilder.backfillKey) == "needed" else { return }
            try HistoryBuilder(registry: projector.registry).rebuildAll(in: transaction)
        }
    }
}
