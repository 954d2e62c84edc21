import DataCollectCore
import DataCollectIntegrity

/// Reading rows back into domain values. A row that cannot be read means the database was
/// changed outside this program: it is reported as a damaged store, never skipped.
enum SQLRowCoding {
    static let eventColumns = "guid, entity_guid, type, data, timestamp, user_id, sync_level"

    /// Reads an event from `eventColumns` starting at column `offset`.
    static func event<Row: SQLRow>(_ row: Row, offset: Int32 = 0) throws -> Event {
        let guid = row.text(offset) ?? ""
        guard case .object(let data)? = try? JSONParser.parse(row.bytes(offset + 3)),
              let timestamp = row.text(offset + 4).flatMap(EventTimestamp.init(parsing:)),
              let syncLevel = SyncLevel(rawValue: Int(row.int(offset + 6)))
        else { throw corrupted("events", guid) }
        return Event(guid: guid, entityGuid: row.text(offset + 1) ?? "", type: row.text(offset + 2) ?? "",
                     data: data, timestamp: timestamp, userId: row.text(offset + 5) ?? "", syncLevel: syncLevel)
    }

    /// A `tombstones` row: entity_guid, event_guid, deleted_at.
    static func tombstone<Row: SQLRow>(_ row: Row) throws -> Tombstone {
        let guid = row.text(0) ?? ""
        guard let deletedAt = row.text(2).flatMap(EventTimestamp.init(parsing:)) else { throw corrupted("tombstones", guid) }
        return Tombstone(entityGuid: guid, eventGuid: row.text(1) ?? "", deletedAt: deletedAt)
    }

    static func status(name: String?, code: String?, field: String?, message: String?) -> EventStatus {
        let reason = code.map { DataCollectError(.init(rawValue: $0), field: field, message: message ?? "") }
        return EventStatus(name: name ?? "pending", reason: reason)
    }

    static let entityColumns = """
        guid, type, name, external_id, version, last_updated, data, member_ids, initial,
        created_at, created_by_event, field_writers, match_key
        """
    /// `column = excluded.column` for every entity column but the key (an upsert's update).
    static let entityUpdates = entityColumns.split(separator: ",")
        .map { String($0.filter { !$0.isWhitespace }) }
        .filter { $0 != "guid" }
        .map { "\($0) = excluded.\($0)" }
        .joined(separator: ", ")

    static func record<Row: SQLRow>(_ row: Row) throws -> EntityRecord {
        let guid = row.text(0) ?? ""
        func json(_ column: Int32) throws -> JSONValue {
            guard let value = try? JSONParser.parse(row.bytes(column)) else { throw corrupted("entities", guid) }
            return value
        }
        guard let type = row.text(1).flatMap(EntityType.init(rawValue:)),
              let lastUpdated = row.text(5).flatMap(EventTimestamp.init(parsing:)),
              let createdAt = row.text(9).flatMap(EventTimestamp.init(parsing:)),
              let data = try json(6).objectValue,
              let memberIds = try json(7).arrayValue?.compactMap(\.stringValue),
              let writers = try json(11).objectValue
        else { throw corrupted("entities", guid) }
        let externalId: JSONValue? = row.text(3) == nil ? Optional.none : try json(3)
        let entity = Entity(guid: guid, type: type, name: row.text(2) ?? "", externalId: externalId,
                            version: Int(row.int(4)), data: data, lastUpdated: lastUpdated, memberIds: memberIds)
        let initial = try Entity(json: try json(8))
        var fieldWriters: [String: FieldWrite] = [:]
        for (field, value) in writers {
            guard let pair = value.arrayValue, pair.count == 2, let event = pair[0].stringValue,
                  let user = pair[1].stringValue
            else { throw corrupted("entities", guid) }
            fieldWriters[field] = FieldWrite(eventGuid: event, userId: user)
        }
        return EntityRecord(entity: entity, initial: initial,
                            createdBy: EventOrderKey(timestamp: createdAt, guid: row.text(10) ?? ""),
                            fieldWriters: fieldWriters, matchKey: row.text(12))
    }

    static func values(of record: EntityRecord) -> [SQLValue] {
        let entity = record.entity
        let writers = JSONValue.object(record.fieldWriters.mapValues {
            .array([.string($0.eventGuid), .string($0.userId)])
        })
        return [
            .text(entity.guid), .text(entity.type.rawValue), .text(entity.name),
            entity.externalId.map { .text($0.canonicalString) } ?? .null,
            .integer(Int64(entity.version)), .text(entity.lastUpdated.iso8601),
            .text(JSONValue.object(entity.data).canonicalString),
            .text(JSONValue.array(entity.memberIds.map(JSONValue.string)).canonicalString),
            .text(record.initial.jsonValue.canonicalString),
            .text(record.createdBy.timestamp.iso8601), .text(record.createdBy.guid),
            .text(writers.canonicalString), record.matchKey.map { .text($0) } ?? .null,
        ]
    }

    static func auditEntry<Row: SQLRow>(_ row: Row) throws -> StoredAuditEntry {
        let guid = row.text(1) ?? ""
        guard let timestamp = row.text(2).flatMap(EventTimestamp.init(parsing:)),
              let changes = try? JSONParser.parse(row.bytes(7)),
              let recordedAt = row.text(8).flatMap(EventTimestamp.init(parsing:))
        else { throw corrupted("audit_log", guid) }
        let entry = AuditEntry(guid: guid, timestamp: timestamp, userId: row.text(3) ?? "",
                               action: row.text(4) ?? "", eventGuid: row.text(5) ?? "",
                               entityGuid: row.text(6) ?? "", changes: changes)
        return StoredAuditEntry(entry: entry, seq: row.int(0), recordedAt: recordedAt)
    }

    static func corrupted(_ table: String, _ guid: String) -> DataCollectError {
        DataCollectError(.storeCorrupted, field: table,
                         message: "A row of the \(table) table (guid \(guid)) cannot be read; the database was changed outside datacollect.")
    }
}
