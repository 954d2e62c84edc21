import DataCollectIntegrity

/// Rebuilds the bitemporal history from the stored events and their `recordedAt` alone.
///
/// For each connected component it replays what the store learnt, one batch per `recordedAt`:
/// a batch that sorts after everything known extends the fold; a late batch re-folds and
/// reconciles, closing the versions it changed. The result is exactly what live maintenance
/// writes when the events arrive that way. Used after a full rebuild, after a restore, and
/// after a redaction changed what events say (so no erased value survives in past versions).
public struct HistoryBuilder: Sendable {
    public var registry: ApplierRegistry
    /// Called after each connected component is replayed: events replayed so far, of all the
    /// events being replayed (for a progress bar).
    public var progress: ProgressHandler?

    public init(registry: ApplierRegistry = .builtIn,
                progress: ProgressHandler? = nil) {
        self.registry = registry
        self.progress = progress
    }

    /// The store-metadata key migration 3 sets on stores that had events before the index.
    public static let backfillKey = "history.backfill"

    /// Replaces the whole history.
    public func rebuildAll(in transaction: any StoreTransaction) throws {
        _ = try replaceAll(in: transaction)
    }

    /// Replaces the history of these entities and of everything linked to them.
    public func rebuild(entities seeds: Set<String>, in transaction: any StoreTransaction) throws {
        _ = try replace(entities: seeds, in: transaction)
    }

    /// Replaces the whole history; returns the projection its last folds computed (the fold of
    /// every event), so a full rebuild need not fold everything again.
    func replaceAll(in transaction: any StoreTransaction) throws -> ProjectionChanges {
        try transaction.removeAllVersions()
        let (_, projection) = try rebuild(events: transaction.allStoredEvents(), in: transaction)
        if try transaction.metadata(Self.backfillKey) != nil { try transaction.setMetadata(Self.backfillKey, "done") }
        return projection
    }

    /// Replaces the history of these entities and of everything linked to them; returns the
    /// component it covered, its events, and its projection now (the fold of all its events).
    func replace(entities seeds: Set<String>, in transaction: any StoreTransaction) throws
        -> (component: Set<String>, events: Set<String>, projection: ProjectionChanges) {
        var component = seeds
        while true {
            let eventGuids = try transaction.closeComponent(&component)
            try transaction.removeVersions(of: component)
            let (reached, projection) = try rebuild(events: transaction.storedEvents(guids: eventGuids), in: transaction)
            if reached.isSubset(of: component) { return (component, eventGuids, projection) }
            component.formUnion(reached)  // a past fold linked more entities: widen and redo
        }
    }

    /// Writes the history of these events' components; returns every entity their folds reached
    /// and the components' projections.
    private func rebuild(events: [StoredEvent], in transaction: any StoreTransaction)
        throws -> (reached: Set<String>, projection: ProjectionChanges) {
        var partition = ComponentPartition()
        var byComponent: [String: [StoredEvent]] = [:]
        for stored in events { partition.link(registry.references(of: stored.event)) }
        for stored in events {
            let anchor = registry.references(of: stored.event).first ?? stored.event.entityGuid
            byComponent[partition.find(anchor), default: []].append(stored)
        }

        var reachedOverall: Set<String> = []
        var projections: [String: ProjectionChanges] = [:]
        var written: [String: Set<String>] = [:]  // component → entities whose versions it wrote
        var queue = Array(byComponent.keys)
        var replayed = 0
        while let root = queue.popLast() {
            guard let componentEvents = byComponent[root] else { continue }
            let replay = try KnowledgeReplay(registry: registry, events: componentEvents)
            let foreign = Set(replay.reached.map { partition.find($0) }).subtracting([root])
            if foreign.isEmpty {
                try transaction.insert(replay.versions)
                written[root] = replay.reached.union(replay.versions.map(\.entityGuid))
                reachedOverall.formUnion(replay.reached)
                projections[root] = replay.current
                replayed += componentEvents.count
                progress?(replayed, events.count)
                continue
            }
            // A past fold linked this component to another: merge them and replay together.
            var merged = byComponent.removeValue(forKey: root) ?? []
            for other in foreign {
                let otherEvents = byComponent.removeValue(forKey: other) ?? []
                if let covered = written.removeValue(forKey: other) {
                    try transaction.removeVersions(of: covered)
                    replayed -= otherEvents.count  // replayed again with the merged component
                }
                projections[other] = nil
                merged += otherEvents
                partition.link([root, other])
            }
            let mergedRoot = partition.find(root)
            byComponent[mergedRoot] = merged
            queue.append(mergedRoot)
        }
        var projection = ProjectionChanges()
        for root in projections.keys.sorted() { projection.absorb(projections[root] ?? ProjectionChanges()) }
        return (reachedOverall, projection)
    }
}
