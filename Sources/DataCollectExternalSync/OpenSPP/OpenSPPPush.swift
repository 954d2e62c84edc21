import DataCollectCore
import DataCollectIntegrity

/// One push to OpenSPP: the registrants the batch names, found by their `datacollect:` ref in
/// one search, then each event sent as ``OpenSPPAdapter`` describes.
struct OpenSPPPush {
    let rpc: OdooJSONRPC
    let session: ExternalSyncSession
    /// OpenSPP ids by `ref`, of registrants found or created during this push.
    private var partners: [String: Int] = [:]

    init(rpc: OdooJSONRPC, session: ExternalSyncSession) {
        self.rpc = rpc
        self.session = session
    }

    /// Looks up, in one call, every registrant the events name.
    mutating func loadPartners(named events: [Event]) async throws {
        var guids: Set<String> = []
        for event in events {
            guids.insert(event.entityGuid)
            if let member = event.data["memberId"]?.stringValue { guids.insert(member) }
            collectMemberGuids(event.data["members"], into: &guids)
        }
        guard !guids.isEmpty else { return }
        let found = try await rpc.execute("res.partner", "search_read", [[["ref", "in", .array(guids.sorted().map { .string(OpenSPPMapping.ref($0)) })]]],
                                          ["fields": ["id", "ref"]], session: session)
        for partner in found.arrayValue ?? [] {
            if let ref = partner["ref"]?.stringValue, let id = partner["id"]?.numberValue?.intValue { partners[ref] = id }
        }
    }

    mutating func send(_ event: Event) async throws {
        var data = event.data
        switch event.type {
        case "create-group", "update-group":
            let members = data.removeValue(forKey: "members")
            let group = try await upsert(event.entityGuid, OpenSPPMapping.groupValues(data), isGroup: true)
            try await place(members, into: group)
        case "add-member":
            let group = try await upsert(event.entityGuid, [:], isGroup: true)
            try await place(data["members"], into: group)
        case "create-individual", "update-individual":
            _ = try await upsert(event.entityGuid, OpenSPPMapping.individualValues(data), isGroup: false)
        case "remove-member":
            guard let member = data["memberId"]?.stringValue, let group = partners[OpenSPPMapping.ref(event.entityGuid)],
                  let individual = partners[OpenSPPMapping.ref(member)] else { return }
            let memberships = try await rpc.execute("g2p.group.membership", "search", [Self.membership(group, individual)],
                                                    session: session)
            guard let ids = memberships.arrayValue, !ids.isEmpty else { return }
            _ = try await rpc.execute("g2p.group.membership", "write",
                                      [.array(ids), ["ended_date": .string(OpenSPPMapping.odooDate(event.timestamp))]], session: session)
        case "household-exited":
            let exitDate = data["exitDate"]?.stringValue ?? OpenSPPMapping.odooDate(event.timestamp)
            _ = try await upsert(event.entityGuid, [
                "disabled": .string("\(exitDate) 00:00:00"),
                "disabled_reason": .string(data["reason"]?.stringValue ?? "left the programme"),
            ], isGroup: true)
        case "delete-entity":
            guard let id = partners[OpenSPPMapping.ref(event.entityGuid)] else { return }
            try await write(id, ["disabled": .string(OpenSPPMapping.odooDateTime(event.timestamp)),
                                 "disabled_reason": "deleted in DataCollect"])
        default:
            return  // resolve-duplicate, policy-anonymize: nothing in OpenSPP corresponds
        }
    }

    /// The registrant's id, created (with the ref, and a name if the values have none) when
    /// the push has not found it, else updated with the values.
    private mutating func upsert(_ guid: String, _ values: [String: JSONValue], isGroup: Bool) async throws -> Int {
        let ref = OpenSPPMapping.ref(guid)
        if let id = partners[ref] {
            if !values.isEmpty { try await write(id, values) }
            return id
        }
        var created = values
        created["ref"] = .string(ref)
        created["is_registrant"] = true
        created["is_group"] = .bool(isGroup)
        if created["name"] == nil { created["name"] = .string(isGroup ? "Unnamed Group" : "Unnamed Individual") }
        let answer = try await rpc.execute("res.partner", "create", [.object(created)], session: session)
        guard let id = answer.numberValue?.intValue ?? answer.arrayValue?.first?.numberValue?.intValue else {
            throw ExternalSyncError(.invalidResponse, message: "OpenSPP's res.partner.create did not answer the new id.")
        }
        partners[ref] = id
        return id
    }

    /// Creates or updates each member (to any depth) and links it to the group once.
    private mutating func place(_ members: JSONValue?, into group: Int) async throws {
        for member in members?.arrayValue ?? [] {
            guard let object = member.objectValue, let guid = object["guid"]?.stringValue, !guid.isEmpty else { continue }
            let isGroup = object["type"]?.stringValue == "group"
            var data = object
            for key in ["guid", "type", "members"] { data[key] = nil }
            let id = try await upsert(guid, isGroup ? OpenSPPMapping.groupValues(data) : OpenSPPMapping.individualValues(data),
                                      isGroup: isGroup)
            let existing = try await rpc.execute("g2p.group.membership", "search_count", [Self.membership(group, id)], session: session)
            if existing.numberValue?.intValue ?? 0 == 0 {
                try await write(group, ["group_membership_ids": [[0, 0, ["individual": .number(JSONNumber(id))]]]])
            }
            if isGroup { try await place(object["members"], into: id) }
        }
    }

    private func write(_ id: Int, _ values: [String: JSONValue]) async throws {
        _ = try await rpc.execute("res.partner", "write", [[.number(JSONNumber(id))], .object(values)], session: session)
    }

    private func collectMemberGuids(_ members: JSONValue?, into guids: inout Set<String>) {
        for member in members?.arrayValue ?? [] {
            if let guid = member["guid"]?.stringValue { guids.insert(guid) }
            collectMemberGuids(member["members"], into: &guids)
        }
    }

    /// The domain of the membership of an individual in a group.
    private static func membership(_ group: Int, _ individual: Int) -> JSONValue {
        [["group", "=", .number(JSONNumber(group))], ["individual", "=", .number(JSONNumber(individual))]]
    }
}
