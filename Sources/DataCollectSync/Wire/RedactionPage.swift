import DataCollectCore
import DataCollectIntegrity

/// One page of the server's `redact-event` audit entries (`GET /api/v2/sync/pull/audit` with
/// `action=redact-event` and `proofSize`): which fields of which events a policy run erased
/// there. Every entry is checked before it is believed: its values against their sealed
/// commitments, and its leaf against the verified checkpoint of the audit log.
struct RedactionPage: Sendable, Hashable {
    /// One erasure on the server: names only, never values.
    struct ServerRedaction: Sendable, Hashable {
        var eventGuid: String
        var fields: [String]
        var policyRun: String
        var reason: String
    }

    var redactions: [ServerRedaction]
    /// The last audit `seq` the server read for this page (matching or not).
    var nextCursor: Int64
    var hasMore: Bool

    init(json: JSONValue, route: String, after: Int64, checkpoint: Checkpoint) throws {
        guard let entries = json["entries"]?.arrayValue, let next = json["nextCursor"]?.numberValue?.intValue,
              let hasMore = json["hasMore"]?.boolValue
        else {
            throw SyncError.invalidResponse(route: route, reason: "entries, nextCursor or hasMore is missing")
        }
        // Entries of other actions are skipped (a server that ignores the action filter sends
        // the whole trail); a redact-event entry that does not say what it erased is an error.
        redactions = try entries.compactMap { line in
            guard let (stored, seals) = try? SealedRecordCoding.storedAudit(line) else {
                throw SyncError.invalidResponse(route: route, reason: "an entry is not a sealed audit entry")
            }
            guard stored.entry.action == "redact-event" else { return nil }
            try Self.verify(line, stored: stored, seals: seals, after: after, checkpoint: checkpoint)
            guard let fields = stored.entry.changes["fields"]?.arrayValue?.compactMap(\.stringValue), !fields.isEmpty,
                  let policyRun = stored.entry.changes["policyRun"]?.stringValue
            else {
                throw SyncError.invalidResponse(route: route, reason: "a redact-event entry does not name its fields and policy run")
            }
            return ServerRedaction(eventGuid: stored.entry.eventGuid, fields: fields, policyRun: policyRun,
                                   reason: stored.entry.changes["reason"]?.stringValue ?? "")
        }
        nextCursor = Int64(next)
        self.hasMore = hasMore
    }

    /// The entry is the one the signed audit log holds: after the cursor, its values match
    /// their commitments, and its leaf is proven against the checkpoint.
    private static func verify(_ line: JSONValue, stored: StoredAuditEntry, seals: [FieldSeal], after: Int64,
                               checkpoint: Checkpoint) throws(SyncIntegrityError) {
        guard stored.seq > after else {
            throw SyncIntegrityError(.malformedRecord, message: "The server sent an audit entry at or before the requested cursor \(after).",
                                     serverSeq: stored.seq)
        }
        let checks = SealedRecordChecks.auditEntry
        let proof = try checks.proof(of: line, seq: stored.seq, checkpoint: checkpoint)
        let commitments = try checks.commitments(seals, values: LeafHeader.auditValues(stored), seq: stored.seq)
        try checks.requireInclusion(header: LeafHeader.audit(stored), commitments: commitments, proof: proof, seq: stored.seq,
                                    checkpoint: checkpoint)
    }
}
