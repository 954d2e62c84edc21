public import DataCollectCore
public import DataCollectIntegrity

/// One transaction over a relational store — the SQLite file or a PostgreSQL schema: the
/// queries of every store protocol, written once in the SQL both databases accept. Every
/// statement binds its values; none is built from data. The adapter opens and ends the
/// transaction; this only reads and writes inside it.
public final class SQLTransaction<Database: SQLDatabase>: StoreTransaction {
    let db: Database
    /// Rows held back for multi-row inserts, and the log heads and Merkle nodes this
    /// transaction wrote (see ``PendingRows``).
    let pending = PendingRows()

    public init(_ database: Database) {
        db = database
    }

    /// Sends every row still held back. The store calls it before `COMMIT`: a write
    /// transaction that ends without it loses those rows.
    public func flushPendingRows() throws {
        for table in PendingRows.Table.allCases { try flush(table) }
    }

    /// Sends one table's held rows; called before any statement that reads or changes it.
    func flush(_ table: PendingRows.Table) throws {
        let rows = pending.take(table)
        guard !rows.isEmpty else { return }
        try insertRows(Self.insertPrefix(table), rows, then: table == .eventTouches ? " ON CONFLICT DO NOTHING" : "")
        if table == .merkleNodes { pending.forgetNodesIfMany() }
    }

    /// Holds a row for a multi-row insert, sending the table's rows once there are many.
    func hold(_ row: [SQLValue], for table: PendingRows.Table) throws {
        pending.add(row, to: table)
        if pending.count(table) >= PendingRows.flushThreshold { try flush(table) }
    }

    private static func insertPrefix(_ table: PendingRows.Table) -> String {
        switch table {
        case .logLeaves: "INSERT INTO log_leaves (log, leaf_index, record_seq, leaf_hash, chain_hash, seals)"
        case .merkleNodes: "INSERT INTO merkle_nodes (log, level, node_index, hash)"
        case .entityVersions: "INSERT INTO entity_versions (\(versionColumns))"
        case .eventTouches: "INSERT INTO event_touches (entity_guid, event_guid)"
        }
    }

    // MARK: EventStore

    public func append(_ event: Event, recordedAt: EventTimestamp) throws -> AppendOutcome {
        let hash = event.contentHash
        let existing = try db.query("SELECT seq, content_hash FROM events WHERE guid = ?", [.text(event.guid)]) {
            ($0.int(0), $0.text(1) ?? "")
        }
        if let (seq, storedHash) = existing.first {
            return storedHash == hash ? .alreadyPresent(seq: seq) : .conflict(seq: seq)
        }
        let seq = try db.query("""
            INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq
            """, [.text(event.guid), .text(event.entityGuid), .text(event.type),
                  .text(JSONValue.object(event.data).canonicalString), .text(event.timestamp.iso8601),
                  .text(event.userId), .integer(Int64(event.syncLevel.rawValue)), .text(recordedAt.iso8601),
                  .text(hash)]) { $0.int(0) }
        guard let seq = seq.first else { throw SQLRowCoding.corrupted("events", event.guid) }
        return .appended(seq: seq)
    }

    static var storedEventSelect: String {
        """
        SELECT \(SQLRowCoding.eventColumns), seq, recorded_at, status, status_code, status_field, status_message
        FROM events
        """
    }

    func storedEvent(_ row: Database.Row) throws -> StoredEvent {
        let event = try SQLRowCoding.event(row)
        guard let recordedAt = row.text(8).flatMap(EventTimestamp.init(parsing:)) else {
            throw SQLRowCoding.corrupted("events", event.guid)
        }
        let status = SQLRowCoding.status(name: row.text(9), code: row.text(10), field: row.text(11),
                                            message: row.text(12))
        return StoredEvent(event: event, seq: row.int(7), recordedAt: recordedAt, status: status)
    }

    public func storedEvent(guid: String) throws -> StoredEvent? {
        try db.query("\(Self.storedEventSelect) WHERE guid = ?", [.text(guid)], storedEvent).first
    }

