import DataCollectCore
import DataCollectIntegrity
import Foundation
import HTTPTypes
import Hummingbird

/// The audit trail travels too. `/api/v2/sync/pull/audit` pages the tenant's audit trail by
/// `seq` with seals; the existing apps' `/api/sync/pull/audit-logs` and
/// `/api/sync/push/audit-logs` keep their paths and shapes. A pushed entry is kept under the
/// account that delivered it: what the client claimed is recorded beside, never trusted.
struct AuditSyncRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/v2/sync/pull/audit") { request, context in try await pull(request, context: context) }
        group.get("/api/sync/pull/audit-logs") { request, context in try await legacyPull(request, context: context) }
        group.post("/api/sync/push/audit-logs") { request, context in try await push(request, context: context) }
    }

    private func pull(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        let after = Int64(try request.integerQuery("after") ?? 0)
        let limit = try request.integerQuery("limit") ?? 100
        guard (1...services.configuration.maxPullLimit).contains(limit) else {
            throw APIError.badRequest("limit must be between 1 and \(services.configuration.maxPullLimit).", field: "limit")
        }
        let manager = tenant.manager
        if let action = request.query("action") {
            guard !action.isEmpty, action.utf8.count <= 64 else {
                throw APIError.badRequest("action must be an audit action such as redact-event.", field: "action")
            }
            let proofSize = try request.integerQuery("proofSize").map(UInt64.init)
            return try await filteredPull(manager, action: action, after: after, limit: limit, proofSize: proofSize)
        }
        let entries = try await blocking { try manager.sealedAuditEntries(afterSeq: after, limit: limit + 1) }
        let page = entries.prefix(limit)
        return .json([
            "entries": .array(page.map { SealedRecordCoding.audit($0.0, seals: $0.1) }),
            "nextCursor": .number(JSONNumber(Int(page.last?.0.seq ?? after))), "hasMore": .bool(entries.count > limit),
        ])
    }

    /// Entries of one action only (a device follows the server's `redact-event` entries without
    /// downloading the whole trail), read through the `(action, seq)` index. With nothing more
    /// to send, `nextCursor` is the trail's last `seq`, so the device's cursor moves past
    /// everything this answer covered.
    ///
    /// With `proofSize` (a signed checkpoint of the audit log), only entries within its first
    /// `proofSize` leaves are sent, each with its inclusion proof against that tree size, and
    /// the cursor moves no further than the checkpoint's last entry: a device checks every
    /// erasure it follows against the signed log, as it checks pulled events.
    private func filteredPull(_ manager: EntityDataManager, action: String, after: Int64, limit: Int,
                              proofSize: UInt64?) async throws -> Response {
        let answer = try await blocking {
            try manager.store.read { transaction -> JSONValue in
                let end = try Self.lastSeq(transaction, size: proofSize)
                let found = try transaction.auditEntries(action: action, afterSeq: after, limit: limit + 1)
                    .filter { entry in end.map { entry.seq <= $0 } ?? false }
                let page = found.prefix(limit)
                let hasMore = found.count > limit
                var cursor = page.last?.seq ?? after
                if !hasMore, let end { cursor = max(cursor, end) }
                let seals = try transaction.seals(log: .audit, recordSeqs: page.map(\.seq))
                let proofs = try proofSize.map { try LogProofs.inclusions(of: Array(page), size: $0, in: transaction) } ?? [:]
                let entries = page.map { stored -> JSONValue in
                    var record = SealedRecordCoding.audit(stored, seals: seals[stored.seq] ?? []).objectValue ?? [:]
                    if let proof = proofs[stored.entry.guid] { record["proof"] = proof.recordProof }
                    return .object(record)
                }
                return ["entries": .array(entries), "nextCursor": .number(JSONNumber(Int(cursor))), "hasMore": .bool(hasMore)]
            }
        }
        return .json(answer)
    }

    /// The `seq` of the entry at the audit log's leaf `size - 1` (default: its last leaf; every
    /// entry is sealed in the transaction that appends it, so leaf order is `seq` order).
    /// Nil for an empty log or size 0.
    private static func lastSeq(_ transaction: any StoreTransaction, size: UInt64?) throws -> Int64? {
        let head = try transaction.logHead(.audit).size
        if let size, size > head {
            throw DataCollectError(.invalidForm, field: "proofSize", message: "proofSize must be at most the audit log's size \(head).")
        }
        let covered = size ?? head
        guard covered > 0 else { return nil }
        return try transaction.leaves(log: .audit, fromIndex: covered - 1, limit: 1).first?.recordSeq
    }

    /// Entries whose timestamp is after `since` (all of them when `since` is missing or empty,
    /// where the existing server answered nothing), oldest first.
    private func legacyPull(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId") ?? "default", for: identity)
        var since: EventTimestamp?
        if let text = request.query("since"), !text.isEmpty {
            guard let parsed = EventTimestamp(parsing: text) else {
                throw APIError.badRequest("since must be an ISO 8601 date and time.", field: "since")
            }
            since = parsed
        }
        let manager = tenant.manager
        let after = since
        let entries = try await blocking {
            var entries: [StoredAuditEntry] = []
            var cursor: Int64 = 0
            while true {
                let page = try manager.store.read { try $0.auditEntries(afterSeq: cursor, limit: 2_000) }
                entries += page.filter { entry in after.map { entry.entry.timestamp > $0 } ?? true }
                guard let last = page.last, page.count == 2_000 else { break }
                cursor = last.seq
            }
            return entries
        }
        return .json(.array(entries.map(\.entry.jsonValue)))
    }

    private func push(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await services.body.json(of: request)
        guard let items = body["auditLogs"]?.arrayValue else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "auditLogs must be a list of audit entries.",
                           field: "auditLogs")
        }
        guard items.count <= services.configuration.maxPushBatch else {
            throw APIError(.contentTooLarge, code: "BATCH_TOO_LARGE",
                           message: "A push may carry at most \(services.configuration.maxPushBatch) entries; split the batch.",
                           field: "auditLogs")
        }
        let tenant = try await services.tenant(request.query("configId") ?? body["configId"]?.stringValue, for: identity)
        try identity.require(.collector, .admin, for: "push audit entries")
        let actor = identity.auditActor
        let now = EventTimestamp.now()
        let entries = try items.enumerated().map { index, item in try Self.entry(item, index: index, actor: actor, receivedAt: now) }
        let manager = tenant.manager
        let appended = try await blocking { try manager.recordAudit(entries) }
        return .json(["status": "success", "received": .number(JSONNumber(entries.count)),
                      "appended": .number(JSONNumber(appended))])
    }

    /// A client's entry as this server keeps it: authored by the delivering account, its action
    /// prefixed `client:`, the claimed author and time beside the recorded changes.
    static func entry(_ item: JSONValue, index: Int, actor: String, receivedAt: EventTimestamp) throws -> AuditEntry {
        guard let action = item["action"]?.stringValue, !action.isEmpty, action.utf8.count <= 64 else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "Each audit entry needs an action (at most 64 bytes).",
                           field: "auditLogs[\(index)].action")
        }
        let clientGuid = item["guid"]?.stringValue ?? ""
        var changes: [String: JSONValue] = ["changes": item["changes"] ?? .null]
        if let claimed = item["userId"]?.stringValue { changes["claimedUserId"] = .string(claimed) }
        if let time = item["timestamp"]?.stringValue { changes["claimedTimestamp"] = .string(time) }
        return AuditEntry(
            guid: DeterministicID.make("client-audit", actor, clientGuid.isEmpty ? item.canonicalString : clientGuid),
            timestamp: receivedAt, userId: actor, action: "client:" + action,
            eventGuid: item["eventGuid"]?.stringValue ?? "", entityGuid: item["entityGuid"]?.stringValue ?? "",
            changes: .object(changes))
    }
}
