import DataCollectIntegrity

/// Keeps a store's projection equal to the fold of its events, in (timestamp, guid) order.
///
/// - Events that sort after everything already folded (the normal case) are applied on top of
///   the stored state.
/// - A late event (one that sorts before something already folded, as when an offline device
///   syncs) concerns its *component*: the entities it names plus every entity linked to them
///   through shared events. When every stored event of the component sorts before the late
///   events, the component's stored state is the fold of everything before them, so they are
///   applied on top of it, as in-order events are (new households registered offline, or
///   households nobody else visited since). Otherwise the component is re-folded from its
///   events alone. Entities outside it are untouched either way.
public struct Projector: Sendable {
    public var registry: ApplierRegistry
    public var matcher: DuplicateMatcher
    /// Seals new audit entries into the audit log.
    public var appender: LogAppender

    static let highWaterKey = "fold.highWater"

    public init(registry: ApplierRegistry = .builtIn, matcher: DuplicateMatcher = .default,
                appender: LogAppender = LogAppender()) {
        self.registry = registry
        self.matcher = matcher
        self.appender = appender
    }

    /// Folds newly appended events into the projection. Returns the guids of the entities
    /// that were re-folded because of late events (empty when everything arrived in order).
    @discardableResult
    public func integrate(_ newEvents: [Event], in transaction: any StoreTransaction,
                          recordedAt: EventTimestamp) throws -> Set<String> {
        guard !newEvents.isEmpty else { return [] }
        for event in newEvents {
            try transaction.recordTouches(eventGuid: event.guid, entityGuids: registry.references(of: event))
        }
        let highWater = try transaction.metadata(Self.highWaterKey).flatMap(EventOrderKey.init(text:))
        let sorted = newEvents.sorted { $0.orderKey < $1.orderKey }
        let late = sorted.filter { event in highWater.map { event.orderKey <= $0 } ?? false }

        var refolded: Set<String> = []
        let changes: ProjectionChanges
        if late.isEmpty {
            changes = try foldOnStore(sorted, in: transaction).committed
        } else {
            let seeds = late.reduce(into: Set<String>()) { $0.formUnion(registry.references(of: $1)) }
            if let onTop = try foldOnTopOfStore(sorted, late: late, seeds: seeds, in: transaction) {
                changes = onTop
            } else {
                let foldedEvents: Set<String>
                (refolded, foldedEvents) = try refold(component: seeds, in: transaction, recordedAt: recordedAt)
                changes = try foldOnStore(sorted.filter { !foldedEvents.contains($0.guid) }, in: transaction).committed
            }
        }
        try flush(changes, to: transaction, recordedAt: recordedAt, history: .append)

        if let last = sorted.last, highWater.map({ $0 < last.orderKey }) ?? true {
            try transaction.setMetadata(Self.highWaterKey, last.orderKey.description)
        }
        return refolded
    }

    /// Folds events, in the order given, on top of the stored projection.
    private func foldOnStore(_ events: [Event], in transaction: any StoreTransaction) throws -> ProjectionWorkspace {
        let base = StoreProjectionBase(transaction: transaction)
        try base.prefetch(events.reduce(into: Set<String>()) { $0.formUnion(registry.references(of: $1)) })
        let workspace = ProjectionWorkspace(base: base)
        let fold = Fold(registry: registry, workspace: workspace)
        for event in events { try fold.process(event) }
        return workspace
    }

    /// The batch folded on top of the stored state, when that is what a re-fold of the late
    /// events' component would give: every stored event of the component sorts before the
    /// earliest late event, and the fold reached nothing outside the component. Nil
    /// otherwise, with nothing written: the caller re-folds the component.
    private func foldOnTopOfStore(_ sorted: [Event], late: [Event], seeds: Set<String>,
                                  in transaction: any StoreTransaction) throws -> ProjectionChanges? {
        guard let earliestLate = late.map(\.orderKey).min() else { return nil }
        let batch = Set(sorted.map(\.guid))
        func allBefore(_ entities: Set<String>) throws -> Bool {
            try transaction.latestTouches(of: entities, excluding: batch).values.allSatisfy { $0 < earliestLate }
        }
        // The entities the late events name usually decide, before the component is closed.
        guard try allBefore(seeds) else { return nil }
        var component = seeds
        _ = try transaction.closeComponent(&component)
        guard try allBefore(component.subtracting(seeds)) else { return nil }
        let workspace = try foldOnStore(sorted, in: transaction)
        // Every event folded here except the batch's in-order ones: the late events and the
        // stored pending events they unblocked.
        let inOrder = batch.subtracting(late.map(\.guid))
        let reached = workspace.committed.touches.reduce(into: Set<String>()) { reached, touch in
            if !inOrder.contains(touch.key) { reached.formUnion(touch.value) }
        }
        return reached.isSubset(of: component) ? workspace.committed : nil
    }

    /// Moves the fold's high-water mark up to `key` (after events were folded by a re-fold).
    func raiseHighWater(to key: EventOrderKey?, in transaction: any StoreTransaction) throws {
        guard let key else { return }
        let current = try transaction.metadata(Self.highWaterKey).flatMap(EventOrderKey.init(text:))
        if current.map({ $0 < key }) ?? true { try transaction.setMetadata(Self.highWaterKey, key.description) }
    }

