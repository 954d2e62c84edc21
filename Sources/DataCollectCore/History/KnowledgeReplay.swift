import DataCollectIntegrity

/// The history of one component, replayed from its events in the order the store recorded
/// them: one batch per distinct `recordedAt`.
struct KnowledgeReplay {
    /// Every version, closed ones with their `recordedTo`.
    private(set) var versions: [EntityVersion] = []
    /// Every entity any of the folds touched.
    private(set) var reached: Set<String> = []
    /// The last fold: the component's projection as the store knows it now (records,
    /// tombstones, statuses, touches, audit entries), ready to flush instead of folding again.
    private(set) var current = ProjectionChanges()

    init(registry: ApplierRegistry, events: [StoredEvent]) throws {
        let batches = Dictionary(grouping: events, by: \.recordedAt).sorted { $0.key < $1.key }
        var known: [Event] = []
        var open: [EntityVersion] = []
        var workspace: ProjectionWorkspace?
        var fold: Fold?
        var highWater: EventOrderKey?
        var emitted = 0

        for (recordedAt, batch) in batches {
            let sorted = batch.map(\.event).sorted { $0.orderKey < $1.orderKey }
            known += sorted
            if let fold, let workspace, let highWater, let first = sorted.first, highWater < first.orderKey {
                // In order: the fold goes on, and its new versions open at this batch.
                for event in sorted { try fold.process(event) }
                open += workspace.committed.versions[emitted...].map { $0.known(from: recordedAt) }
                emitted = workspace.committed.versions.count
            } else {
                // Late (or first): fold everything known again and reconcile with what was known.
                let fresh = ProjectionWorkspace(base: EmptyProjectionBase())
                let freshFold = Fold(registry: registry, workspace: fresh)
                for event in known.sorted(by: { $0.orderKey < $1.orderKey }) { try freshFold.process(event) }
                let change = VersionReconciliation(current: open, refolded: fresh.committed.versions)
                let closed = Set(change.closed)
                open.removeAll { closed.contains($0) }
                for var version in change.closed where version.recordedFrom != recordedAt {
                    version.recordedTo = recordedAt
                    versions.append(version)
                }
                open += change.opened.map { $0.known(from: recordedAt) }
                if let workspace { reached.formUnion(workspace.committed.touches.values.joined()) }
                workspace = fresh
                fold = freshFold
                emitted = fresh.committed.versions.count
            }
            if let last = sorted.last, highWater.map({ $0 < last.orderKey }) ?? true { highWater = last.orderKey }
        }
        if let workspace {
            reached.formUnion(workspace.committed.touches.values.joined())
            current = workspace.committed
            current.versions = []
        }
        versions += open
    }
}
