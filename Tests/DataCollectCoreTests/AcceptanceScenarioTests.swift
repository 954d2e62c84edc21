import DataCollectCore
import DataCollectIntegrity
import Testing

/// The existing system's acceptance scenarios (anchor-spec 13.1, T1–T19), run against every
/// store. Where we fixed a bug, the test says which and asserts the fixed behaviour.
@Suite("Acceptance scenarios T1–T19", .serialized)
struct AcceptanceScenarioTests {
    @Test("T1 create individual", arguments: StoreKind.allCases)
    func createIndividual(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("form-id", "form-id", "create-individual", ["name": "John Doe"], by: "user-id"))
        let pair = try manager.entity("form-id").pair
        #expect(pair.modified.type == .individual)
        #expect(pair.modified.name == "John Doe")
        #expect(pair.modified.version == 1)
        #expect(pair.modified.data == ["name": "John Doe"])
        #expect(pair.modified.id == "form-id")
        #expect(pair.initial == pair.modified)
        let log = try manager.events().events
        #expect(log.map(\.event.guid) == ["form-id"])
        #expect(log.first?.event.syncLevel == .local)
        #expect(log.first?.seq == 1)
    }

    @Test("T2 create group", arguments: StoreKind.allCases)
    func createGroup(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("g-ev", "group-1", "create-group", ["name": "Group A"]))
        let group = try manager.modified("group-1")
        #expect(group.type == .group)
        #expect(group.name == "Group A")
        #expect(group.version == 1)
        #expect(group.data == ["name": "Group A"])
        #expect(group.memberIds.isEmpty)
        #expect(group.jsonValue["memberIds"] == .array([]))
    }

    @Test("T3 update individual merges data and keeps initial", arguments: StoreKind.allCases)
    func updateIndividual(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "individual-id", "create-individual", ["name": "Jane Doe", "age": 30], at: 0),
            event("e2", "individual-id", "update-individual", ["name": "Jane Doe", "age": 35], at: 1))
        let pair = try manager.entity("individual-id").pair
        #expect(pair.modified.version == 2)
        #expect(pair.modified.data == ["name": "Jane Doe", "age": 35])
        #expect(pair.initial.version == 1)
        #expect(pair.initial.data["age"] == 30)
        #expect(pair.hasLocalChanges)
        #expect(try manager.events().events.map(\.event.guid) == ["e1", "e2"])
    }

    @Test("T4 add member", arguments: StoreKind.allCases)
    func addMember(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("group-id", "group-id", "create-group", ["name": "Group A"], at: 0),
            event("group-id2", "group-id", "add-member", ["members": [["guid": "x", "name": "John Doe"]]], at: 1))
        let group = try manager.modified("group-id")
        #expect(group.version == 2)
        #expect(group.data == ["name": "Group A"])
        #expect(group.memberIds == ["x"])
        let member = try manager.entity("x").pair
        #expect(member.modified.version == 1)
        #expect(member.modified.data == ["name": "John Doe"])
        #expect(member.initial == member.modified)
    }

    @Test("T5 create group with members", arguments: StoreKind.allCases)
    func createGroupWithMembers(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("e1", "family", "create-group", [
            "name": "Test Family", "headOfGroup": "John Doe", "address": "1 Main St", "phoneNumber": "000",
            "email": "family@example.org", "income": 50000,
            "members": [
                ["guid": "jane", "name": "Jane Doe", "dateOfBirth": "1985-05-15", "relationship": "Spouse"],
                ["guid": "jimmy", "name": "Jimmy Doe", "dateOfBirth": "2010-03-20", "relationship": "Child"],
            ],
        ]))
        let group = try manager.modified("family")
        #expect(group.version == 1)
        #expect(group.data["members"] == nil)
        #expect(group.data["income"] == 50000)
        #expect(group.memberIds == ["jane", "jimmy"])
        let jane = try manager.modified("jane")
        #expect(jane.type == .individual && jane.version == 1)
        #expect(jane.data == ["name": "Jane Doe", "dateOfBirth": "1985-05-15", "relationship": "Spouse"])
        let log = try manager.events().events
        #expect(log.count == 1)
        #expect(log.first?.event.data["members"]?.arrayValue?.count == 2)
    }

    @Test("T6 unknown type is rejected at the door and not stored (fixes 2.10: poison event kept)",
          arguments: StoreKind.allCases)
    func unknownType(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        let report = try manager.submit([event("e1", "x", "unknown-type", ["a": 1])])
        guard case .rejected(let error)? = report.items.first?.outcome else {
            Issue.record("expected a rejection")
            return
        }
        #expect(error.code == .unknownEventType)
        #expect(try manager.events().events.isEmpty)
    }

    @Test("T7 nested groups", arguments: StoreKind.allCases)
    func nestedGroups(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "main", "create-group", ["name": "Main Group"], at: 0),
            event("e2", "main", "add-member", [
                "members": [["guid": "sub", "type": "group", "name": "Sub Group", "headOfGroup": "Jane Doe"]],
                "name": "Test Family",
            ], at: 1))
        #expect(try manager.modified("main").memberIds == ["sub"])
        #expect(try manager.modified("main").data["name"] == "Main Group")
        let sub = try manager.modified("sub")
        #expect(sub.type == .group && sub.name == "Sub Group" && sub.memberIds.isEmpty)

        try manager.submitAll(event("e3", "sub", "add-member", [
            "members": [["guid": "john", "type": "individual", "name": "John Smith", "dateOfBirth": "1990-01-01"]],
        ], at: 2))
        #expect(try manager.modified("sub").memberIds == ["john"])
        #expect(try manager.modified("main").memberIds.count == 1)
        #expect(try manager.modified("john").name == "John Smith")
        #expect(try manager.modified("john").data["dateOfBirth"] == "1990-01-01")
    }

    @Test("T7b members nest to any depth in one create-group", arguments: StoreKind.allCases)
    func deepNesting(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        var members: JSONValue = [["guid": "leaf", "name": "Leaf Person"]]
        for depth in (1...6).reversed() {
            members = [["guid": .string("level-\(depth)"), "type": "group", "name": "Level", "members": members]]
        }
        try manager.submitAll(event("e1", "root", "create-group", ["name": "Root", "members": members]))
        #expect(try manager.modified("level-6").memberIds == ["leaf"])
        #expect(try manager.allEntities().count == 8)
    }

    @Test("T8 add a child to an existing household", arguments: StoreKind.allCases)
    func addChild(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "family", "create-group", ["name": "Existing Family", "headOfGroup": "John Doe"], at: 0),
            event("e2", "family", "add-member", [
                "members": [["guid": "jimmy", "name": "Jimmy Doe", "dateOfBirth": "2015-01-01", "relationship": "Child"]],
            ], at: 1))
        #expect(try manager.modified("family").memberIds == ["jimmy"])
        #expect(try manager.modified("jimmy").data["relationship"] == "Child")
    }

    @Test("T9 edit a member", arguments: StoreKind.allCases)
    func editMember(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "family", "create-group", ["name": "Family"], at: 0),
            event("e2", "family", "add-member", ["members": [["guid": "m1", "name": "John Doe", "relationship": "Head"]]], at: 1),
            event("e3", "m1", "update-individual", ["name": "Updated Name"], at: 2))
        let member = try manager.modified("m1")
        #expect(member.guid == "m1" && member.name == "Updated Name")
        #expect(member.data["relationship"] == "Head")
    }

    @Test("T10 custom applier add-elderly", arguments: StoreKind.allCases)
    func customAddElderly(kind: StoreKind) throws {
        var registry = ApplierRegistry.builtIn
        try registry.register(AddElderlyApplier())
        let manager = try kind.makeManager(registry: registry)
        try manager.submitAll(event("e0", "family", "create-group", ["name": "Family"], at: 0))
        try manager.submitAll(event("e1", "family", "add-elderly", [
            "members": [["guid": "grandpa", "name": "Grandpa Joe"]],
        ], at: 1))
        let group = try manager.entity("family").pair
        #expect(group.modified.version == 2)
        #expect(group.modified.memberIds == ["grandpa"])
        #expect(group.initial.version == 1)
        #expect(try manager.modified("grandpa").data == ["name": "Grandpa Joe", "memberType": "Elderly"])
        #expect(try manager.allEntities().count == 2)
        #expect(try manager.events().events.count == 2)
    }

    @Test("T11 custom applier split-household", arguments: StoreKind.allCases)
    func customSplitHousehold(kind: StoreKind) throws {
        var registry = ApplierRegistry.builtIn
        try registry.register(SplitHouseholdApplier())
        let manager = try kind.makeManager(registry: registry)
        try manager.submitAll(event("e1", "family", "create-group", [
            "name": "Big Family",
            "members": [["guid": "m1", "name": "A"], ["guid": "m2", "name": "B"], ["guid": "m3", "name": "C"], ["guid": "m4", "name": "D"]],
        ], at: 0))
        try manager.submitAll(event("e2", "family", "split-household", [
            "newGroupName": "New Group", "newGroupGuid": "family-2", "newGroupMembers": ["m3", "m4"],
        ], at: 1))
        #expect(try manager.modified("family").memberIds == ["m1", "m2"])
        #expect(try manager.modified("family-2").memberIds == ["m3", "m4"])
        #expect(try manager.modified("family-2").data["name"] == "New Group")
        #expect(try manager.allEntities().count == 6)
        #expect(try manager.events().events.count == 2)
    }

    @Test("T12 remove member keeps the member", arguments: StoreKind.allCases)
    func removeMember(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "g", "create-group", ["name": "G", "members": [["guid": "member-1", "name": "One"], ["guid": "member-2", "name": "Two"]]], at: 0),
            event("e2", "g", "remove-member", ["memberId": "member-2"], at: 1))
        #expect(try manager.modified("g").memberIds == ["member-1"])
        #expect(try manager.modified("member-1").name == "One")
        #expect(try manager.modified("member-2").name == "Two")
    }

    @Test("T12b removing a subgroup keeps it and its members (fixes 2.6: cascade delete on remove)",
          arguments: StoreKind.allCases)
    func removeSubgroupKeepsIt(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "g", "create-group", ["name": "G", "members": [["guid": "sub", "type": "group", "name": "Sub", "members": [["guid": "p", "name": "P"]]]]], at: 0),
            event("e2", "g", "remove-member", ["memberId": "sub"], at: 1))
        #expect(try manager.modified("g").memberIds.isEmpty)
        #expect(try manager.modified("sub").memberIds == ["p"])
    }

    @Test("T13 three groups in one batch, remove twice, add an existing individual", arguments: StoreKind.allCases)
    func threeGroups(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        var batch: [Event] = []
        for g in 1...3 {
            batch.append(event("create-\(g)", "group-\(g)", "create-group", [
                "name": .string("Group \(g)"),
                "members": .array(["John Doe", "Jane Doe", "Jimmy Doe", "Jenny Doe"].enumerated().map {
                    ["guid": .string("g\(g)-m\($0.offset)"), "name": .string($0.element)]
                }),
            ], at: g))
        }
        try manager.submitAll(batch[0], batch[1], batch[2])
        for g in 1...3 { #expect(try manager.entity("group-\(g)").members.count == 4) }

        let third = try manager.modified("group-1").memberIds[2]
        let fourth = try manager.modified("group-1").memberIds[3]
        try manager.submitAll(
            event("rm-1", "group-1", "remove-member", ["memberId": .string(third)], at: 10),
            event("rm-2", "group-1", "remove-member", ["memberId": .string(fourth)], at: 11),
            event("judy", "judy", "create-individual", ["name": "Judy Doe"], at: 12),
            event("add-judy", "group-1", "add-member", ["members": [["guid": "judy"]]], at: 13))
        let detail = try manager.entity("group-1")
        #expect(detail.pair.modified.memberIds.count == 3)
        let names = detail.members.compactMap { if case .present(let e) = $0 { e.name } else { nil } }
        #expect(names == ["John Doe", "Jane Doe", "Judy Doe"])
        #expect(try manager.modified("judy").data == ["name": "Judy Doe"], "an existing member is linked, not re-created")
    }

    @Test("T14 group retrieval lists members in memberIds order", arguments: StoreKind.allCases)
    func groupRetrieval(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("e1", "g", "create-group", [
            "name": "G", "members": [["guid": "b-john", "name": "John Doe"], ["guid": "a-jane", "name": "Jane Doe"]],
        ]))
        let detail = try manager.entity("g")
        #expect(detail.members.count == 2)
        #expect(detail.jsonValue["modified"]?["memberCount"] == 2)
        let names = detail.members.compactMap { if case .present(let e) = $0 { e.name } else { nil } }
        #expect(names == ["John Doe", "Jane Doe"])
    }

    @Test("T16 deleting a group deletes its unshared members", arguments: StoreKind.allCases)
    func deleteCascade(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "g", "create-group", ["name": "G", "members": [["guid": "m1", "name": "One"], ["guid": "m2", "name": "Two"]]], at: 0),
            event("e2", "g", "delete-entity", ["reason": "test"], at: 1))
        #expect(try manager.allEntities().isEmpty)
    }

    @Test("T18 duplicates flagged and resolved with delete", arguments: StoreKind.allCases)
    func duplicates(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "E1", "create-individual", ["name": "John Doe"], at: 0),
            event("e2", "E2", "create-individual", ["name": "John Doe"], at: 1))
        #expect(try manager.potentialDuplicates() == [PotentialDuplicate(entityGuid: "E2", duplicateGuid: "E1")])
        try manager.submitAll(event("e3", "E2", "resolve-duplicate", [
            "duplicates": [["entityGuid": "E2", "duplicateGuid": "E1"]], "shouldDelete": true,
        ], at: 2))
        #expect(try manager.potentialDuplicates().isEmpty)
        #expect(throws: DataCollectError.self) { try manager.entity("E2") }
        #expect(try manager.modified("E1").name == "John Doe")
    }

    @Test("T19 concurrent edits: last writer by (timestamp, guid) wins and both values are audited (fixes 3.1–3.2)",
          arguments: StoreKind.allCases)
    func conflicts(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("c1", "p", "create-individual", ["name": "Baseline Name"], at: 0, by: "server", syncLevel: .remote))
        try manager.submitAll(event("c2", "p", "update-individual", ["name": "Local Name"], at: 60, by: "device"))
        // A remote edit captured before the local one arrives later: the local (newer) value stays.
        try manager.submitAll(event("c3", "p", "update-individual", ["name": "Remote Older"], at: 30, by: "other", syncLevel: .remote))
        #expect(try manager.modified("p").name == "Local Name")
        // A newer remote edit wins.
        try manager.submitAll(event("c4", "p", "update-individual", ["name": "Remote Newer"], at: 90, by: "other", syncLevel: .remote))
        #expect(try manager.modified("p").name == "Remote Newer")
        #expect(try manager.modified("p").version == 4, "every applied event counts; nothing is dropped")

        let conflicts = try manager.auditTrail(entityGuid: "p").filter { $0.entry.action == "conflict" }
        #expect(!conflicts.isEmpty)
        for conflict in conflicts {
            #expect(conflict.entry.changes["kept"]?["value"] != nil)
            #expect(conflict.entry.changes["overwritten"]?["value"] != nil)
        }
    }
}

