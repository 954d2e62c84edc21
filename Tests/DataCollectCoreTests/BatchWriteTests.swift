import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPostgres
import DataCollectSQL
import DataCollectTestSupport
import Foundation
import Testing

/// The batch forms of the store's writes, and the rows a SQL transaction holds back for
/// multi-row inserts: the same answers as one write at a time, in every store, and a read in
/// the same transaction always sees what was written before it.
@Suite("Batched writes")
struct BatchWriteTests {
    static let recordedAt = EventTimestamp(epochMilliseconds: 1_767_225_600_000)

    /// A batch with everything that makes appends interesting: new events, one stored before,
    /// one stored before with other content, and a guid repeated in the batch with the same
    /// and with other content.
    static func mixedBatch() -> (before: [Event], batch: [Event]) {
        let stored = event("b-stored", "p1", "create-individual", ["name": "Amina"], at: 1)
        let changed = event("b-changed", "p2", "create-individual", ["name": "Jonas"], at: 2)
        var changedAgain = changed
        changedAgain.data["name"] = "Jonas K."
        let fresh = event("b-new", "p3", "create-individual", ["name": "Lea"], at: 3)
        var freshDiffering = fresh
        freshDiffering.data["name"] = "Lea M."
        let other = event("b-other", "p4", "create-individual", ["name": "Omar"], at: 4)
        return ([stored, changed], [fresh, stored, changedAgain, other, fresh, freshDiffering])
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchAppendAnswersAsOneAtATime(kind: StoreKind) throws {
        let (before, batch) = Self.mixedBatch()
        let oneByOne = try kind.makeStore()
        let batched = try kind.makeStore()
        for store in [oneByOne, batched] {
            try store.write { transaction in for event in before { _ = try transaction.append(event, recordedAt: Self.recordedAt) } }
        }
        let expected = try oneByOne.write { transaction in try batch.map { try transaction.append($0, recordedAt: Self.recordedAt) } }
        let answered = try batched.write { try $0.append(batch, recordedAt: Self.recordedAt) }
        #expect(answered == expected)
        #expect(answered == [.appended(seq: 3), .alreadyPresent(seq: 1), .conflict(seq: 2), .appended(seq: 4),
                             .alreadyPresent(seq: 3), .conflict(seq: 3)])
        let stored = try batched.read { try $0.allStoredEvents() }
        #expect(stored.map(\.event.guid) == ["b-stored", "b-changed", "b-new", "b-other"])
        #expect(stored.first { $0.event.guid == "b-new" }?.event.data["name"] == "Lea", "the first occurrence is kept")
        #expect(try batched.read { try $0.allStoredEvents() }.map(\.event) == (try oneByOne.read { try $0.allStoredEvents() }.map(\.event)))
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchOfAuditEntriesSkipsThePresentAndLeavesNoGapInTheNumbering(kind: StoreKind) throws {
        func entry(_ guid: String, _ action: String) -> AuditEntry {
            AuditEntry(guid: guid, timestamp: Self.recordedAt, userId: "user:1", action: action, eventGuid: "",
                       entityGuid: "p1", changes: ["n": .string(guid)])
        }
        let store = try kind.makeStore()
        _ = try store.write { try $0.append(entry("a-1", "first"), recordedAt: Self.recordedAt) }
        let stored = try store.write { transaction in
            try transaction.append([entry("a-2", "second"), entry("a-1", "again"), entry("a-3", "third"), entry("a-2", "twice")],
                                   recordedAt: Self.recordedAt)
        }
        #expect(stored.map(\.entry.guid) == ["a-2", "a-3"])
        #expect(stored.map(\.seq) == [2, 3])
        #expect(stored.map(\.entry.action) == ["second", "third"])
        let next = try store.write { try $0.append(entry("a-4", "fourth"), recordedAt: Self.recordedAt) }
        #expect(next?.seq == 4, "no seq was drawn for the entries skipped")
        #expect(try store.write { try $0.append([entry("a-1", "x"), entry("a-4", "y")], recordedAt: Self.recordedAt) }.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func statusesSetTogetherAreEachEventsOwn(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let events = (1...150).map { event("s-\($0)", "p\($0)", "create-individual", ["name": "Person"], at: $0) }
        _ = try store.write { try $0.append(events, recordedAt: Self.recordedAt) }
        let reason = DataCollectError(.invalidGroup, field: "entityGuid", message: "The target is not a group.")
        var statuses: [String: EventStatus] = [:]
        for (offset, event) in events.enumerated() {
            statuses[event.guid] = offset.isMultiple(of: 3) ? EventStatus(name: "rejected", reason: reason) : .applied
        }
        try store.write { try $0.setStatuses(statuses) }
        let read = try store.read { try $0.storedEvents(guids: Set(events.map(\.guid))) }
        #expect(read.count == 150)
        for stored in read { #expect(stored.status == statuses[stored.event.guid], "\(stored.event.guid)") }
    }

    /// Rows held back for a multi-row insert are visible to every read of the same transaction,
    /// and land at commit.
    @Test(arguments: StoreKind.allCases)
    func readsInTheSameTransactionSeeWhatWasJustWritten(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let salt = [UInt8](repeating: 7, count: 16)
        let seal = FieldSeal(field: "name", salt: salt, commitment: FieldCommitment.compute(salt: salt, key: "name", value: "Amina"))
        let leafHash = [UInt8](repeating: 1, count: 32)
        let node = MerkleNode(level: StoredMerkleLevels.lowest, index: 0, hash: [UInt8](repeating: 2, count: 32))
        let version = EntityVersion(entityGuid: "p1", step: EventOrderKey(timestamp: Self.recordedAt, guid: "e1"),
                                    eventGuids: ["e1"], state: Array(#"{"name":"Amina"}"#.utf8), recordedFrom: Self.recordedAt,
                                    recordedTo: nil)
        try store.write { transaction in
            try transaction.appendLeaf(LogLeaf(index: 0, recordSeq: 1, leafHash: leafHash, chainHash: leafHash), seals: [seal],
                                       log: .events)
            #expect(try transaction.seals(log: .events, recordSeq: 1) == [seal])
            #expect(try transaction.logHead(.events).size == 1)
            #expect(try transaction.leaf(log: .events, recordSeq: 1)?.leafHash == leafHash)
            #expect(try transaction.leaves(log: .events, fromIndex: 0, limit: 10).count == 1)
            try transaction.saveMerkleNodes([node], log: .events)
            #expect(try transaction.merkleNode(log: .events, level: node.level, index: 0) == node.hash)
            #expect(try transaction.merkleNodeCount(log: .events) == 1)
            try transaction.insert([version])
            #expect(try transaction.currentVersions(of: ["p1"]) == [version])
            #expect(try transaction.versionCount() == 1)
            try transaction.recordTouches(eventGuid: "e1", entityGuids: ["p1", "h1"])
            #expect(try transaction.eventGuids(touching: ["h1"]) == ["e1"])
            #expect(try transaction.entityGuids(touchedBy: ["e1"]) == ["p1", "h1"])
        }
        try store.read { transaction throws -> Void in
            #expect(try transaction.seals(log: .events, recordSeq: 1) == [seal])
            #expect(try transaction.logHead(.events) == LogHead(size: 1, chainHash: leafHash))
            #expect(try transaction.merkleNodeCount(log: .events) == 1)
            #expect(try transaction.versionCount() == 1)
            #expect(try transaction.entityGuids(touchedBy: ["e1"]) == ["p1", "h1"])
        }
    }

    /// A failed transaction leaves nothing of what it held back.
    @Test(arguments: StoreKind.allCases)
    func aFailedTransactionLeavesNoHeldRowBehind(kind: StoreKind) throws {
        struct Abort: Error {}
        let store = try kind.makeStore()
        #expect(throws: Abort.self) {
            try store.write { transaction in
                try transaction.appendLeaf(LogLeaf(index: 0, recordSeq: 1, leafHash: [UInt8](repeating: 1, count: 32),
                                                   chainHash: [UInt8](repeating: 1, count: 32)), seals: [], log: .events)
                try transaction.recordTouches(eventGuid: "e1", entityGuids: ["p1"])
                throw Abort()
            }
        }
        try store.read { transaction throws -> Void in
            #expect(try transaction.logHead(.events).size == 0)
            #expect(try transaction.eventGuids(touching: ["p1"]).isEmpty)
        }
    }

    /// A held row the database refuses (here a leaf index already taken) fails the transaction
    /// with the database's own error, whether that shows at a later read or at the commit (on
    /// PostgreSQL the insert was sent without waiting for it); nothing of the transaction stays
    /// and the store goes on working.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func aRefusedHeldRowFailsTheTransactionWhole(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let hash = [UInt8](repeating: 1, count: 32)
        try store.write { try $0.appendLeaf(LogLeaf(index: 0, recordSeq: 1, leafHash: hash, chainHash: hash), seals: [], log: .events) }
        for readsAfterwards in [true, false] {
            #expect(throws: (any Error).self) {
                try store.write { transaction in
                    try transaction.recordTouches(eventGuid: "e2", entityGuids: ["p2"])
                    try transaction.appendLeaf(LogLeaf(index: 0, recordSeq: 2, leafHash: hash, chainHash: hash), seals: [], log: .events)
                    if readsAfterwards { _ = try transaction.leaves(log: .events, fromIndex: 0, limit: 10) }
                    _ = try transaction.eventGuids(touching: ["p2"])
                }
            }
            try store.read { transaction throws -> Void in
                #expect(try transaction.leaves(log: .events, fromIndex: 0, limit: 10).map(\.recordSeq) == [1])
                #expect(try transaction.eventGuids(touching: ["p2"]).isEmpty)
            }
        }
        try store.write { try $0.appendLeaf(LogLeaf(index: 1, recordSeq: 2, leafHash: hash, chainHash: hash), seals: [], log: .events) }
        #expect(try store.read { try $0.logHead(.events).size } == 2)
    }

    /// PostgreSQL answers the `COMMIT` of a transaction it aborted with `ROLLBACK`, not an
    /// error: even when the failure that aborted it was swallowed, the write throws.
    @Test func aTransactionPostgreSQLAbortedIsNeverReportedAsCommitted() throws {
        let store = try StoreKind.postgres.makeStore()
        let hash = [UInt8](repeating: 1, count: 32)
        try store.write { try $0.appendLeaf(LogLeaf(index: 0, recordSeq: 1, leafHash: hash, chainHash: hash), seals: [], log: .events) }
        #expect(throws: PostgresStoreError.self) {
            try store.write { transaction in
                try transaction.appendLeaf(LogLeaf(index: 0, recordSeq: 2, leafHash: hash, chainHash: hash), seals: [], log: .events)
                _ = try? transaction.leaves(log: .events, fromIndex: 0, limit: 10)
            }
        }
        #expect(try store.read { try $0.leaves(log: .events, fromIndex: 0, limit: 10).map(\.recordSeq) } == [1])
    }

    /// Seals read for many records at once are each record's own, whether still held by the
    /// transaction or committed; a record without a leaf is absent, a repeated seq read once.
    @Test(arguments: StoreKind.allCases)
    func sealsOfManyRecordsAreEachRecordsOwn(kind: StoreKind) throws {
        let store = try kind.makeStore()
        func seal(_ field: String, _ value: JSONValue, _ byte: UInt8) -> FieldSeal {
            let salt = [UInt8](repeating: byte, count: 16)
            return FieldSeal(field: field, salt: salt, commitment: FieldCommitment.compute(salt: salt, key: field, value: value))
        }
        let sealed: [Int64: [FieldSeal]] = [1: [seal("age", 7, 1), seal("name", "Amina", 2)], 2: [seal("name", "Jonas", 3)],
                                            4: [seal("phone", "0700", 4)]]
        let asked: [Int64] = [4, 1, 2, 3, 1]
        let held = try store.write { transaction in
            for (index, (seq, seals)) in sealed.sorted(by: { $0.key < $1.key }).enumerated() {
                let hash = [UInt8](repeating: UInt8(index), count: 32)
                try transaction.appendLeaf(LogLeaf(index: UInt64(index), recordSeq: seq, leafHash: hash, chainHash: hash), seals: seals,
                                           log: .events)
            }
            return try transaction.seals(log: .events, recordSeqs: asked)
        }
        #expect(held == sealed)
        let committed = try store.read { try $0.seals(log: .events, recordSeqs: asked) }
        #expect(committed == sealed)
        #expect(try store.read { try $0.seals(log: .audit, recordSeqs: asked) }.isEmpty, "another log's seals are not these")
        for seq in asked {
            #expect(try store.read { try $0.seals(log: .events, recordSeq: seq) } == sealed[seq] ?? [])
        }
    }

    /// A re-fold clears a whole component's records, tombstones and dismissals in a few
    /// statements: each removal takes a set, and leaves everything outside it.
    @Test(arguments: StoreKind.allCases)
    func removalsTakeManyEntitiesAtOnce(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let manager = EntityDataManager(store: store)
        let people = ["p1", "p2", "p3", "p4"]
        _ = try manager.submit(people.enumerated().map { index, guid in
            event("r-\(guid)", guid, "create-individual", ["name": .string("Person \(index)")], at: index + 1)
        })
        let tombstones = ["t1", "t2", "t3"].map { Tombstone(entityGuid: $0, eventGuid: "x-\($0)", deletedAt: Self.recordedAt) }
        let dismissals = [DismissedDuplicate("p1", "p2", eventGuid: "d1"), DismissedDuplicate("p3", "p4", eventGuid: "d2"),
                          DismissedDuplicate("p2", "t1", eventGuid: "d3")]
        try store.write { transaction in
            try transaction.save(tombstones)
            try transaction.save(dismissals)
            try transaction.save(dismissals.prefix(1).map { DismissedDuplicate($0.firstGuid, $0.secondGuid, eventGuid: "d1") })
        }
        try store.write { transaction in
            try transaction.removeRecords(guids: ["p1", "p3", "nobody"])
            try transaction.removeTombstones(guids: ["t1", "t3", "nobody"])
            try transaction.removeDismissals(involving: ["p1", "t1"])
            try transaction.removeRecords(guids: [])
        }
        try store.read { transaction throws -> Void in
            #expect(try transaction.records(type: nil).map(\.entity.guid) == ["p2", "p4"])
            #expect(try transaction.tombstones(guids: ["t1", "t2", "t3"]).map(\.entityGuid) == ["t2"])
            #expect(try transaction.dismissals() == [DismissedDuplicate("p3", "p4", eventGuid: "d2")])
        }
    }

    /// The fold reads a batch's parents in one query: the same lists as one entity at a time.
    @Test(arguments: StoreKind.allCases)
    func parentsOfManyEntitiesAreEachEntitysOwn(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let manager = EntityDataManager(store: store)
        _ = try manager.submit([
            event("g1", "hh-b", "create-group", ["name": "B", "members": [["guid": "ann", "name": "Ann"], ["guid": "ben", "name": "Ben"]]], at: 1),
            event("g2", "hh-a", "create-group", ["name": "A"], at: 2),
            event("g3", "hh-a", "add-member", ["members": [["guid": "ann", "name": "Ann"]]], at: 3),
        ])
        let asked: Set<String> = ["ann", "ben", "hh-a", "nobody"]
        let together = try store.read { try $0.parents(ofEach: asked) }
        #expect(together == ["ann": ["hh-a", "hh-b"], "ben": ["hh-b"], "hh-a": [], "nobody": []])
        for guid in asked { #expect(try store.read { try $0.parents(of: guid) } == together[guid]) }
    }

    /// On PostgreSQL, re-folding a component after a late batch costs statements per table and
    /// per widening of the component, not per entity: here 340 statements re-fold 388 entities
    /// (removals and closed versions one at a time cost four or more per entity, over 1,500).
    @Test func aLateBatchReFoldsInFewerStatementsThanEntities() throws {
        let store = try StoreKind.postgres.makeStore()
        let postgres = try #require(store as? PostgresStore)
        let manager = EntityDataManager(store: store)
        let data = EventGenerator(households: 400, seed: 5).generate()
        let onTime = Array(data.events.dropLast(data.lateBatchCount))
        _ = try manager.receive(json: .array(onTime.map(\.jsonValue)), receivedFrom: "user:1")
        let late = Array(data.events.suffix(data.lateBatchCount))
        let before = postgres.statementsSent
        let report = try manager.receive(json: .array(late.map(\.jsonValue)), receivedFrom: "user:1")
        let sent = postgres.statementsSent - before
        #expect(report.refoldedEntityCount > 100, "the late batch re-folds a large component")
        #expect(sent < report.refoldedEntityCount, "\(sent) statements to re-fold \(report.refoldedEntityCount) entities")
        #expect(try IntegrityVerifier().verify(store).isIntact)
    }

    /// The action-filtered read (an index read in the SQL stores) agrees with filtering the
    /// whole trail, page boundaries and cursor included.
    @Test(arguments: StoreKind.allCases)
    func entriesOfOneActionAreThoseOfTheTrail(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let entries = (1...40).map { index in
            AuditEntry(guid: "x-\(index)", timestamp: Self.recordedAt, userId: "user:1",
                       action: index.isMultiple(of: 3) ? "redact-event" : "api-read-entity", eventGuid: "", entityGuid: "p1",
                       changes: [:])
        }
        _ = try store.write { try $0.append(entries, recordedAt: Self.recordedAt) }
        let all = try store.read { try $0.auditEntries(afterSeq: 0, limit: 100) }
        let expected = all.filter { $0.entry.action == "redact-event" }
        #expect(expected.count == 13)
        #expect(try store.read { try $0.auditEntries(action: "redact-event", afterSeq: 0, limit: 100) } == expected)
        let after = expected[4].seq
        #expect(try store.read { try $0.auditEntries(action: "redact-event", afterSeq: after, limit: 3) } == Array(expected[5..<8]))
        #expect(try store.read { try $0.auditEntries(action: "no-such-action", afterSeq: 0, limit: 10) }.isEmpty)
    }

    @Test func batchesAreCutIntoFewStatementShapes() {
        #expect(StatementChunks.ranges(0).isEmpty)
        #expect(StatementChunks.ranges(1_234).map(\.count) == [500, 500, 100, 100, 20, 5, 5, 1, 1, 1, 1])
        for count in [1, 7, 99, 100, 501, 2_000, 3_333] {
            let ranges = StatementChunks.ranges(count)
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count, "\(count)")
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(count): contiguous")
            #expect(ranges.allSatisfy { StatementChunks.sizes.contains($0.count) }, "\(count)")
        }
    }

    /// On PostgreSQL every statement is a round trip: a pushed batch costs a few statements per
    /// table, not a few per event (it was about 40 per event before writes were batched).
    @Test func aPushedBatchCostsFewerStatementsThanEvents() throws {
        let store = try StoreKind.postgres.makeStore()
        let postgres = try #require(store as? PostgresStore)
        let manager = EntityDataManager(store: store)
        let events = Array(EventGenerator(households: 150, seed: 3).generate().events.prefix(600))
        _ = try manager.receive(json: .array(events.prefix(200).map(\.jsonValue)), receivedFrom: "user:1")
        let before = postgres.statementsSent
        let report = try manager.receive(json: .array(events.dropFirst(200).map(\.jsonValue)), receivedFrom: "user:1")
        let sent = postgres.statementsSent - before
        #expect(report.appended == 400)
        #expect(sent < 400, "\(sent) statements for 400 events")
        #expect(try IntegrityVerifier().verify(store).isIntact)
    }
}