    /// Rebuilds the whole projection from the events alone.
    /// - Parameter auditing: false when restoring a store whose audit trail was copied as it
    ///   was (an archive export): the fold's entries are already there, byte for byte.
    ///
    /// The history is rebuilt from the events' `recordedAt`s at the same time, and its last
    /// folds (one per connected component) are the projection: nothing is folded twice.
    /// - Parameter progress: told the events replayed so far, of all of them.
    public func rebuild(in transaction: any StoreTransaction, recordedAt: EventTimestamp, auditing: Bool = true,
                        progress: ProgressHandler? = nil) throws {
        let events = try transaction.allEvents()
        try transaction.clearProjection()
        for event in events {
            try transaction.recordTouches(eventGuid: event.guid, entityGuids: registry.references(of: event))
        }
        let projection = try HistoryBuilder(registry: registry, progress: progress).replaceAll(in: transaction)
        try flush(projection, to: transaction, recordedAt: recordedAt, history: .unchanged, auditing: auditing)
        if let last = events.max(by: { $0.orderKey < $1.orderKey }) {
            try transaction.setMetadata(Self.highWaterKey, last.orderKey.description)
        }
    }

    /// Folds these events from nothing, in (timestamp, guid) order, and returns the live
    /// entities in guid byte order: the definition of the state, independent of any store or
    /// index. Checks time-travel answers, and is the naive reference of the benchmarks.
    public func replay(_ events: [Event]) throws -> [Entity] {
        let workspace = ProjectionWorkspace(base: EmptyProjectionBase())
        let fold = Fold(registry: registry, workspace: workspace)
        for event in events.sorted(by: { $0.orderKey < $1.orderKey }) { try fold.process(event) }
        return workspace.committed.records.values.compactMap { $0?.entity }
            .sorted { $0.guid.utf8.lexicographicallyPrecedes($1.guid.utf8) }
    }

    /// Re-folds the entities (and everything linked to them) from their stored events, as they
    /// are stored now, and rebuilds their whole history: used after a redaction changed what an
    /// event says, so that no past version keeps the erased value.
    ///
    /// The history's last fold of the component is its projection: it is folded once, not twice.
    @discardableResult
    public func refold(entities: Set<String>, in transaction: any StoreTransaction,
                       recordedAt: EventTimestamp) throws -> Set<String> {
        let (component, _, projection) = try HistoryBuilder(registry: registry).replace(entities: entities, in: transaction)
        try replace(component, with: projection, in: transaction, recordedAt: recordedAt, history: .unchanged)
        return component
    }

    /// Re-folds the connected component of the seed entities from their events alone.
    private func refold(component seeds: Set<String>, in transaction: any StoreTransaction,
                        recordedAt: EventTimestamp) throws -> (entities: Set<String>, events: Set<String>) {
        var component = seeds
        while true {
            let eventGuids = try transaction.closeComponent(&component)
            let events = try transaction.events(guids: eventGuids).sorted { $0.orderKey < $1.orderKey }
            let workspace = ProjectionWorkspace(base: EmptyProjectionBase())
            let fold = Fold(registry: registry, workspace: workspace)
            for event in events { try fold.process(event) }

            let reached = workspace.committed.touches.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            guard reached.isSubset(of: component) else {
                component.formUnion(reached)  // the new fold linked more entities: widen and redo
                continue
            }
            try replace(component, with: workspace.committed, in: transaction, recordedAt: recordedAt,
                        history: .reconcile(component))
            return (component, eventGuids)
        }
    }

    /// Replaces a component's stored projection with a fold of all its events.
    private func replace(_ component: Set<String>, with changes: ProjectionChanges, in transaction: any StoreTransaction,
                         recordedAt: EventTimestamp, history: HistoryWrite) throws {
        try transaction.removeRecords(guids: component)
        try transaction.removeTombstones(guids: component)
        try transaction.removeDismissals(involving: component)
        try flush(changes, to: transaction, recordedAt: recordedAt, history: history)
    }

    /// How a flush writes the fold's versions to the history.
    private enum HistoryWrite {
        /// New versions on top of the history (the fold continued the stored state).
        case append
        /// The fold re-did this component from its events: reconcile with the versions known.
        case reconcile(Set<String>)
        /// The caller rebuilds the history itself.
        case unchanged
    }

    private func flush(_ changes: ProjectionChanges, to transaction: any StoreTransaction,
                       recordedAt: EventTimestamp, history: HistoryWrite, auditing: Bool = true) throws {
        switch history {
        case .append:
            try transaction.insert(changes.versions.map { $0.known(from: recordedAt) })
        case .reconcile(let component):
            try VersionReconciliation(current: transaction.currentVersions(of: component), refolded: changes.versions)
                .apply(to: transaction, at: recordedAt)
        case .unchanged:
            break
        }
        var saving: [EntityRecord] = []
        var removing: Set<String> = []
        for (guid, record) in changes.records {
            if var record {
                record.matchKey = matcher.matchKey(for: record.entity)
                saving.append(record)
            } else {
                removing.insert(guid)
            }
        }
        try transaction.removeRecords(guids: removing)
        try transaction.save(saving)
        try transaction.save(changes.tombstones.values.compactMap { $0 })
        try transaction.removeTombstones(guids: Set(changes.tombstones.filter { $0.value == nil }.keys))
        try transaction.save(changes.dismissals)
        try transaction.setStatuses(changes.statuses)
        for (eventGuid, touched) in changes.touches {
            try transaction.recordTouches(eventGuid: eventGuid, entityGuids: touched)
        }
        if auditing { try appender.appendAudit(changes.audit, recordedAt: recordedAt, in: transaction) }
    }
}
