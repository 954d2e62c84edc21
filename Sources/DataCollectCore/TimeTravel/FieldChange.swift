public import DataCollectIntegrity

/// One field of an entity that differs between two versions: `name`, `externalId`,
/// `memberIds`, or `data.<field>`. A nil side means the field was absent.
public struct FieldChange: Sendable, Hashable {
    public var field: String
    public var old: JSONValue?
    public var new: JSONValue?

    public init(field: String, old: JSONValue?, new: JSONValue?) {
        self.field = field
        self.old = old
        self.new = new
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["field": .string(field)]
        if let old { object["old"] = old }
        if let new { object["new"] = new }
        return .object(object)
    }

    /// The fields that differ between two states of an entity (nil: it did not exist), in field
    /// order. `version` and `lastUpdated` change on every edit and are left out.
    public static func between(_ old: Entity?, _ new: Entity?) -> [FieldChange] {
        var changes: [FieldChange] = []
        func compare(_ field: String, _ before: JSONValue?, _ after: JSONValue?) {
            if before != after { changes.append(FieldChange(field: field, old: before, new: after)) }
        }
        compare("type", old.map { .string($0.type.rawValue) }, new.map { .string($0.type.rawValue) })
        compare("name", old.map { .string($0.name) }, new.map { .string($0.name) })
        compare("externalId", old?.externalId, new?.externalId)
        let oldMembers = old.flatMap { $0.type == .group ? JSONValue.array($0.memberIds.map(JSONValue.string)) : nil }
        let newMembers = new.flatMap { $0.type == .group ? JSONValue.array($0.memberIds.map(JSONValue.string)) : nil }
        compare("memberIds", oldMembers, newMembers)
        let keys = Set((old?.data ?? [:]).keys).union((new?.data ?? [:]).keys)
        for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            compare("data.\(key)", old?.data[key], new?.data[key])
        }
        return changes
    }
}
