public import DataCollectCore
public import DataCollectIntegrity

/// The bitemporal version index in the `entity_versions` table. Its primary key orders each
/// entity's versions newest step first, so "as of T" is a seek and the whole-state scan reads
/// the table in key order without sorting.
extension SQLTransaction: EntityHistoryStore {
    static var versionColumns: String { "entity_guid, step_ts, step_guid, recorded_from, recorded_to, event_guids, state" }

    public func insert(_ versions: [EntityVersion]) throws {
        for version in versions {
            try hold([
                .text(version.entityGuid), .integer(version.step.timestamp.epochMilliseconds), .text(version.step.guid),
                .integer(version.recordedFrom.epochMilliseconds),
                version.recordedTo.map { .integer($0.epochMilliseconds) } ?? .null,
                .text(JSONValue.array(version.eventGuids.map(JSONValue.string)).canonicalString), version.state.map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null,
            ], for: .entityVersions)
        }
    }

    public func currentVersions(of entityGuids: Set<String>) throws -> [EntityVersion] {
        try flush(.entityVersions)
        return try chunked(entityGuids) { placeholders, values in
            try db.query("""
                SELECT \(Self.versionColumns) FROM entity_versions
                WHERE entity_guid IN (\(placeholders)) AND recorded_to IS NULL
                ORDER BY entity_guid, step_ts, step_guid
                """, values, Self.version)
        }
    }

    /// Many versions per statement: the key list is matched as row values, and the entity
    /// guids are listed again on their own so that both engines read the primary key's index
    /// for them instead of scanning the table.
    public func close(_ versions: [EntityVersion], at time: EventTimestamp) throws {
        try flush(.entityVersions)
        let unseen = versions.filter { $0.recordedFrom == time }
        let seen = versions.filter { $0.recordedFrom != time }
        try changeVersions("DELETE FROM entity_versions", unseen)
        try changeVersions("UPDATE entity_versions SET recorded_to = \(time.epochMilliseconds)", seen)
    }

    private func changeVersions(_ statement: String, _ versions: [EntityVersion]) throws {
        for range in Self.chunks(versions.count) {
            let chunk = versions[range]
            let guids = Set(chunk.map(\.entityGuid)).sorted()
            let keys = chunk.flatMap { version -> [SQLValue] in
                [.text(version.entityGuid), .integer(version.step.timestamp.epochMilliseconds), .text(version.step.guid),
                 .integer(version.recordedFrom.epochMilliseconds)]
            }
            try db.send("""
                \(statement) WHERE entity_guid IN (\(Array(repeating: "?", count: guids.count).joined(separator: ", ")))
                AND (entity_guid, step_ts, step_guid, recorded_from) IN (VALUES \(Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")))
                """, guids.map { .text($0) } + keys)
        }
    }

    public func removeVersions(of entityGuids: Set<String>) throws {
        try flush(.entityVersions)
        try forEachChunk(entityGuids) { placeholders, values in
            try db.send("DELETE FROM entity_versions WHERE entity_guid IN (\(placeholders))", values)
        }
    }

    public func removeAllVersions() throws {
        try flush(.entityVersions)
        try db.send("DELETE FROM entity_versions", [])
    }

    public func version(of entityGuid: String, asOf: EventTimestamp, knownAt: EventTimestamp?) throws -> EntityVersion? {
        try flush(.entityVersions)
        let known = Self.knownClause(knownAt)
        return try db.query("""
            SELECT \(Self.versionColumns) FROM entity_versions
            WHERE entity_guid = ? AND step_ts <= ? AND \(known.sql)
            ORDER BY step_ts DESC, step_guid DESC LIMIT 1
            """, [.text(entityGuid), .integer(asOf.epochMilliseconds)] + known.values, Self.version).first
    }

    public func versions(of entityGuid: String, knownAt: EventTimestamp?) throws -> [EntityVersion] {
        try flush(.entityVersions)
        let known = Self.knownClause(knownAt)
        return try db.query("""
            SELECT \(Self.versionColumns) FROM entity_versions
            WHERE entity_guid = ? AND \(known.sql)
            ORDER BY step_ts, step_guid
            """, [.text(entityGuid)] + known.values, Self.version)
    }

    public func everyVersion(of entityGuid: String) throws -> [EntityVersion] {
        try flush(.entityVersions)
        return try db.query("""
            SELECT \(Self.versionColumns) FROM entity_versions WHERE entity_guid = ?
            ORDER BY step_ts, step_guid, recorded_from
            """, [.text(entityGuid)], Self.version)
    }

    public func forEachEntity(asOf times: [EventTimestamp], knownAt: EventTimestamp?,
                       _ body: (String, [[UInt8]?]) throws -> Void) throws {
        try flush(.entityVersions)
        guard let latest = times.max() else { return }
        let known = Self.knownClause(knownAt)
        var selection = AsOfSelection(times: times)
        var current: [UInt8]?
        try db.forEachRow("""
            SELECT entity_guid, step_ts, state FROM entity_versions
            WHERE step_ts <= ? AND \(known.sql)
            ORDER BY entity_guid, step_ts DESC, step_guid DESC /* as-of scan */
            """, [.integer(latest.epochMilliseconds)] + known.values) { statement in
            if let guid = current, statement.text(0, equals: guid) {
                if selection.isComplete { return }
            } else {
                if let guid = current, selection.existsAtAnyTime {
                    try body(String(decoding: guid, as: UTF8.self), selection.states)
                }
                current = statement.bytes(0)
                selection.reset()
            }
            selection.offer(stepTime: EventTimestamp(epochMilliseconds: statement.int(1))) {
                statement.isNull(2) ? nil : statement.bytes(2)
            }
        }
        if let guid = current, selection.existsAtAnyTime {
            try body(String(decoding: guid, as: UTF8.self), selection.states)
        }
    }

    public func versionCount() throws -> Int {
        try flush(.entityVersions)
        return Int(try db.query("SELECT count(*) FROM entity_versions") { $0.int(0) }.first ?? 0)
    }

    /// "Known at K": the version was recorded by K and not yet replaced at K; nil K: now.
    private static func knownClause(_ knownAt: EventTimestamp?) -> (sql: String, values: [SQLValue]) {
        guard let knownAt else { return ("recorded_to IS NULL", []) }
        let k = SQLValue.integer(knownAt.epochMilliseconds)
        return ("recorded_from <= ? AND (recorded_to IS NULL OR recorded_to > ?)", [k, k])
    }

    private static func version(_ row: Database.Row) throws -> EntityVersion {
        EntityVersion(
            entityGuid: row.text(0) ?? "",
            step: EventOrderKey(timestamp: EventTimestamp(epochMilliseconds: row.int(1)), guid: row.text(2) ?? ""),
            eventGuids: try JSONParser.parse(row.bytes(5)).arrayValue?.compactMap(\.stringValue) ?? [],
            state: row.isNull(6) ? nil : row.bytes(6),
            recordedFrom: EventTimestamp(epochMilliseconds: row.int(3)),
            recordedTo: row.isNull(4) ? nil : EventTimestamp(epochMilliseconds: row.int(4)))
    }
}