/// T10's custom applier: creates an elderly member and links it.
struct AddElderlyApplier: EventApplier {
    let eventType = "add-elderly"

    func referencedEntities(in event: Event) -> Set<String> {
        var guids: Set<String> = [event.entityGuid]
        for member in event.data["members"]?.arrayValue ?? [] {
            if let guid = member["guid"]?.stringValue { guids.insert(guid) }
        }
        return guids
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        guard try context.entity(event.entityGuid)?.type == .group else {
            return .pending(DataCollectError(.invalidGroup, message: "The household is not registered yet."))
        }
        for member in event.data["members"]?.arrayValue ?? [] {
            guard let guid = member["guid"]?.stringValue else { continue }
            try context.createEntity(guid, type: .individual, data: [
                "name": member["name"] ?? "Unnamed", "memberType": "Elderly",
            ])
            try context.link(guid, into: event.entityGuid)
        }
        return .applied
    }
}

/// T11's custom applier: moves listed members into a new group.
struct SplitHouseholdApplier: EventApplier {
    let eventType = "split-household"

    func referencedEntities(in event: Event) -> Set<String> {
        var guids: Set<String> = [event.entityGuid]
        if let guid = event.data["newGroupGuid"]?.stringValue { guids.insert(guid) }
        for member in event.data["newGroupMembers"]?.arrayValue ?? [] {
            if let guid = member.stringValue { guids.insert(guid) }
        }
        return guids
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        guard let newGuid = event.data["newGroupGuid"]?.stringValue else {
            return .skipped(DataCollectError(.invalidForm, field: "data.newGroupGuid", message: "The new group needs a guid."))
        }
        try context.createEntity(newGuid, type: .group, data: ["name": event.data["newGroupName"] ?? "New Group"])
        for member in event.data["newGroupMembers"]?.arrayValue ?? [] {
            guard let guid = member.stringValue else { continue }
            try context.unlink(guid, from: event.entityGuid)
            try context.link(guid, into: newGuid)
        }
        return .applied
    }
}