    public func events(afterSeq: Int64, limit: Int) throws -> [StoredEvent] {
        try db.query("\(Self.storedEventSelect) WHERE seq > ? ORDER BY seq LIMIT ?",
                     [.integer(afterSeq), .integer(Int64(limit))], storedEvent)
    }

    public func events(guids: Set<String>) throws -> [Event] {
        try chunked(guids) { placeholders, values in
            try db.query("SELECT \(SQLRowCoding.eventColumns) FROM events WHERE guid IN (\(placeholders))", values) {
                try SQLRowCoding.event($0)
            }
        }
    }

    public func storedEvents(guids: Set<String>) throws -> [StoredEvent] {
        try chunked(guids) { placeholders, values in
            try db.query("\(Self.storedEventSelect) WHERE guid IN (\(placeholders))", values, storedEvent)
        }
    }

    public func allStoredEvents() throws -> [StoredEvent] {
        try db.query("\(Self.storedEventSelect) ORDER BY seq", [], storedEvent)
    }

    public func allEvents() throws -> [Event] {
        try db.query("SELECT \(SQLRowCoding.eventColumns) FROM events ORDER BY seq") { try SQLRowCoding.event($0) }
    }

    public func eventCount() throws -> Int {
        Int(try db.query("SELECT count(*) FROM events") { $0.int(0) }.first ?? 0)
    }

    public func recordTouches(eventGuid: String, entityGuids: Set<String>) throws {
        for entityGuid in entityGuids.sorted() { try hold([.text(entityGuid), .text(eventGuid)], for: .eventTouches) }
    }

    public func eventGuids(touching entityGuids: Set<String>) throws -> Set<String> {
        try flush(.eventTouches)
        return Set(try chunked(entityGuids) { placeholders, values in
            try db.query("SELECT event_guid FROM event_touches WHERE entity_guid IN (\(placeholders))", values) {
                $0.text(0) ?? ""
            }
        })
    }

    public func entityGuids(touchedBy eventGuids: Set<String>) throws -> Set<String> {
        try flush(.eventTouches)
        return Set(try chunked(eventGuids) { placeholders, values in
            try db.query("SELECT entity_guid FROM event_touches WHERE event_guid IN (\(placeholders))", values) {
                $0.text(0) ?? ""
            }
        })
    }

    public func latestTouches(of entityGuids: Set<String>, excluding eventGuids: Set<String>) throws -> [String: EventOrderKey] {
        try flush(.eventTouches)
        let touches = try chunked(entityGuids) { placeholders, values in
            try db.query("""
                SELECT t.entity_guid, e.guid, e.timestamp FROM event_touches t JOIN events e ON e.guid = t.event_guid
                WHERE t.entity_guid IN (\(placeholders))
                """, values) { row -> (entity: String, key: EventOrderKey) in
                let guid = row.text(1) ?? ""
                guard let timestamp = row.text(2).flatMap(EventTimestamp.init(parsing:)) else { throw SQLRowCoding.corrupted("events", guid) }
                return (row.text(0) ?? "", EventOrderKey(timestamp: timestamp, guid: guid))
            }
        }
        var latest: [String: EventOrderKey] = [:]
        for touch in touches where !eventGuids.contains(touch.key.guid) {
            if latest[touch.entity].map({ $0 < touch.key }) ?? true { latest[touch.entity] = touch.key }
        }
        return latest
    }

    public func setStatus(_ status: EventStatus, forEvent guid: String) throws {
        if case .applied = status { pending.storedApplied.insert(guid) } else { pending.storedApplied.remove(guid) }
        let reason = status.reason
        try db.send("""
            UPDATE events SET status = ?, status_code = ?, status_field = ?, status_message = ? WHERE guid = ?
            """, [.text(status.name), reason.map { .text($0.code.rawValue) } ?? .null,
                  reason?.field.map { .text($0) } ?? .null, reason.map { .text($0.message) } ?? .null,
                  .text(guid)])
    }

