import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Testing

/// Invariant 2: state is a pure function of the set of events.
@Suite("State is a pure function of the set of events", .serialized)
struct DeterminismPropertyTests {
    static let dataSet = EventGenerator(households: 40, seed: 2024).generate()

    func reference() throws -> String {
        let manager = try StoreKind.memory.makeManager()
        let sorted = Self.dataSet.events.sorted { $0.orderKey < $1.orderKey }
        try manager.submit(sorted)
        return try manager.stateHash()
    }

    @Test("any delivery order gives the same state hash",
          arguments: StoreKind.allCases, [1, 2, 3, 4] as [UInt64])
    func permutationsAgree(kind: StoreKind, seed: UInt64) throws {
        let expected = try reference()
        var random = SeededRandom(seed: seed)
        let shuffled = Self.dataSet.events.shuffled(using: &random)
        let manager = try kind.makeManager()
        // Deliver in small random batches, as devices syncing at different times would.
        var index = 0
        while index < shuffled.count {
            let size = random.int(1...25)
            let report = try manager.submit(Array(shuffled[index..<min(shuffled.count, index + size)]))
            #expect(report.rejected == 0)
            index += size
        }
        #expect(try manager.stateHash() == expected)
        #expect(try manager.potentialDuplicates() == StoreKind.memory.makeManager().duplicatesAfterSubmitting(Self.dataSet.events))
    }