@Suite("Audit trail and concurrency", .serialized)
struct AuditAndConcurrencyTests {
    @Test("an entity's audit trail is newest first and names event, author and action",
          arguments: StoreKind.allCases)
    func auditTrailOrder(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "p", "create-individual", ["name": "P"], at: 0, by: "alice"),
            event("e2", "p", "update-individual", ["phone": "1"], at: 5, by: "alice"),
            event("e3", "p", "update-individual", ["phone": "2"], at: 9, by: "bob"))
        let trail = try manager.auditTrail(entityGuid: "p")
        #expect(trail.map(\.entry.eventGuid).first == "e3")
        #expect(trail.map(\.entry.eventGuid).last == "e1")
        #expect(trail.contains { $0.entry.action == "conflict" && $0.entry.userId == "bob" })
        #expect(trail.allSatisfy { !$0.entry.guid.isEmpty })
        // Re-folding writes no duplicate entries.
        try manager.rebuild()
        #expect(try manager.auditTrail(entityGuid: "p").count == trail.count)
    }

    @Test("concurrent submissions from many tasks all land, each applied once", arguments: StoreKind.allCases)
    func concurrentSubmissions(kind: StoreKind) async throws {
        let manager = try kind.makeManager()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for g in 1...3 {
                group.addTask {
                    let members: [JSONValue] = (0..<4).map { ["guid": .string("g\(g)-m\($0)"), "name": .string("Member \($0)")] }
                    try manager.submit([event("create-\(g)", "group-\(g)", "create-group",
                                              ["name": .string("Group \(g)"), "members": .array(members)], at: g)])
                }
            }
            try await group.waitForAll()
        }
        for g in 1...3 {
            #expect(try manager.entity("group-\(g)").members.count == 4)
            #expect(try manager.modified("group-\(g)").version == 1)
        }
        #expect(try manager.allEntities().count == 15)
    }
}