    public func pendingEventsByEntity(touching entityGuids: Set<String>) throws -> [String: [Event]] {
        try flush(.eventTouches)
        let pairs = try chunked(entityGuids) { placeholders, values in
            try db.query("""
                SELECT t.entity_guid, e.guid, e.entity_guid, e.type, e.data, e.timestamp, e.user_id, e.sync_level
                FROM event_touches t JOIN events e ON e.guid = t.event_guid
                WHERE t.entity_guid IN (\(placeholders)) AND e.status = 'pending'
                """, values) { row in (row.text(0) ?? "", try SQLRowCoding.event(row, offset: 1)) }
        }
        return Dictionary(grouping: pairs, by: \.0).mapValues { $0.map(\.1) }
    }

    public func pendingEvents() throws -> [StoredEvent] {
        try db.query("\(Self.storedEventSelect) WHERE status = 'pending' ORDER BY seq", [], storedEvent)
    }

    // MARK: EntityStore

    public func record(guid: String) throws -> EntityRecord? {
        try db.query("SELECT \(SQLRowCoding.entityColumns) FROM entities WHERE guid = ?", [.text(guid)]) {
            try SQLRowCoding.record($0)
        }.first
    }

    public func tombstone(guid: String) throws -> Tombstone? {
        try tombstones(guids: [guid]).first
    }

    public func records(guids: Set<String>) throws -> [EntityRecord] {
        try chunked(guids) { placeholders, values in
            try db.query("SELECT \(SQLRowCoding.entityColumns) FROM entities WHERE guid IN (\(placeholders))", values) {
                try SQLRowCoding.record($0)
            }
        }
    }

    public func tombstones(guids: Set<String>) throws -> [Tombstone] {
        try chunked(guids) { placeholders, values in
            try db.query("SELECT entity_guid, event_guid, deleted_at FROM tombstones WHERE entity_guid IN (\(placeholders))",
                         values) { try SQLRowCoding.tombstone($0) }
        }
    }

    public func parents(of guid: String) throws -> [String] {
        try parents(ofEach: [guid])[guid] ?? []
    }

