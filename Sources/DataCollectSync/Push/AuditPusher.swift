import DataCollectCore
import DataCollectIntegrity
import Logging

/// Delivers to the server's audit trail what people did on this device that the server cannot
/// derive from events: the entries not tied to an event, such as time-travel queries, exports,
/// reports and policy runs (who looked at or released what, and when). Entries the fold writes
/// for events (changes, conflicts, erasures of an event) are not sent: the server writes its
/// own when it applies the same events.
///
/// The cursor moves only after the server answered a batch, in one store transaction; the
/// server keeps each entry once by guid, so a resend after a crash adds nothing.
struct AuditPusher {
    let manager: EntityDataManager
    let tenant: String
    let batchSize: Int
    let session: SyncServerSession
    let logger: Logger

    /// Pushes every new entry of this device; returns how many were new on the server.
    func run() async throws -> Int {
        var delivered = 0
        var cursor = try manager.store.read { try SyncState.load(tenant: tenant, from: $0) }.auditPushCursor
        while true {
            let page = try manager.store.read { try $0.auditEntries(afterSeq: cursor, limit: batchSize) }
            guard let last = page.last else { break }
            let local = page.filter { $0.entry.eventGuid.isEmpty }
            if !local.isEmpty {
                delivered += try await session.pushAudit(local.map(\.entry.jsonValue))
            }
            try manager.store.write { transaction in
                try SyncState.update(tenant: tenant, in: transaction) { $0.auditPushCursor = max($0.auditPushCursor, last.seq) }
            }
            cursor = last.seq
        }
        if delivered > 0 {
            logger.debug("Delivered this device's audit entries.", metadata: [
                "tenant": .string(tenant), "entries": .stringConvertible(delivered),
            ])
        }
        return delivered
    }
}
