public import DataCollectIntegrity

/// What changed in the whole state between two valid times (as known at one transaction time).
public struct StateDiff: Sendable, Hashable {
    /// Entities that exist at the later time and did not at the earlier one.
    public var created: [Entity] = []
    /// Entities that existed at the earlier time and no longer do.
    public var deleted: [Entity] = []
    /// Entities that exist at both times and differ, field by field.
    public var changed: [Change] = []

    public struct Change: Sendable, Hashable {
        public var guid: String
        public var fields: [FieldChange]

        public init(guid: String, fields: [FieldChange]) {
            self.guid = guid
            self.fields = fields
        }
    }

    public init() {}

    public var isEmpty: Bool { created.isEmpty && deleted.isEmpty && changed.isEmpty }

    public var jsonValue: JSONValue {
        .object([
            "created": .array(created.map(\.jsonValue)),
            "deleted": .array(deleted.map(\.jsonValue)),
            "changed": .array(changed.map { change in
                .object(["guid": .string(change.guid), "fields": .array(change.fields.map(\.jsonValue))])
            }),
        ])
    }
}
