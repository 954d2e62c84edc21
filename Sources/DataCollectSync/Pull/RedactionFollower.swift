import DataCollectCore
import DataCollectIntegrity
import Logging

/// Erases on this client what policy runs erased on the server. After a retention or
/// anonymization run the server holds its events with fields erased (values and salts gone,
/// commitments kept); a device that pulled those events before still holds the values. The
/// follower reads the server's `redact-event` audit entries after its cursor and redacts the
/// same fields of the events this store holds, with the server's policy run and reason, so
/// the device folds the same events to the same state and no longer keeps the erased data.
///
/// Every entry followed is proven first, as pulled events are: the server signs a checkpoint of
/// its audit log (with the key pinned for the tenant), proves it extends the last one this
/// client verified, and sends each entry with its inclusion proof against it; any failure stops
/// the sync with ``SyncIntegrityError`` before anything is erased. So an erasure is followed
/// only when it is on the server's signed, append-only record, where an auditor sees it too.
/// The server can still withhold entries (the device then keeps values the server erased), as
/// the filtered pull cannot show what it left out; and an entry can only erase here, never add
/// or change what any event says. Events this store does not hold are skipped: they arrive
/// erased when they are pulled.
struct RedactionFollower {
    let manager: EntityDataManager
    let tenant: String
    let session: SyncServerSession
    let logger: Logger
    let now: @Sendable () -> EventTimestamp
    var pageSize = 1_000

    /// Follows every erasure the server's audit log held when it signed a checkpoint of it
    /// now; returns how many events were erased here.
    func run() async throws -> Int {
        let state = try manager.store.read { try SyncState.load(tenant: tenant, from: $0) }
        // Signed by the key the event rounds pinned, and extending the last audit checkpoint verified here.
        let signed = try await SignedCheckpointFetch.fetch(.audit, from: session, pinnedKey: state.serverKey,
                                                          extending: state.auditCheckpoint)
        let verified = signed.verified(at: now())
        var erased = 0
        while true {
            let cursor = try manager.store.read { try SyncState.load(tenant: tenant, from: $0).redactionCursor }
            let page = try await session.redactions(after: cursor, limit: pageSize, checkpoint: signed.checkpoint)
            erased += try manager.store.write { transaction in
                let count = try apply(page.redactions, in: transaction)
                try SyncState.update(tenant: tenant, in: transaction) { state in
                    state.redactionCursor = max(state.redactionCursor, page.nextCursor)
                    if verified.size >= state.auditCheckpoint?.size ?? 0 { state.auditCheckpoint = verified }
                }
                return count
            }
            guard page.hasMore, page.nextCursor > cursor else { break }
        }
        if erased > 0 {
            logger.info("Erased fields the server's policy runs erased.", metadata: [
                "tenant": .string(tenant), "events": .stringConvertible(erased),
            ])
        }
        return erased
    }

    /// One `redact` per (policy run, reason), in the order the server made them.
    private func apply(_ redactions: [RedactionPage.ServerRedaction], in transaction: any StoreTransaction) throws -> Int {
        let held = Set(try transaction.events(guids: Set(redactions.map(\.eventGuid))).map(\.guid))
        var groups: [(key: [String], requests: [RedactionRequest])] = []
        for redaction in redactions where held.contains(redaction.eventGuid) {
            let key = [redaction.policyRun, redaction.reason]
            let request = RedactionRequest(eventGuid: redaction.eventGuid, fields: redaction.fields)
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].requests.append(request)
            } else {
                groups.append((key, [request]))
            }
        }
        var erased = 0
        for group in groups {
            let results = try manager.redact(group.requests, reason: group.key[1], policyRun: group.key[0],
                                             actor: "sync-server:\(tenant)", in: transaction)
            erased += results.filter { !$0.eventFields.isEmpty }.count
        }
        return erased
    }
}
