public import DataCollectIntegrity

/// One element of a `members` array in `create-group`, `update-group` or `add-member`,
/// read strictly. Its guid is the element's `guid`, or, when it has none, an id derived from
/// the event guid and the element's position (the existing system minted random ids here).
public struct MemberSpec: Sendable, Hashable {
    public var guid: String
    public var type: EntityType
    /// The member's own fields: the element without `guid`, `type` and `members`.
    public var fields: [String: JSONValue]
    /// For a group member: its own members, to any depth.
    public var members: [MemberSpec]

    /// Reads `data.members` of an event. A missing key gives an empty list.
    public static func parse(_ event: Event, required: Bool) throws(DataCollectError) -> [MemberSpec] {
        guard let value = event.data["members"], !value.isNull else {
            if required {
                throw DataCollectError(.invalidMemberData, field: "data.members",
                                       message: "The event has no members list: data.members must be an array of members.")
            }
            return []
        }
        return try parseList(value, path: "members", eventGuid: event.guid)
    }

    private static func parseList(_ value: JSONValue, path: String, eventGuid: String) throws(DataCollectError) -> [MemberSpec] {
        guard let items = value.arrayValue else {
            throw DataCollectError(.invalidMemberData, field: "data.\(path)",
                                   message: "The members must be an array, but it is \(value.typeName).")
        }
        var specs: [MemberSpec] = []
        for (index, item) in items.enumerated() {
            specs.append(try parseMember(item, path: "\(path)[\(index)]", eventGuid: eventGuid))
        }
        return specs
    }

    private static func parseMember(_ item: JSONValue, path: String, eventGuid: String) throws(DataCollectError) -> MemberSpec {
        guard var fields = item.objectValue else {
            throw DataCollectError(.invalidMemberData, field: "data.\(path)",
                                   message: "Each member must be an object, but this one is \(item.typeName).")
        }
        let guid: String
        switch fields.removeValue(forKey: "guid") {
        case nil, .null?:
            guid = DeterministicID.make("member", eventGuid, path)
        case .string(let text)? where !text.isEmpty && text.utf8.count <= 128
            && text.utf8.allSatisfy(EventDecoder.isIdentifierByte):
            guid = text
        default:
            throw DataCollectError(.invalidMemberData, field: "data.\(path).guid",
                                   message: "A member guid must be a non-empty string of letters, digits and . _ : - characters.")
        }
        var type = EntityType.individual
        switch fields.removeValue(forKey: "type") {
        case nil, .null?: break
        case .string(let text)? where EntityType(rawValue: text) != nil:
            type = EntityType(rawValue: text) ?? .individual
        default:
            throw DataCollectError(.invalidMemberData, field: "data.\(path).type",
                                   message: "A member type must be \"individual\" or \"group\".")
        }
        var children: [MemberSpec] = []
        if let nested = fields.removeValue(forKey: "members"), !nested.isNull {
            guard type == .group else {
                throw DataCollectError(.invalidMemberData, field: "data.\(path).members",
                                       message: "Only a member of type \"group\" can have members.")
            }
            children = try parseList(nested, path: "\(path).members", eventGuid: eventGuid)
        }
        return MemberSpec(guid: guid, type: type, fields: fields, members: children)
    }

    /// The event's target plus every member it names, at any depth.
    static func referencedEntities(in event: Event, membersRequired: Bool) -> Set<String> {
        let members = (try? parse(event, required: membersRequired)) ?? []
        return members.reduce(into: [event.entityGuid]) { $0.formUnion($1.allGuids) }
    }

    /// This member's guid and those of its members, at any depth.
    public var allGuids: Set<String> {
        members.reduce(into: [guid]) { $0.formUnion($1.allGuids) }
    }
}
