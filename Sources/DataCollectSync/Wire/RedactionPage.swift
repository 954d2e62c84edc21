import DataCollectCore
import DataCollectIntegrity

/// One page of the server's `redact-event` audit entries (`GET /api/v2/sync/pull/audit` with
/// `action=redact-event`): which fields of which events a policy run erased there.
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

    init(json: JSONValue, route: String) throws {
        guard let entries = json["entries"]?.arrayValue, let next = json["nextCursor"]?.numberValue?.intValue,
              let hasMore = json["hasMore"]?.boolValue
        else {
            throw SyncError.invalidResponse(route: route, reason: "entries, nextCursor or hasMore is missing")
        }
        // Entries of other actions are skipped (a server that ignores the action filter sends
        // the whole trail); a redact-event entry that does not say what it erased is an error.
        redactions = try entries.compactMap { line in
            guard let (stored, _) = try? SealedRecordCoding.storedAudit(line) else {
                throw SyncError.invalidResponse(route: route, reason: "an entry is not a sealed audit entry")
            }
            guard stored.entry.action == "redact-event" else { return nil }
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
}
