public import DataCollectIntegrity

/// An entity as `EntityDataManager.entity(_:)` returns it: the pair, and for a group its
/// members resolved (a member that cannot be found is listed as missing, never silently dropped).
public struct EntityDetail: Sendable, Hashable {
    public enum Member: Sendable, Hashable {
        case present(Entity)
        case missing(guid: String)
    }

    public var pair: EntityPair
    public var members: [Member]

    /// The existing system's `DetailGroupDoc` shape: `modified` plus `memberCount` and `members`.
    public var jsonValue: JSONValue {
        guard pair.modified.type == .group, var object = pair.modified.jsonValue.objectValue else {
            return .object(["guid": .string(pair.guid), "initial": pair.initial.jsonValue,
                            "modified": pair.modified.jsonValue])
        }
        object["memberCount"] = .number(JSONNumber(members.count))
        object["members"] = .array(members.map { member in
            switch member {
            case .present(let entity):
                var value = entity.jsonValue.objectValue ?? [:]
                if entity.type == .group { value["memberCount"] = .number(JSONNumber(entity.memberIds.count)) }
                return .object(value)
            case .missing(let guid):
                return ["guid": .string(guid), "missing": true]
            }
        })
        return .object(["guid": .string(pair.guid), "initial": pair.initial.jsonValue, "modified": .object(object)])
    }
}
