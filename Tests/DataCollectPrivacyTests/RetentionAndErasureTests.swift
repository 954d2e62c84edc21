import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSQLite
import Foundation
import Testing

@Suite("Retention and erasure", .serialized)
struct RetentionAndErasureTests {
    static func path(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-privacy-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return "\(folder)/\(UUID().uuidString)-\(name)"
    }

    static func time(_ text: String) -> EventTimestamp { EventTimestamp(parsing: text)! }

    /// Every byte of the database's files.
    static func fileBytes(_ db: String) -> [UInt8] {
        ["", "-wal", "-shm"].flatMap { suffix in
            (try? Data(contentsOf: URL(fileURLWithPath: db + suffix))).map { Array($0) } ?? []
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        guard bytes.count <= haystack.count else { return false }
        return (0...(haystack.count - bytes.count)).contains { start in haystack[start..<(start + bytes.count)].elementsEqual(bytes) }
    }

    static func bandaStore(_ db: String) throws -> EntityDataManager {
        let manager = EntityDataManager(store: try SQLiteStore(path: db), now: { time("2024-04-01T00:00:00Z") })
        let events = [
            Event(guid: "h1-create", entityGuid: "h1", type: "create-group", data: [
                "name": "Household Banda", "village": "Kalamba",
                "members": [["guid": "p1", "name": "Ama Quartey-Banda", "phone": "0201 555 111"],
                            ["guid": "p2", "name": "Kofi Banda"]]], timestamp: time("2024-03-01T09:00:00Z"), userId: "c1"),
            Event(guid: "p1-phone", entityGuid: "p1", type: "update-individual", data: ["phone": "0201 555 999"],
                  timestamp: time("2024-03-05T10:00:00Z"), userId: "c1"),
            Event(guid: "p2-job", entityGuid: "p2", type: "update-individual", data: ["occupation": "farmer"],
                  timestamp: time("2024-03-06T10:00:00Z"), userId: "c2"),
        ]
        #expect(try manager.submit(events).rejected == 0)
        return manager
    }

    @Test("erasing a member embedded in the household's event: values gone from every table and file, siblings kept, logs verify")
    func erasureOfAnEmbeddedMember() throws {
        let db = Self.path("erase.sqlite")
        let manager = try Self.bandaStore(db)
        let before = try manager.entity("p2").pair.modified
        #expect(Self.contains(Self.fileBytes(db), "Quartey-Banda"))

        let report = try SubjectErasure(manager: manager, actor: "officer-1")
            .erase(subject: "p1", reason: "request 2024-17", now: Self.time("2024-04-01T00:00:00Z"))
        #expect(report.entities == 1)
        #expect(report.redactedEvents == 2)

        #expect(throws: DataCollectError.self) { try manager.entity("p1") }
        #expect(try manager.store.read { try $0.tombstone(guid: "p1") } != nil)
        let p2 = try manager.entity("p2").pair.modified
        #expect(p2.data == before.data, "the sibling keeps its data")
        #expect(try manager.entity("h1").pair.modified.memberIds == ["p2"])
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)
        // Time travel: before the erasure p1 existed, without any value.
        let past = try manager.entity("p1", asOf: Self.time("2024-03-10T00:00:00Z"))
        #expect(past != nil)
        #expect(past?.data["phone"] == nil)
        #expect(past?.data["name"] == nil)
        for value in ["Quartey-Banda", "0201 555 111", "0201 555 999"] {
            #expect(!Self.contains(Self.fileBytes(db), value), "\(value) is still somewhere in the database files")
        }
        let audit = try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: 100_000) }
        #expect(audit.contains { $0.entry.action == "erasure" && $0.entry.entityGuid == "p1" && $0.entry.userId == "officer-1" })
    }

    static func generatedStore(_ db: String) throws -> EntityDataManager {
        let manager = EntityDataManager(store: try SQLiteStore(path: db), now: { time("2025-06-01T00:00:00Z") })
        let events = EventGenerator(households: 40, seed: 3).generate().events
        #expect(try manager.submit(events).rejected == 0)
        return manager
    }

    static func policy(holding held: [String]) -> PrivacyPolicy {
        PrivacyPolicy(
            metadata: PolicyMetadata(name: "registry", version: "1", owner: "DPO", legalBasis: "test"),
            retention: [RetentionRule(name: "old-households", match: RetentionMatch(entityType: .group),
                                      keep: ISODuration("P6M")!, from: .created, then: .delete)],
            legalHolds: [LegalHold(name: "complaint", entities: held, reason: "complaint under review")],
            sourceSHA256: "test")
    }

    @Test("retention at several dates affects exactly the households due, never the held one, and runs once",
          arguments: ["2024-03-01T00:00:00Z", "2024-07-15T00:00:00Z", "2025-01-01T00:00:00Z"])
    func retentionAtSeveralDates(now text: String) throws {
        let db = Self.path("retention.sqlite")
        let manager = try Self.generatedStore(db)
        let now = Self.time(text)
        let groups = try manager.store.read { transaction in
            var groups: [EntityRecord] = []
            try transaction.forEachRecord { if $0.entity.type == .group { groups.append($0) } }
            return groups
        }
        let held = groups.first { ISODuration("P6M")!.added(to: $0.createdBy.timestamp) <= now }?.entity.guid
        let expected = Set(groups.filter { ISODuration("P6M")!.added(to: $0.createdBy.timestamp) <= now }.map(\.entity.guid))
            .subtracting(held.map { [$0] } ?? [])
        let runner = PolicyRunner(manager: manager, policy: Self.policy(holding: held.map { [$0] } ?? []), actor: "officer-2")

        let bytesBefore = Self.fileBytes(db)
        let plan = try runner.planRetention(now: now)
        #expect(Set(plan.subjects.map(\.root)) == expected)
        #expect(plan.holds.map(\.entity) == (held.map { [$0] } ?? []))
        #expect(Self.fileBytes(db) == bytesBefore, "planning (a dry run) changes nothing")

        let report = try runner.applyRetention(plan) { _ in { _, _, data in data } }
        #expect(report.subjects == expected.count)
        for guid in expected { #expect(try manager.store.read { try $0.tombstone(guid: guid) } != nil) }
        if let held { #expect(try manager.store.read { try $0.record(guid: held) } != nil, "the held household is untouched") }
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)
        for guid in expected.sorted() {
            let past = try manager.entity(guid, asOf: Self.time("2030-01-01T00:00:00Z"), knownAt: nil)
            #expect(past == nil)
            // Past versions show the values erased. An exit replayed from its erased event still
            // marks the household exited on the date it was captured (the applier's default,
            // from the event header, which retention keeps): that is all a version may hold.
            for version in try manager.history(of: guid).dropLast() {
                guard let entity = version.entity, !entity.data.isEmpty else { continue }
                #expect(entity.data == ["status": "exited", "exitDate": .string(String(entity.lastUpdated.iso8601.prefix(10)))],
                        "a past version of \(guid) keeps erased values: \(entity.data.keys.sorted())")
            }
        }
        let again = try runner.planRetention(now: now)
        #expect(again.subjects.isEmpty, "a second run finds nothing left to do")
        let audit = try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: 1_000_000) }
        #expect(audit.filter { $0.entry.action == "policy-run" }.count == 1)
    }

    /// The generator's households leave the programme (`household-exited`) and its people who
    /// left a household carry an `exitDate`: rules counted from either act on exactly the
    /// subjects whose clock ran out, computed here from the events alone, and never earlier.
    @Test("event- and field-based clocks count from the exit, and never early")
    func exitClocks() throws {
        let db = Self.path("exits.sqlite")
        let manager = EntityDataManager(store: try SQLiteStore(path: db), now: { Self.time("2025-06-01T00:00:00Z") })
        let events = EventGenerator(households: 120, seed: 5).generate().events
        #expect(try manager.submit(events).rejected == 0)
        let year = ISODuration("P1Y")!
        var exits: [String: EventTimestamp] = [:]
        for event in events where event.type == "household-exited" {
            exits[event.entityGuid] = max(exits[event.entityGuid] ?? event.timestamp, event.timestamp)
        }
        let exitDates = Dictionary(events.compactMap { event in
            event.data["exitDate"]?.stringValue.map { (event.entityGuid, $0) }
        }.filter { guid, _ in guid.contains("-ind-") }, uniquingKeysWith: { _, last in last })
        try #require(exits.count >= 3 && exitDates.count >= 3)
        let policy = PrivacyPolicy(
            metadata: PolicyMetadata(name: "exits", version: "1", owner: "DPO", legalBasis: "test"),
            retention: [
                RetentionRule(name: "exited-households", match: RetentionMatch(entityType: .group, eventTypes: ["household-exited"]),
                              keep: year, from: .event("household-exited"), then: .delete),
                RetentionRule(name: "members-who-left", match: RetentionMatch(entityType: .individual),
                              keep: year, from: .field("exitDate"), then: .delete),
            ],
            sourceSHA256: "test")
        let runner = PolicyRunner(manager: manager, policy: policy, actor: "officer-3")
        let live = try manager.store.read { transaction in
            var guids: Set<String> = []
            try transaction.forEachRecord { guids.insert($0.entity.guid) }
            return guids
        }
        // A date alone counts from the end of that day.
        func endOfDay(_ date: String) -> EventTimestamp {
            EventTimestamp(epochMilliseconds: Self.time("\(date)T00:00:00Z").epochMilliseconds + 86_400_000 - 1)
        }
        let middle = exits.values.sorted()[exits.count / 2]
        for now in [EventTimestamp(epochMilliseconds: exits.values.min()!.epochMilliseconds - 1), year.added(to: middle)] {
            let plan = try runner.planRetention(now: now)
            let households = Set(exits.filter { live.contains($0.key) && year.added(to: $0.value) <= now }.keys)
            let people = Set(exitDates.filter { live.contains($0.key) && year.added(to: endOfDay($0.value)) <= now }.keys)
            #expect(Set(plan.subjects.filter { $0.rule == "exited-households" }.map(\.root)) == households, "\(now.iso8601)")
            #expect(Set(plan.subjects.filter { $0.rule == "members-who-left" }.map(\.root)) == people, "\(now.iso8601)")
        }
        #expect(try runner.planRetention(now: year.added(to: middle)).subjects.contains { $0.rule == "exited-households" })
    }
}
