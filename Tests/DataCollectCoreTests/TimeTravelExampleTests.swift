import DataCollectCore
import DataCollectIntegrity
import Testing

/// The worked example of `docs/TIME-TRAVEL.md`, step by step: the Banda household, a phone
/// number, an offline device that delivers a week late, a deletion, and a redaction.
@Suite("docs/TIME-TRAVEL.md worked example", .serialized)
struct TimeTravelExampleTests {
    static func time(_ text: String) -> EventTimestamp { EventTimestamp(parsing: text)! }

    static func event(_ guid: String, _ entity: String, _ type: String, _ data: [String: JSONValue],
                      at captured: String, by user: String) -> Event {
        Event(guid: guid, entityGuid: entity, type: type, data: data, timestamp: time(captured), userId: user)
    }

    /// The store of the example: four deliveries, the third one late.
    static func exampleStore(_ kind: StoreKind) throws -> EntityDataManager {
        let clock = ManualClock(time("2024-03-01T18:00:00Z").epochMilliseconds)
        let manager = EntityDataManager(store: try kind.makeStore(), now: { clock.now })
        let deliveries: [(recorded: String, events: [Event])] = [
            ("2024-03-01T18:00:00Z", [event("h1-create", "h1", "create-group", [
                "name": "Household Banda", "village": "Kalamba",
                "members": [["guid": "p1", "name": "Ama Banda"]]], at: "2024-03-01T09:00:00Z", by: "collector-1")]),
            ("2024-03-05T18:00:00Z", [event("p1-phone", "p1", "update-individual", ["phone": "000 111"],
                                            at: "2024-03-05T10:00:00Z", by: "collector-1")]),
            ("2024-03-10T18:00:00Z", [
                event("h1-add-p2", "h1", "add-member", ["members": [["guid": "p2", "name": "Kofi Banda"]]],
                      at: "2024-03-03T11:00:00Z", by: "collector-7"),
                event("h1-move", "h1", "update-group", ["village": "Mpala"], at: "2024-03-03T11:05:00Z", by: "collector-7"),
            ]),
            ("2024-03-12T18:00:00Z", [event("p1-delete", "p1", "delete-entity", ["reason": "duplicate registration"],
                                            at: "2024-03-12T09:00:00Z", by: "officer-2")]),
        ]
        for delivery in deliveries {
            clock.set(time(delivery.recorded))
            #expect(try manager.submit(delivery.events).rejected == 0)
        }
        return manager
    }

