public import DataCollectCore
import DataCollectIntegrity

/// The batch forms of the store's writes: a pushed batch of 1,000 events is a handful of
/// statements per table instead of one or two per event (each a round trip on PostgreSQL).
/// Each keeps the exact semantics of its one-at-a-time form.
extension SQLTransaction {
    /// The ranges of `count` rows, one per multi-row statement (see ``StatementChunks``).
    static func chunks(_ count: Int) -> [Range<Int>] {
        StatementChunks.ranges(count)
    }

    public func append(_ events: [Event], recordedAt: EventTimestamp) throws -> [AppendOutcome] {
        let stored = Dictionary(try chunked(Set(events.map(\.guid))) { placeholders, values in
            try db.query("SELECT guid, seq, content_hash FROM events WHERE guid IN (\(placeholders))", values) {
                ($0.text(0) ?? "", (seq: $0.int(1), hash: $0.text(2) ?? ""))
            }
        }, uniquingKeysWith: { first, _ in first })
        // The first occurrence of each new guid is inserted; later ones compare with it.
        var firstNew: [String: Event] = [:]
        var inserting: [Event] = []
        for event in events where stored[event.guid] == nil && firstNew[event.guid] == nil {
            firstNew[event.guid] = event
            inserting.append(event)
        }
        var seqs: [String: Int64] = [:]
        for range in Self.chunks(inserting.count) {
            let chunk = inserting[range]
            let tuples = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')", count: chunk.count).joined(separator: ", ")
            let values: [SQLValue] = chunk.flatMap { event -> [SQLValue] in
                [.text(event.guid), .text(event.entityGuid), .text(event.type), .text(JSONValue.object(event.data).canonicalString),
                 .text(event.timestamp.iso8601), .text(event.userId), .integer(Int64(event.syncLevel.rawValue)),
                 .text(recordedAt.iso8601), .text(event.contentHash)]
            }
            // Inserted as applied, the fold's usual verdict, which it gives before this
            // transaction commits (see ``PendingRows/storedApplied``).
            for (guid, seq) in try db.query("""
                INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash, status)
                VALUES \(tuples) RETURNING guid, seq
                """, values, { ($0.text(0) ?? "", $0.int(1)) }) {
                seqs[guid] = seq
                pending.storedApplied.insert(guid)
            }
        }
        var appended: Set<String> = []
        return try events.map { event in
            if let (seq, hash) = stored[event.guid] {
                return hash == event.contentHash ? .alreadyPresent(seq: seq) : .conflict(seq: seq)
            }
            guard let seq = seqs[event.guid], let first = firstNew[event.guid] else {
                throw SQLRowCoding.corrupted("events", event.guid)
            }
            if appended.insert(event.guid).inserted { return .appended(seq: seq) }
            return first.contentHash == event.contentHash ? .alreadyPresent(seq: seq) : .conflict(seq: seq)
        }
    }

    /// Writes only the statuses that differ from what is stored: an event this transaction
    /// inserted (as `applied`) and the fold applied needs no `UPDATE`.
    public func setStatuses(_ statuses: [String: EventStatus]) throws {
        let rows = statuses.filter { guid, status in
            guard case .applied = status else { return true }
            return !pending.storedApplied.contains(guid)
        }.sorted { $0.key < $1.key }
        for (guid, status) in rows {
            if case .applied = status { pending.storedApplied.insert(guid) } else { pending.storedApplied.remove(guid) }
        }
        for range in Self.chunks(rows.count) {
            let chunk = rows[range]
            let tuples = Array(repeating: "(?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let values: [SQLValue] = chunk.flatMap { guid, status -> [SQLValue] in
                let reason = status.reason
                return [.text(guid), .text(status.name), reason.map { .text($0.code.rawValue) } ?? .null,
                        reason?.field.map { .text($0) } ?? .null, reason.map { .text($0.message) } ?? .null]
            }
            // VALUES columns are column1, column2, … in both databases.
            try db.send("""
                UPDATE events SET status = v.column2, status_code = v.column3, status_field = v.column4,
                    status_message = v.column5
                FROM (VALUES \(tuples)) AS v WHERE events.guid = v.column1
                """, values)
        }
    }

    public func append(_ entries: [AuditEntry], recordedAt: EventTimestamp) throws -> [StoredAuditEntry] {
        var seen: Set<String> = []
        let unique = entries.filter { seen.insert($0.guid).inserted }
        var byGuid: [String: AuditEntry] = [:]
        for entry in unique { byGuid[entry.guid] = entry }
        var stored: [StoredAuditEntry] = []
        for range in Self.chunks(unique.count) {
            let chunk = unique[range]
            let tuples = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')", count: chunk.count).joined(separator: ", ")
            let values: [SQLValue] = chunk.enumerated().flatMap { offset, entry -> [SQLValue] in
                [.integer(Int64(offset)), .text(entry.guid), .text(entry.timestamp.iso8601), .text(entry.userId),
                 .text(entry.action), .text(entry.eventGuid), .text(entry.entityGuid), .text(entry.changes.canonicalString),
                 .text(recordedAt.iso8601)]
            }
            // As in the single append, entries already present yield no row, so draw no seq
            // (a gap would look like a deletion); the ORDER BY draws the seqs in list order.
            let inserted = try db.query("""
                INSERT INTO audit_log (guid, timestamp, user_id, action, event_guid, entity_guid, changes, recorded_at)
                SELECT v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9
                FROM (VALUES \(tuples)) AS v
                WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.guid = v.column2)
                ORDER BY v.column1
                RETURNING guid, seq
                """, values) { ($0.text(0) ?? "", $0.int(1)) }
            // RETURNING's row order is not promised: pair by guid, order by seq.
            for (guid, seq) in inserted.sorted(by: { $0.1 < $1.1 }) {
                guard let entry = byGuid[guid] else { throw SQLRowCoding.corrupted("audit_log", guid) }
                stored.append(StoredAuditEntry(entry: entry, seq: seq, recordedAt: recordedAt))
            }
        }
        return stored
    }
}
