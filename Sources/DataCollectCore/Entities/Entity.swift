public import DataCollectIntegrity

/// Whether an entity is a person or a group of entities (a household, say).
public enum EntityType: String, Sendable, Hashable, Codable, CaseIterable {
    case individual
    case group
}

/// The state of one individual or group, wire-compatible with the existing system's `EntityDoc`
/// (`id, guid, externalId, name, type, version, data, lastUpdated`, plus `memberIds` for groups).
///
/// Every field is a function of the entity's events: `version` counts the applied events and
/// `lastUpdated` is the latest applied event's timestamp, never the wall clock.
public struct Entity: Sendable, Hashable {
    public var guid: String
    /// Always equal to ``guid``; kept because the existing apps read it.
    public var id: String { guid }
    public var type: EntityType
    public var name: String
    public var externalId: JSONValue?
    public var version: Int
    public var data: [String: JSONValue]
    public var lastUpdated: EventTimestamp
    /// Ordered member guids, without duplicates. Empty for individuals and never serialised for them.
    public var memberIds: [String]

    public init(
        guid: String, type: EntityType, name: String, externalId: JSONValue? = nil, version: Int,
        data: [String: JSONValue], lastUpdated: EventTimestamp, memberIds: [String] = []
    ) {
        self.guid = guid
        self.type = type
        self.name = name
        self.externalId = externalId
        self.version = version
        self.data = data
        self.lastUpdated = lastUpdated
        self.memberIds = memberIds
    }

    /// The name used when a form carries none.
    public static func defaultName(for type: EntityType) -> String {
        type == .group ? "Unnamed Group" : "Unnamed Individual"
    }

    /// The wire JSON (`EntityDoc`). This exact value, canonicalised, feeds the state hash.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(guid),
            "guid": .string(guid),
            "type": .string(type.rawValue),
            "name": .string(name),
            "version": .number(JSONNumber(version)),
            "data": .object(data),
            "lastUpdated": .string(lastUpdated.iso8601),
        ]
        if let externalId { object["externalId"] = externalId }
        if type == .group { object["memberIds"] = .array(memberIds.map(JSONValue.string)) }
        return .object(object)
    }

    /// Reads an entity back from its wire JSON (used by stores and imports of entity exports).
    public init(json: JSONValue) throws(DataCollectError) {
        func corrupt(_ field: String) -> DataCollectError {
            DataCollectError(.storeCorrupted, field: field, message: "A stored entity has an unreadable \(field).")
        }
        guard let object = json.objectValue else { throw corrupt("entity") }
        guard let guid = object["guid"]?.stringValue else { throw corrupt("guid") }
        guard let typeText = object["type"]?.stringValue, let type = EntityType(rawValue: typeText) else {
            throw corrupt("type")
        }
        guard let version = object["version"]?.numberValue?.intValue else { throw corrupt("version") }
        guard let data = object["data"]?.objectValue else { throw corrupt("data") }
        guard let updatedText = object["lastUpdated"]?.stringValue,
              let lastUpdated = EventTimestamp(parsing: updatedText)
        else { throw corrupt("lastUpdated") }
        let memberIds = object["memberIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.init(
            guid: guid, type: type, name: object["name"]?.stringValue ?? Entity.defaultName(for: type),
            externalId: object["externalId"], version: version, data: data,
            lastUpdated: lastUpdated, memberIds: memberIds)
    }
}