    public func parents(ofEach guids: Set<String>) throws -> [String: [String]] {
        let pairs = try chunked(guids) { placeholders, values in
            try db.query("SELECT member_guid, group_guid FROM memberships WHERE member_guid IN (\(placeholders))", values) {
                ($0.text(0) ?? "", $0.text(1) ?? "")
            }
        }
        var found = Dictionary(uniqueKeysWithValues: guids.map { ($0, [String]()) })
        for (member, group) in pairs { found[member, default: []].append(group) }
        return found.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    public func save(_ record: EntityRecord) throws {
        try save([record])
    }

    /// Upserts, not deletes and inserts, many rows per statement: on PostgreSQL each
    /// statement is a round trip. Only groups' memberships are replaced: appliers never change
    /// an entity's type, so an individual never holds any.
    public func save(_ records: [EntityRecord]) throws {
        try insertRows("INSERT INTO entities (\(SQLRowCoding.entityColumns))", records.map(SQLRowCoding.values(of:)),
                       then: " ON CONFLICT (guid) DO UPDATE SET \(SQLRowCoding.entityUpdates)")
        let groups = records.filter { $0.entity.type == .group || !$0.entity.memberIds.isEmpty }
        guard !groups.isEmpty else { return }
        try forEachChunk(Set(groups.map(\.entity.guid))) { placeholders, values in
            try db.send("DELETE FROM memberships WHERE group_guid IN (\(placeholders))", values)
        }
        try insertRows("INSERT INTO memberships (member_guid, group_guid)",
                       groups.flatMap { group in group.entity.memberIds.map { [.text($0), .text(group.entity.guid)] } },
                       then: " ON CONFLICT DO NOTHING")
    }


    public func removeRecords(guids: Set<String>) throws {
        try forEachChunk(guids) { placeholders, values in
            try db.send("DELETE FROM entities WHERE guid IN (\(placeholders))", values)
            try db.send("DELETE FROM memberships WHERE group_guid IN (\(placeholders))", values)
        }
    }

    public func save(_ tombstones: [Tombstone]) throws {
        try insertRows("INSERT INTO tombstones (entity_guid, event_guid, deleted_at)",
                       tombstones.map { [.text($0.entityGuid), .text($0.eventGuid), .text($0.deletedAt.iso8601)] },
                       then: " ON CONFLICT (entity_guid) DO UPDATE SET event_guid = excluded.event_guid, deleted_at = excluded.deleted_at")
    }

    public func removeTombstones(guids: Set<String>) throws {
        try forEachChunk(guids) { placeholders, values in
            try db.send("DELETE FROM tombstones WHERE entity_guid IN (\(placeholders))", values)
        }
    }

    public func save(_ dismissals: [DismissedDuplicate]) throws {
        try insertRows("INSERT INTO dismissed_duplicates (first_guid, second_guid, event_guid)",
                       dismissals.map { [.text($0.firstGuid), .text($0.secondGuid), .text($0.eventGuid)] },
                       then: " ON CONFLICT DO NOTHING")
    }

    public func removeDismissals(involving entityGuids: Set<String>) throws {
        try forEachChunk(entityGuids) { placeholders, values in
            try db.send("DELETE FROM dismissed_duplicates WHERE first_guid IN (\(placeholders)) OR second_guid IN (\(placeholders))",
                        values + values)
        }
    }

    public func dismissals() throws -> Set<DismissedDuplicate> {
        Set(try db.query("SELECT first_guid, second_guid, event_guid FROM dismissed_duplicates") {
            DismissedDuplicate($0.text(0) ?? "", $0.text(1) ?? "", eventGuid: $0.text(2) ?? "")
        })
    }

    public func records(type: EntityType?) throws -> [EntityRecord] {
        if let type {
            return try db.query("SELECT \(SQLRowCoding.entityColumns) FROM entities WHERE type = ? ORDER BY guid",
                                [.text(type.rawValue)]) { try SQLRowCoding.record($0) }
        }
        return try db.query("SELECT \(SQLRowCoding.entityColumns) FROM entities ORDER BY guid") {
            try SQLRowCoding.record($0)
        }
    }

    public func forEachRecord(_ body: (EntityRecord) throws -> Void) throws {
        try db.forEachRow("SELECT \(SQLRowCoding.entityColumns) FROM entities ORDER BY guid /* scan */", []) {
            try body(try SQLRowCoding.record($0))
        }
    }

    public func entityCount() throws -> Int {
        Int(try db.query("SELECT count(*) FROM entities") { $0.int(0) }.first ?? 0)
    }

    public func sharedMatchKeys() throws -> [(matchKey: String, guid: String, createdBy: EventOrderKey)] {
        try db.query("""
            SELECT match_key, guid, created_at, created_by_event FROM entities
            WHERE match_key IN (SELECT match_key FROM entities WHERE match_key IS NOT NULL
                                GROUP BY match_key HAVING count(*) > 1)
            """) { row in
            guard let createdAt = row.text(2).flatMap(EventTimestamp.init(parsing:)) else {
                throw SQLRowCoding.corrupted("entities", row.text(1) ?? "")
            }
            return (row.text(0) ?? "", row.text(1) ?? "", EventOrderKey(timestamp: createdAt, guid: row.text(3) ?? ""))
        }
    }

    public func clearProjection() throws {
        try flush(.eventTouches)
        try db.execute("""
            DELETE FROM entities; DELETE FROM memberships; DELETE FROM tombstones;
            DELETE FROM dismissed_duplicates; DELETE FROM event_touches;
            """)
    }

    // MARK: AuditTrail

    public func append(_ entry: AuditEntry, recordedAt: EventTimestamp) throws -> StoredAuditEntry? {
        // Not INSERT OR IGNORE / ON CONFLICT DO NOTHING, which consume a seq even when they
        // ignore the row (gaps in the audit trail's numbering would look like deletions to an
        // auditor): the SELECT yields no row when the guid exists, so no seq is drawn. One
        // statement, one round trip; writers are serialised, so nothing slips in between.
        let inserted = try db.query("""
            INSERT INTO audit_log (guid, timestamp, user_id, action, event_guid, entity_guid, changes, recorded_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE guid = ?) RETURNING seq
            """, [.text(entry.guid), .text(entry.timestamp.iso8601), .text(entry.userId), .text(entry.action),
                  .text(entry.eventGuid), .text(entry.entityGuid), .text(entry.changes.canonicalString),
                  .text(recordedAt.iso8601), .text(entry.guid)]) { $0.int(0) }
        guard let seq = inserted.first else { return nil }
        return StoredAuditEntry(entry: entry, seq: seq, recordedAt: recordedAt)
    }

    static var auditSelect: String {
        "SELECT seq, guid, timestamp, user_id, action, event_guid, entity_guid, changes, recorded_at FROM audit_log"
    }

    public func auditEntries(entityGuid: String) throws -> [StoredAuditEntry] {
        try db.query("\(Self.auditSelect) WHERE entity_guid = ? ORDER BY timestamp DESC, seq DESC", [.text(entityGuid)]) {
            try SQLRowCoding.auditEntry($0)
        }
    }

    public func auditEntries(eventGuid: String) throws -> [StoredAuditEntry] {
        try db.query("\(Self.auditSelect) WHERE event_guid = ? ORDER BY seq", [.text(eventGuid)]) {
            try SQLRowCoding.auditEntry($0)
        }
    }

    public func auditEntries(action: String, afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry] {
        try db.query("\(Self.auditSelect) WHERE action = ? AND seq > ? ORDER BY seq LIMIT ?",
                     [.text(action), .integer(afterSeq), .integer(Int64(limit))]) { try SQLRowCoding.auditEntry($0) }
    }

    public func auditEntries(afterSeq: Int64, limit: Int) throws -> [StoredAuditEntry] {
        try db.query("\(Self.auditSelect) WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(afterSeq), .integer(Int64(limit))]) {
            try SQLRowCoding.auditEntry($0)
        }
    }

    // MARK: StoreMetadata

    public func metadata(_ key: String) throws -> String? {
        try db.query("SELECT value FROM store_metadata WHERE key = ?", [.text(key)]) { $0.text(0) }.first ?? nil
    }

    public func setMetadata(_ key: String, _ value: String) throws {
        try db.send("INSERT INTO store_metadata (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [.text(key), .text(value)])
    }

    // MARK: Helpers

    /// Multi-row `INSERT … VALUES (…), (…)`s cut as ``chunks(_:)`` says, instead of one
    /// statement per row: a round trip each on PostgreSQL, sent without waiting for it
    /// (``SQLDatabase/send(_:_:)``). `then` follows the values (an `ON CONFLICT` clause).
    func insertRows(_ insert: String, _ rows: [[SQLValue]], then suffix: String = "") throws {
        guard let width = rows.first?.count else { return }
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        for range in Self.chunks(rows.count) {
            try db.send(insert + " VALUES " + Array(repeating: tuple, count: range.count).joined(separator: ", ") + suffix,
                        rows[range].flatMap { $0 })
        }
    }

    /// Runs a query once per chunk (see ``chunks(_:)``) of values bound to an `IN (?, ?, …)` list.
    func chunked<T>(_ values: Set<String>, _ body: (String, [SQLValue]) throws -> [T]) throws -> [T] {
        try chunked(values.sorted().map { .text($0) }, body)
    }

    /// ``chunked(_:_:)`` for statements with nothing to collect (sent with ``SQLDatabase/send(_:_:)``).
    func forEachChunk(_ values: Set<String>, _ body: (String, [SQLValue]) throws -> Void) throws {
        _ = try chunked(values) { placeholders, values -> [Never] in
            try body(placeholders, values)
            return []
        }
    }

    /// ``chunked(_:_:)`` for values of any type, bound in the order given.
    func chunked<T>(_ values: [SQLValue], _ body: (String, [SQLValue]) throws -> [T]) throws -> [T] {
        var results: [T] = []
        for range in Self.chunks(values.count) {
            let placeholders = Array(repeating: "?", count: range.count).joined(separator: ", ")
            results += try body(placeholders, Array(values[range]))
        }
        return results
    }
}
