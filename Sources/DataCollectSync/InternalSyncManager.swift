public import DataCollectCore
public import Logging

/// Syncs a client's store with the DataCollect sync server for one tenant: pushes the events
/// recorded here, then pulls the server's, verified against a signed checkpoint before any is
/// applied (so a server whose log was rolled back, rewritten or forked is detected, never
/// followed).
///
/// Resumable at any point: cursors and the verified checkpoint are kept in the store's
/// metadata and move only after what they describe happened; pushing and applying are
/// idempotent by event guid, so a crash repeats work without duplicating anything.
///
/// ```swift
/// let store = try SQLiteStore(path: "device.sqlite")
/// let sync = try InternalSyncManager(
///     manager: EntityDataManager(store: store),
///     configuration: SyncConfiguration(serverURL: "https://sync.example.org", tenant: "survey",
///                                      credentials: .password(email: email, password: password)))
/// let report = try await sync.sync()   // throws SyncIntegrityError on a forked server
/// print(report.push.accepted, report.pull.applied)
/// ```
///
/// Store calls are synchronous (SQLite) and short; they run on the calling task.
public final class InternalSyncManager: Sendable {
    public let manager: EntityDataManager
    public let configuration: SyncConfiguration
    private let transport: (any SyncTransport)?
    private let logger: Logger
    private let now: @Sendable () -> EventTimestamp

    /// - Parameters:
    ///   - transport: how requests travel; nil makes an AsyncHTTPClient client for each call of
    ///     ``sync()``, ``push()`` or ``pull()`` and shuts it down at the end of the call.
    ///   - now: this client's clock, for the times it records (tests pass a fixed one).
    public init(manager: EntityDataManager, configuration: SyncConfiguration, transport: (any SyncTransport)? = nil,
                logger: Logger = Logger(label: "datacollect.sync"),
                now: @escaping @Sendable () -> EventTimestamp = EventTimestamp.now) throws(SyncError) {
        try configuration.validate()
        self.manager = manager
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Pushes, then pulls, then delivers this device's own audit entries (queries, exports,
    /// reports, policy runs) to the server's audit trail.
    public func sync() async throws -> SyncReport {
        try await withSession { session in
            let push = try await pusher(session).run()
            let pull = try await puller(session).run()
            let audit = try await AuditPusher(manager: manager, tenant: configuration.tenant, batchSize: configuration.pushBatchSize,
                                              session: session, logger: logger).run()
            var report = SyncReport(push: push, pull: pull, auditEntriesPushed: audit)
            report.acknowledgedEntities = try acknowledgeSyncedState()
            return report
        }
    }

    /// After a push and a pull that both succeeded: every entity that no unanswered or refused
    /// event of this client touches is in the state the server holds, so its `initial` becomes
    /// its current state (see ``EntityPair``).
    private func acknowledgeSyncedState() throws -> Int {
        let tenant = configuration.tenant
        let unacknowledged = try manager.store.read { transaction -> Set<String> in
            let state = try SyncState.load(tenant: tenant, from: transaction)
            var guids = Set(state.rejections.map(\.eventGuid))
            try SyncStatus.forEachUnsyncedEvent(after: state.pushCursor, in: transaction) { guids.insert($0.event.guid) }
            return guids
        }
        return try manager.acknowledgeState(exceptTouchedBy: unacknowledged)
    }

    /// Only pushes this client's unsent events.
    public func push() async throws -> PushReport {
        try await withSession { try await pusher($0).run() }
    }

    /// Only pulls (and verifies, then applies) the server's new events.
    public func pull() async throws -> PullReport {
        try await withSession { try await puller($0).run() }
    }

    /// This tenant's status in the local store; no network.
    public func status() throws -> SyncStatus {
        try SyncStatus.read(tenant: configuration.tenant, from: manager.store)
    }

    private func pusher(_ session: SyncServerSession) -> EventPusher {
        EventPusher(manager: manager, tenant: configuration.tenant, batchSize: configuration.pushBatchSize,
                    session: session, logger: logger, now: now)
    }

    private func puller(_ session: SyncServerSession) -> EventPuller {
        EventPuller(manager: manager, configuration: configuration, session: session, logger: logger, now: now)
    }

    private func withSession<Result: Sendable>(_ body: (SyncServerSession) async throws -> Result) async throws -> Result {
        let server = configuration.serverURL
        try SyncState.update(tenant: configuration.tenant, in: manager.store) { $0.server = server }
        if let transport {
            return try await body(SyncServerSession(configuration: configuration, transport: transport, logger: logger))
        }
        return try await HTTPSyncTransport.withTransport(timeoutSeconds: configuration.requestTimeoutSeconds) { transport in
            try await body(SyncServerSession(configuration: configuration, transport: transport, logger: logger))
        }
    }
}