    @Test("1–3: as of 4 March, as known now and as known on 6 March", arguments: StoreKind.allCases)
    func asOfAndKnownAt(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        let now = try manager.entity("h1", asOf: Self.time("2024-03-04T23:59:59.999Z"))
        #expect(now?.data["village"] == "Mpala")
        #expect(now?.memberIds == ["p1", "p2"])

        let knownThen = try manager.entity("h1", asOf: Self.time("2024-03-04T23:59:59.999Z"),
                                           knownAt: Self.time("2024-03-06T23:59:59.999Z"))
        #expect(knownThen?.data["village"] == "Kalamba")
        #expect(knownThen?.memberIds == ["p1"])
        #expect(try manager.entity("p2", asOf: Self.time("2024-03-04T23:59:59.999Z"),
                                   knownAt: Self.time("2024-03-06T23:59:59.999Z")) == nil)

        let p1 = try manager.entity("p1", asOf: Self.time("2024-03-06T23:59:59.999Z"),
                                    knownAt: Self.time("2024-03-06T23:59:59.999Z"))
        #expect(p1?.data["phone"] == "000 111")
        #expect(try manager.entity("p1", asOf: Self.time("2024-03-04T23:59:59.999Z"))?.data["phone"] == nil)
    }

    @Test("4–5: the household's history, as known now and as known on 6 March", arguments: StoreKind.allCases)
    func history(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        let entries = try manager.history(of: "h1")
        #expect(entries.map(\.version.eventGuids) == [["h1-create"], ["h1-add-p2"], ["h1-move"], ["p1-delete"]])
        #expect(entries.map { $0.events.map(\.event.userId) } == [["collector-1"], ["collector-7"], ["collector-7"], ["officer-2"]])
        #expect(entries.map { $0.version.recordedFrom.iso8601 } == [
            "2024-03-01T18:00:00.000Z", "2024-03-10T18:00:00.000Z", "2024-03-10T18:00:00.000Z", "2024-03-12T18:00:00.000Z"])
        #expect(entries[1].changes == [FieldChange(field: "memberIds", old: ["p1"], new: ["p1", "p2"])])
        #expect(entries[2].changes == [FieldChange(field: "data.village", old: "Kalamba", new: "Mpala")])
        #expect(entries[3].changes == [FieldChange(field: "memberIds", old: ["p1", "p2"], new: ["p2"])])

        let knownOn6March = try manager.history(of: "h1", knownAt: Self.time("2024-03-06T23:59:59.999Z"))
        #expect(knownOn6March.map(\.version.eventGuids) == [["h1-create"]])
    }

    @Test("an update that waited for its create shares the create's version, and history names both", arguments: StoreKind.allCases)
    func pendingEventsShareTheirUnblockersVersion(kind: StoreKind) throws {
        let manager = EntityDataManager(store: try kind.makeStore())
        try manager.submit([Self.event("u9", "p9", "update-individual", ["phone": "000 9"], at: "2024-03-01T09:00:00Z", by: "updater")])
        try manager.submit([Self.event("c9", "p9", "create-individual", ["name": "Esi"], at: "2024-03-01T10:00:00Z", by: "creator")])
        let history = try manager.history(of: "p9")
        #expect(history.map(\.version.eventGuids) == [["c9", "u9"]])
        #expect(history.first?.events.map(\.event.userId) == ["creator", "updater"])
        #expect(history.first?.version.step.guid == "c9")
        #expect(try manager.entity("p9", asOf: Self.time("2024-03-01T09:30:00Z")) == nil)
        #expect(try manager.entity("p9", asOf: Self.time("2024-03-01T10:00:00Z"))?.data["phone"] == "000 9")
    }

    @Test("6: what changed between 2 and 13 March", arguments: StoreKind.allCases)
    func diff(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        let diff = try manager.diff(from: Self.time("2024-03-02T23:59:59.999Z"), to: Self.time("2024-03-13T23:59:59.999Z"))
        #expect(diff.created.map(\.guid) == ["p2"])
        #expect(diff.deleted.map(\.guid) == ["p1"])
        #expect(diff.changed == [StateDiff.Change(guid: "h1", fields: [
            FieldChange(field: "memberIds", old: ["p1"], new: ["p2"]),
            FieldChange(field: "data.village", old: "Kalamba", new: "Mpala"),
        ])])
    }

    @Test("7–8: K earlier than T is allowed; T before the first event is the empty state", arguments: StoreKind.allCases)
    func edges(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        let knownEarly = try manager.entities(asOf: Self.time("2024-12-31T00:00:00Z"), knownAt: Self.time("2024-03-02T00:00:00Z"))
        #expect(knownEarly.map(\.guid) == ["h1", "p1"])
        #expect(knownEarly.first?.data["village"] == "Kalamba")

        let before = try manager.stateHash(asOf: Self.time("2024-02-01T00:00:00Z"))
        #expect(before.entities == 0)
        #expect(before.hash == Digest.sha256Hex(Array("[]".utf8)))
        #expect(try manager.entities(asOf: Self.time("2024-02-01T00:00:00Z")).isEmpty)
        #expect(try manager.history(of: "nobody").isEmpty)
    }

    @Test("9: a redacted value is gone from every past version, whatever K", arguments: StoreKind.allCases)
    func redactionReachesThePast(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        try manager.redact(eventGuid: "p1-phone", fields: ["phone"], reason: "retention", policyRun: "run-1", actor: "officer-2")
        for knownAt in [nil, Self.time("2024-03-06T00:00:00Z"), Self.time("2024-03-11T00:00:00Z")] {
            let p1 = try manager.entity("p1", asOf: Self.time("2024-03-06T00:00:00Z"), knownAt: knownAt)
            #expect(p1 != nil)
            #expect(p1?.data["phone"] == nil)
        }
        let everyVersion = try manager.store.read { try $0.everyVersion(of: "p1") }
        #expect(!everyVersion.isEmpty)
        #expect(!everyVersion.contains { String(decoding: $0.state ?? [], as: UTF8.self).contains("000 111") })
    }

    @Test("a store written before the version index existed gets it built on first use", arguments: StoreKind.allCases)
    func backfill(kind: StoreKind) throws {
        let manager = try Self.exampleStore(kind)
        let expected = try manager.history(of: "h1")
        try manager.store.write { transaction in
            try transaction.removeAllVersions()
            try transaction.setMetadata("history.backfill", "needed")  // what migration 3 writes
        }
        #expect(try manager.history(of: "h1") == expected)
        #expect(try manager.store.read { try $0.metadata("history.backfill") } == "done")
    }

    @Test("times: dates mean the end of the day, bad text names the accepted forms")
    func timeParsing() throws {
        #expect(try TimePoint.parse("2024-03-04", option: "--as-of") == Self.time("2024-03-04T23:59:59.999Z"))
        #expect(try TimePoint.parse("2024-03-04T10:00:00+02:00", option: "--as-of") == Self.time("2024-03-04T08:00:00Z"))
        #expect(try TimePoint.parse(" now ", option: "--known-at", now: { Self.time("2025-01-01T00:00:00Z") })
            == Self.time("2025-01-01T00:00:00Z"))
        for bad in ["yesterday", "2024-13-01", "2024-03-04 10:00", "", "04/03/2024", "2024-3-4"] {
            let error = #expect(throws: DataCollectError.self) { try TimePoint.parse(bad, option: "--as-of") }
            #expect(error?.code == .invalidTime)
            #expect(error?.field == "--as-of")
            #expect(error?.message.contains("2024-03-01T08:15:00Z") == true)
            #expect(error?.message.contains("now") == true)
        }
    }
}
