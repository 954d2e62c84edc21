public import DataCollectCore
import DataCollectIntegrity
public import Logging

/// Runs one external sync for a store: authenticate, push the store's new events, pull the
/// external system's new records and apply them as EXTERNAL events through the same pipeline
/// as every other submission (``EntityDataManager/receive(json:receivedFrom:)``).
///
/// Cursors move only after what they describe happened: the push cursor after the external
/// system acknowledged a batch, the pull cursor after every record of a page landed (appended
/// or already present). A record that is refused (malformed, unknown type, conflicting guid)
/// is reported and holds the cursor, so it is pulled again next time instead of being lost.
/// Pulled events have derived guids, so repeating a page after a crash duplicates nothing.
///
/// ```swift
/// let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: config)
/// let report = try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize()
/// ```
///
/// Store calls are synchronous and short; they run on the calling task. Logs counts and
/// types only, never credentials, record ids or field values.
public struct ExternalSyncManager: Sendable {
    public let manager: EntityDataManager
    public let adapter: any ExternalSyncAdapter
    /// Events per push request.
    public var pushBatchSize = 100
    /// Pages one run pulls at most (a guard against an external system that never ends).
    public var maxPullPages = 1_000
    private let logger: Logger

    public init(manager: EntityDataManager, adapter: any ExternalSyncAdapter,
                logger: Logger = Logger(label: "datacollect.external-sync")) {
        self.manager = manager
        self.adapter = adapter
        self.logger = logger
    }

    public var cursors: ExternalSyncCursors { ExternalSyncCursors(adapterType: adapter.type) }

    /// Authenticate, then push, then pull.
    public func synchronize(credentials: ExternalSyncCredentials? = nil) async throws -> ExternalSyncReport {
        var report = ExternalSyncReport(adapterType: adapter.type)
        let session = try await guarded { try await adapter.authenticate(credentials) }
        try await push(session: session, into: &report)
        try await pull(session: session, into: &report)
        logger.info("External sync finished", metadata: [
            "adapter": .string(adapter.type), "pushed": .stringConvertible(report.pushed),
            "pulled": .stringConvertible(report.pulled), "applied": .stringConvertible(report.applied),
            "rejected": .stringConvertible(report.rejected.count),
        ])
        return report
    }

    private func push(session: ExternalSyncSession, into report: inout ExternalSyncReport) async throws {
        var cursor = try cursors.pushCursor(in: manager.store)
        let batchSize = max(1, pushBatchSize)
        while true {
            let page = try manager.store.read { try $0.events(afterSeq: cursor, limit: batchSize) }
            guard let last = page.last else { return }
            // Events that came from an external system are not sent out again.
            let outgoing = page.map(\.event).filter { $0.syncLevel != .external }
            report.notPushedExternal += page.count - outgoing.count
            if !outgoing.isEmpty {
                try await guarded { try await adapter.push(outgoing, session: session) }
                report.pushed += outgoing.count
                report.pushBatches += 1
            }
            cursor = last.seq
            try cursors.setPushCursor(cursor, in: manager.store)
        }
    }

    private func pull(session: ExternalSyncSession, into report: inout ExternalSyncReport) async throws {
        var cursor = try cursors.pullCursor(in: manager.store)
        let author = ExternalRecordMapping.author(adapterType: adapter.type)
        for _ in 0..<max(1, maxPullPages) {
            let page = try await guarded { try await adapter.pull(after: cursor, session: session) }
            guard !page.records.isEmpty else { return }
            let firstPosition = report.pulled
            report.pulled += page.records.count

            var events: [JSONValue] = []
            var positions: [Int] = []  // page index of each event sent
            for (index, record) in page.records.enumerated() {
                switch ExternalRecordMapping.event(from: record, adapterType: adapter.type) {
                case .success(let event):
                    events.append(event)
                    positions.append(index)
                case .failure(let reason):
                    report.rejected.append(.init(position: firstPosition + index,
                                                 recordId: ExternalRecordMapping.recordID(of: record), reason: reason))
                }
            }
            var landedAll = events.count == page.records.count
            if !events.isEmpty {
                let submission = try manager.receive(json: .array(events), receivedFrom: author)
                for item in submission.items {
                    let index = positions[item.index]
                    switch item.outcome {
                    case .appended(_, let status):
                        report.applied += 1
                        if case .pending = status { report.pending += 1 }
                    case .alreadyPresent:
                        report.alreadyPresent += 1
                    case .conflict:
                        landedAll = false
                        report.rejected.append(.init(
                            position: firstPosition + index, recordId: ExternalRecordMapping.recordID(of: page.records[index]),
                            reason: DataCollectError(.duplicateEventGuid, field: "id",
                                                     message: "An event for this record and timestamp is already stored with different content.")))
                    case .rejected(let reason):
                        landedAll = false
                        report.rejected.append(.init(position: firstPosition + index,
                                                     recordId: ExternalRecordMapping.recordID(of: page.records[index]), reason: reason))
                    }
                }
            }
            report.rejected.sort { $0.position < $1.position }
            guard landedAll else {
                report.pullCursorHeld = true
                logger.notice("External records refused; the pull cursor stays before them",
                              metadata: ["adapter": .string(adapter.type), "rejected": .stringConvertible(report.rejected.count)])
                return
            }
            // No cursor, or one that does not move: stop rather than pull the same page again.
            guard let next = page.nextCursor, next != cursor else { return }
            cursor = next
            try cursors.setPullCursor(next, in: manager.store)
        }
    }

    /// Runs an adapter call; anything but an ``ExternalSyncError`` becomes `unreachable`,
    /// described by its type only (descriptions of transport errors may carry addresses).
    private func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExternalSyncError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ExternalSyncError(.unreachable, message: "The external system could not be reached (\(type(of: error))).")
        }
    }
}
