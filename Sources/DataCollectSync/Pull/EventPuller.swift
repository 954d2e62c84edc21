import DataCollectCore
import DataCollectIntegrity
import Logging

/// Brings the server's events into this client's store, in rounds of verify-then-apply.
///
/// A round: (1) ask the server to sign a checkpoint of its events log; (2) check its signature
/// against the pinned key, and that it extends the last checkpoint this client verified;
/// (3) pull the events after the cursor, each with an inclusion proof against that checkpoint,
/// and check every one; (4) only then apply them, marked `remote`, and record the cursor and
/// the checkpoint. Any failure in (2) or (3) throws ``SyncIntegrityError`` with nothing applied.
struct EventPuller {
    let manager: EntityDataManager
    let configuration: SyncConfiguration
    let session: SyncServerSession
    let logger: Logger
    let now: @Sendable () -> EventTimestamp

    private var tenant: String { configuration.tenant }

    /// Pulls every event the server's newest checkpoint covers, then follows the erasures the
    /// server's policy runs made (``RedactionFollower``).
    func run() async throws -> PullReport {
        var report = PullReport()
        while try await round(into: &report) == false {}
        report.redactedEvents = try await RedactionFollower(manager: manager, tenant: tenant, session: session,
                                                            logger: logger, now: now).run()
        return report
    }

    /// One round; true when this client now holds every event the checkpoint covers.
    private func round(into report: inout PullReport) async throws -> Bool {
        let state = try manager.store.read { try SyncState.load(tenant: tenant, from: $0) }
        let signed = try await verifiedCheckpoint(after: state)
        let checkpoint = signed.checkpoint
        let events = try await verifiedEvents(after: state, checkpoint: checkpoint)
        let verified = signed.verified(at: now())
        try apply(events, checkpoint: verified, serverKey: signed.verifierKey, into: &report)
        report.rounds += 1
        report.pulled += events.count
        report.checkpoint = verified
        logger.debug("Pull round verified and applied.", metadata: [
            "tenant": .string(tenant), "events": .stringConvertible(events.count),
            "treeSize": .stringConvertible(checkpoint.size),
        ])
        return state.pulledLeaves + UInt64(events.count) >= checkpoint.size
    }

    /// A fresh checkpoint, signed by the pinned key and extending the last verified one.
    private func verifiedCheckpoint(after state: SyncState) async throws -> CheckpointVerification.Signed {
        if let configured = configuration.serverKey, let pinned = state.serverKey, configured != pinned {
            throw SyncIntegrityError(.serverKeyChanged, message: "The configured server key is not the key this client pinned when it first synced this tenant.")
        }
        let signed = try await SignedCheckpointFetch.fetch(.events, from: session, pinnedKey: configuration.serverKey ?? state.serverKey,
                                                          extending: state.checkpoint)
        guard state.pulledLeaves <= signed.checkpoint.size else {
            throw SyncIntegrityError(.logRolledBack, message: "The server's log has \(signed.checkpoint.size) events, fewer than the \(state.pulledLeaves) this client already pulled from it.")
        }
        return signed
    }

    /// The events after the cursor that the checkpoint covers (at most one round's worth),
    /// each checked; the server must send them all, in leaf order, with no gap.
    private func verifiedEvents(after state: SyncState, checkpoint: Checkpoint) async throws -> [VerifiedEvent] {
        let target = min(checkpoint.size, state.pulledLeaves + UInt64(configuration.maxEventsPerRound))
        var events: [VerifiedEvent] = []
        var cursor = state.pullCursor
        var nextLeaf = state.pulledLeaves
        while nextLeaf < target {
            let limit = Int(min(UInt64(configuration.pullPageSize), target - nextLeaf))
            let page = try await session.pull(after: cursor, limit: limit, proofSize: checkpoint.size)
            guard !page.records.isEmpty else {
                throw SyncIntegrityError(.eventsWithheld, message: "The server signed a log of \(checkpoint.size) events but sent only \(nextLeaf) of them.")
            }
            for record in page.records {
                guard nextLeaf < target else { break }
                let event = try PulledEventVerification.verify(record, expectedLeaf: nextLeaf, afterSeq: cursor, checkpoint: checkpoint)
                events.append(event)
                nextLeaf += 1
                cursor = event.stored.seq
            }
        }
        return events
    }

    /// Applies verified events through the manager, marked as come from the server, one page
    /// per transaction together with the cursor and checkpoint it reached: a crash or a failed
    /// write leaves both as they were, and the page is pulled again next time.
    private func apply(_ events: [VerifiedEvent], checkpoint: VerifiedCheckpoint, serverKey: String,
                       into report: inout PullReport) throws {
        func record(_ last: VerifiedEvent?, refusals: [SyncRejection], in transaction: any StoreTransaction) throws {
            try SyncState.update(tenant: tenant, in: transaction) { state in
                if let last, last.leafIndex + 1 > state.pulledLeaves {
                    state.pullCursor = last.stored.seq
                    state.pulledLeaves = last.leafIndex + 1
                }
                if checkpoint.size >= state.checkpoint?.size ?? 0 { state.checkpoint = checkpoint }
                state.serverKey = serverKey
                state.remember(refusals)
            }
        }
        guard !events.isEmpty else { return try manager.store.write { try record(nil, refusals: [], in: $0) } }
        for start in stride(from: 0, to: events.count, by: configuration.pullPageSize) {
            let page = events[start ..< min(start + configuration.pullPageSize, events.count)]
            let pageReport = try manager.store.write { transaction in
                let submission = try manager.submitVerifiedFromServer(page.map { verified in
                    var event = verified.stored.event
                    event.syncLevel = .remote
                    return ServerVerifiedEvent(event: event, erasedFields: verified.erasedFields)
                }, in: transaction)
                var pageReport = PullReport()
                var refusals: [SyncRejection] = []
                for item in submission.items {
                    let stored = page[page.startIndex + item.index].stored
                    switch item.outcome {
                    case .appended: pageReport.applied += 1
                    case .alreadyPresent: pageReport.alreadyPresent += 1
                    case .conflict:
                        pageReport.conflicts += 1
                        refusals.append(refusal(of: stored, outcome: .conflict, error: DataCollectError(
                            .duplicateEventGuid, field: "guid",
                            message: "This store holds another event with this guid and different content; the server's was not applied.")))
                    case .rejected(let error):
                        pageReport.rejected += 1
                        refusals.append(refusal(of: stored, outcome: .rejected, error: error))
                    }
                }
                try record(page.last, refusals: refusals, in: transaction)
                return pageReport
            }
            report.applied += pageReport.applied
            report.alreadyPresent += pageReport.alreadyPresent
            report.conflicts += pageReport.conflicts
            report.rejected += pageReport.rejected
        }
    }

    private func refusal(of stored: StoredEvent, outcome: SyncRejection.Outcome, error: DataCollectError) -> SyncRejection {
        SyncRejection(direction: .pull, outcome: outcome, eventGuid: stored.event.guid, entityGuid: stored.event.entityGuid,
                      seq: stored.seq, code: error.code.rawValue, message: error.message, field: error.field, recordedAt: now())
    }
}