    @Test("the data set exercises what the properties are about")
    func dataSetIsInteresting() throws {
        let types = Set(Self.dataSet.events.map(\.type))
        #expect(types.isSuperset(of: ["create-group", "update-individual", "update-group", "add-member",
                                      "remove-member", "delete-entity", "create-individual"]))
        #expect(Self.dataSet.lateBatchCount > 0)
        let manager = try StoreKind.memory.makeManager()
        try manager.submit(Self.dataSet.events)
        #expect(try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: 100_000) }
            .contains { $0.entry.action == "conflict" })
    }

    @Test("two stores with the events split between them converge once they exchange the rest",
          arguments: StoreKind.allCases)
    func splitStoresConverge(kind: StoreKind) throws {
        var random = SeededRandom(seed: 99)
        let shuffled = Self.dataSet.events.shuffled(using: &random)
        let half = shuffled.count / 2
        let a = try kind.makeManager()
        let b = try StoreKind.memory.makeManager()
        try a.submit(Array(shuffled[..<half]))
        try b.submit(Array(shuffled[half...]))
        #expect(try a.stateHash() != b.stateHash())
        try a.submit(Array(shuffled[half...]))
        try b.submit(Array(shuffled[..<half]).reversed())
        #expect(try a.stateHash() == b.stateHash())
        #expect(try a.stateHash() == reference())
    }

    @Test("incremental application equals a full replay", arguments: StoreKind.allCases)
    func incrementalEqualsReplay(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        for event in Self.dataSet.events { try manager.submit([event]) }
        let incremental = try manager.stateHash()
        let pendingBefore = try manager.pendingEvents().map(\.event.guid)
        try manager.rebuild()
        #expect(try manager.stateHash() == incremental)
        #expect(try manager.pendingEvents().map(\.event.guid) == pendingBefore)
        #expect(try manager.potentialDuplicates() == StoreKind.memory.makeManager().duplicatesAfterSubmitting(Self.dataSet.events))
    }

    @Test("a late event re-folds only the entities it touches")
    func lateEventRefoldsOnlyItsComponent() throws {
        let manager = try StoreKind.memory.makeManager()
        try manager.submitAll(
            event("a1", "alice", "create-individual", ["name": "Alice"], at: 0),
            event("b1", "bob", "create-individual", ["name": "Bob"], at: 1),
            event("a2", "alice", "update-individual", ["phone": "1"], at: 10),
            event("b2", "bob", "update-individual", ["phone": "2"], at: 11))
        let report = try manager.submitAll(event("a-late", "alice", "update-individual", ["phone": "0", "city": "X"], at: 5))
        #expect(report.refoldedEntityCount == 1)
        let alice = try manager.modified("alice")
        #expect(alice.data["phone"] == "1", "the later edit still wins")
        #expect(alice.data["city"] == "X")
        #expect(alice.version == 3)
        #expect(alice.lastUpdated == EventTimestamp(epochMilliseconds: 1_704_067_200_000 + 10 * 60_000))
    }

    /// A late event whose component no stored event touched after it (a field device's own
    /// households, registered or visited offline) is applied on top of the stored state: what a
    /// re-fold would give, in state and in history, without the re-fold.
    @Test("a late event of a component nothing touched since is applied on top, as a re-fold would",
          arguments: StoreKind.allCases)
    func lateEventOfAnUntouchedComponentIsAppliedOnTop(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("a1", "alice", "create-individual", ["name": "Alice"], at: 0),
            event("b1", "bob", "create-individual", ["name": "Bob"], at: 1),
            event("b2", "bob", "update-individual", ["phone": "2"], at: 11))
        let onTop = try manager.submitAll(
            event("a-late", "alice", "update-individual", ["phone": "0"], at: 5),
            event("h-late", "household", "create-group", [
                "name": "Offline household", "members": [["guid": "carol", "name": "Carol"], ["guid": "dan", "name": "Dan"]],
            ], at: 6),
            event("d-late", "dan", "update-individual", ["phone": "3"], at: 7))
        #expect(onTop.refoldedEntityCount == 0, "nothing re-folded")
        #expect(try manager.modified("alice").data["phone"] == "0")
        #expect(try manager.modified("household").memberIds == ["carol", "dan"])

        // Bob was visited after this event: his component is re-folded.
        let refolded = try manager.submitAll(event("b-late", "bob", "update-individual", ["city": "Y"], at: 4))
        #expect(refolded.refoldedEntityCount == 1)
        #expect(try manager.modified("bob").data == ["name": "Bob", "phone": "2", "city": "Y"])
        // Carol joins Bob's household-to-be late; Dan's later edit links her component's past.
        let linked = try manager.submitAll(event("c-late", "carol", "update-individual", ["city": "Z"], at: 2))
        #expect(linked.refoldedEntityCount == 3, "Carol's component (household, Carol, Dan) has later events")

        let guids: Set<String> = ["alice", "bob", "household", "carol", "dan"]
        let live = try manager.stateHash()
        let liveVersions = try TimeTravelReferenceTests.allVersions(manager, guids)
        try manager.store.write { try HistoryBuilder().rebuildAll(in: $0) }
        #expect(try TimeTravelReferenceTests.allVersions(manager, guids) == liveVersions, "the history a re-fold writes")
        try manager.rebuild()
        #expect(try manager.stateHash() == live, "the state a full replay gives")
    }

    @Test("a member arriving before its group waits, then applies (pending)", arguments: StoreKind.allCases)
    func pendingThenApplied(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        let report = try manager.submitAll(event("rm", "hh", "remove-member", ["memberId": "p2"], at: 10))
        guard case .appended(_, .pending(let reason))? = report.items.first?.outcome else {
            Issue.record("expected pending, got \(report.items)")
            return
        }
        #expect(reason.code == .invalidGroup)
        #expect(try manager.pendingEvents().count == 1)
        try manager.submitAll(event("cg", "hh", "create-group", [
            "name": "HH", "members": [["guid": "p1", "name": "One"], ["guid": "p2", "name": "Two"]],
        ], at: 0))
        #expect(try manager.pendingEvents().isEmpty)
        #expect(try manager.modified("hh").memberIds == ["p1"])
    }

    @Test("a deleted entity is never resurrected by a late create", arguments: StoreKind.allCases)
    func tombstonesHold(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("c", "p", "create-individual", ["name": "P"], at: 0),
            event("d", "p", "delete-entity", ["reason": "erasure request"], at: 5))
        let report = try manager.submitAll(event("c2", "p", "create-individual", ["name": "P again"], at: 9))
        guard case .appended(_, .skipped(let reason))? = report.items.first?.outcome else {
            Issue.record("expected skipped")
            return
        }
        #expect(reason.code == .entityDeleted)
        #expect(throws: DataCollectError.self) { try manager.entity("p") }
    }

    @Test("deleting a member cleans its groups' memberIds; shared members survive a group delete",
          arguments: StoreKind.allCases)
    func deleteCleansParents(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("g1", "hh1", "create-group", ["name": "One", "members": [["guid": "shared", "name": "S"], ["guid": "own", "name": "O"]]], at: 0),
            event("g2", "hh2", "create-group", ["name": "Two", "members": [["guid": "shared"]]], at: 1),
            event("d1", "own", "delete-entity", ["reason": "x"], at: 2))
        #expect(try manager.modified("hh1").memberIds == ["shared"])
        try manager.submitAll(event("d2", "hh1", "delete-entity", ["reason": "x"], at: 3))
        #expect(try manager.modified("shared").name == "S")
        #expect(try manager.modified("hh2").memberIds == ["shared"])
    }

    @Test("nested member ids derive from the event, not from a random source")
    func derivedMemberIds() throws {
        let first = try StoreKind.memory.makeManager()
        let second = try StoreKind.memory.makeManager()
        let create = event("e1", "hh", "create-group", ["name": "HH", "members": [["name": "No Guid"]]])
        try first.submitAll(create)
        try second.submitAll(create)
        let id = try first.modified("hh").memberIds
        #expect(id.count == 1)
        #expect(try second.modified("hh").memberIds == id)
        #expect(try first.stateHash() == second.stateHash())
    }
}

extension EntityDataManager {
    func duplicatesAfterSubmitting(_ events: [Event]) throws -> [PotentialDuplicate] {
        try submit(events)
        return try potentialDuplicates()
    }
}
