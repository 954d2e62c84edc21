import DataCollectCore
import DataCollectIntegrity
import Logging

/// Sends this client's events to the server in `seq` order, from the push cursor on, in
/// batches. Events that came from the server (`syncLevel` remote) are not sent back.
///
/// Each batch's answers are recorded (refusals with their reasons) together with the new
/// cursor in one store transaction, and only after the server answered: a crash or a lost
/// answer means the batch is sent again, and the server answers `duplicate` for what it kept.
struct EventPusher {
    let manager: EntityDataManager
    let tenant: String
    let batchSize: Int
    let session: SyncServerSession
    let logger: Logger
    let now: @Sendable () -> EventTimestamp

    private static let route = "/api/v2/sync/push"

    func run() async throws -> PushReport {
        var report = PushReport()
        var batchSize = self.batchSize
        var cursor = try manager.store.read { try SyncState.load(tenant: tenant, from: $0) }.pushCursor
        while true {
            let page = try manager.store.read { try $0.events(afterSeq: cursor, limit: batchSize) }
            guard let last = page.last else { break }
            let outgoing = page.filter { $0.event.syncLevel != .remote }
            var refusals: [SyncRejection] = []
            if !outgoing.isEmpty {
                let answer: PushAnswer
                do {
                    answer = try await session.push(outgoing.map(\.event.jsonValue))
                } catch let error as SyncError where error.status == 413 && batchSize > 1 {
                    // The server takes smaller batches than configured: halve and resend.
                    batchSize = max(1, batchSize / 2)
                    logger.notice("The server refused the batch size; halving it.",
                                  metadata: ["tenant": .string(tenant), "batchSize": .stringConvertible(batchSize)])
                    continue
                }
                let items = try answer.itemsMatching(guids: outgoing.map(\.event.guid), route: Self.route)
                report.batches += 1
                report.pushed += outgoing.count
                for (item, stored) in zip(items, outgoing) {
                    switch item.result {
                    case .accepted: report.accepted += 1
                    case .duplicate: report.duplicates += 1
                    case .conflict:
                        report.conflicts += 1
                        refusals.append(refusal(of: stored, outcome: .conflict, item: item))
                    case .rejected:
                        report.rejected += 1
                        refusals.append(refusal(of: stored, outcome: .rejected, item: item))
                    }
                }
            }
            cursor = last.seq
            try SyncState.update(tenant: tenant, in: manager.store) { state in
                state.pushCursor = max(state.pushCursor, cursor)
                state.remember(refusals)
            }
            logger.debug("Pushed a batch.", metadata: [
                "tenant": .string(tenant), "events": .stringConvertible(outgoing.count),
                "refused": .stringConvertible(refusals.count), "cursor": .stringConvertible(cursor),
            ])
        }
        return report
    }

    private func refusal(of stored: StoredEvent, outcome: SyncRejection.Outcome, item: PushAnswer.Item) -> SyncRejection {
        SyncRejection(
            direction: .push, outcome: outcome, eventGuid: stored.event.guid, entityGuid: stored.event.entityGuid,
            seq: stored.seq, code: item.errorCode ?? (outcome == .conflict ? "DUPLICATE_EVENT_GUID" : "REJECTED"),
            message: item.errorMessage ?? "The server refused the event without giving a reason.",
            field: item.errorField, recordedAt: now())
    }
}
