import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Synchronization
import Testing

/// `state`, `history`, `diff` and `state-hash --as-of` on the worked example of
/// `docs/TIME-TRAVEL.md` (the Banda household), built in a SQLite file with the library and
/// queried through the command line; every query leaves one audit entry without criteria values.
@Suite("TimeTravelCommand: state, history, diff, state-hash --as-of", .serialized)
struct TimeTravelCommandTests {
    /// A transaction-time clock the test moves between deliveries.
    final class DeliveryClock: Sendable {
        private let millis: Mutex<Int64>
        init(_ start: EventTimestamp) { millis = Mutex(start.epochMilliseconds) }
        var now: EventTimestamp { EventTimestamp(epochMilliseconds: millis.withLock { $0 }) }
        func set(_ time: EventTimestamp) { millis.withLock { $0 = time.epochMilliseconds } }
    }

    static func time(_ text: String) -> EventTimestamp { EventTimestamp(parsing: text)! }

    static func event(_ guid: String, _ entity: String, _ type: String, _ data: [String: JSONValue],
                      at captured: String, by user: String) -> Event {
        Event(guid: guid, entityGuid: entity, type: type, data: data, timestamp: time(captured), userId: user)
    }

    /// The example store (the deliveries of `TimeTravelExampleTests`, the third one late), in a new file.
    static func exampleStore() throws -> String {
        let db = Scratch.path("banda.sqlite")
        let clock = DeliveryClock(time("2024-03-01T18:00:00Z"))
        let manager = EntityDataManager(store: try SQLiteStore(path: db), now: { clock.now })
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
        return db
    }

    /// Runs a command that must succeed and parses its JSON output.
    static func json(_ arguments: String...) throws -> JSONValue {
        let result = datacollect(arguments)
        #expect(result.exitCode == 0, "\(arguments): \(result.error)")
        return try JSONParser.parse(result.out)
    }

    /// The `time-travel-query` entries of the store's audit trail, read with the library.
    static func queries(_ db: String) throws -> [AuditEntry] {
        let manager = EntityDataManager(store: try SQLiteStore(path: db))
        return try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: 10_000) }
            .map(\.entry).filter { $0.action == "time-travel-query" }
    }

    static func guids(_ list: JSONValue) -> [String] {
        (list.arrayValue ?? []).compactMap { $0["guid"]?.stringValue }
    }

    static func entity(_ guid: String, in list: JSONValue) -> JSONValue? {
        list.arrayValue?.first { $0["guid"] == .string(guid) }
    }

    static func strings(_ value: JSONValue?) -> [String]? {
        value?.arrayValue?.compactMap(\.stringValue)
    }

    static let emptyHash = Digest.sha256Hex(Array("[]".utf8))

    // MARK: state

    @Test func stateAsOfKnownNowHasTheLateBatch() throws {
        let db = try Self.exampleStore()
        let state = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--format", "json")
        #expect(Self.guids(state) == ["h1", "p1", "p2"])
        let h1 = Self.entity("h1", in: state)
        #expect(h1?["data"]?["village"] == "Mpala")
        #expect(Self.strings(h1?["memberIds"]) == ["p1", "p2"])
        #expect(h1?["version"] == 3)
        #expect(Self.entity("p1", in: state)?["data"]?["phone"] == nil, "the phone was captured on 5 March")
    }

    @Test func stateAsKnownOn6MarchHasNotSeenTheLateBatch() throws {
        let db = try Self.exampleStore()
        let state = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--known-at", "2024-03-06", "--format", "json")
        #expect(Self.guids(state) == ["h1", "p1"])
        let h1 = Self.entity("h1", in: state)
        #expect(h1?["data"]?["village"] == "Kalamba")
        #expect(Self.strings(h1?["memberIds"]) == ["p1"])
        #expect(Self.entity("p2", in: state) == nil)

        let p1 = try Self.json("state", "--db", db, "--as-of", "2024-03-06", "--known-at", "2024-03-06",
                               "--entity", "p1", "--format", "json")
        #expect(p1.arrayValue?.first?["data"]?["phone"] == "000 111")
    }

    @Test func stateOfOneEntity() throws {
        let db = try Self.exampleStore()
        let h1 = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--entity", "h1", "--format", "json")
        #expect(Self.guids(h1) == ["h1"])
        #expect(h1.arrayValue?.first?["data"]?["village"] == "Mpala")
        let p2 = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--known-at", "2024-03-06",
                               "--entity", "p2", "--format", "json")
        #expect(p2 == [], "p2 was not known on 6 March")
        let deleted = try Self.json("state", "--db", db, "--as-of", "2024-03-13", "--entity", "p1", "--format", "json")
        #expect(deleted == [], "p1 was deleted on 12 March")
        let filtered = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--entity", "h1",
                                     "--where", #"[{"village": "Kalamba"}]"#, "--format", "json")
        #expect(filtered == [], "--where applies to --entity too: h1 was in Mpala by then")
        let limited = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--entity", "h1", "--limit", "0", "--format", "json")
        #expect(limited == [])
    }

    @Test func stateWhereFiltersTheEntitiesAsOfT() throws {
        let db = try Self.exampleStore()
        let mpala = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--where", #"[{"village": "Mpala"}]"#,
                                  "--format", "json")
        #expect(Self.guids(mpala) == ["h1"])
        let knownEarly = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--known-at", "2024-03-06",
                                       "--where", #"[{"village": "Mpala"}]"#, "--format", "json")
        #expect(knownEarly == [])
        let individuals = try Self.json("state", "--db", db, "--as-of", "2024-03-13", "--where", #"[{"type": "individual"}]"#,
                                   "--format", "json")
        #expect(Self.guids(individuals) == ["p2"])
    }

    @Test func stateAsCSVAndTable() throws {
        let db = try Self.exampleStore()
        let csv = datacollect("state", "--db", db, "--as-of", "2024-03-04", "--format", "csv")
        #expect(csv.exitCode == 0)
        #expect(csv.out.hasPrefix("guid,type,name,version,lastUpdated,members\r\n"))
        #expect(csv.out.contains("h1,group,Household Banda,3,2024-03-03T11:05:00.000Z,2"))

        let limited = try Self.json("state", "--db", db, "--as-of", "2024-03-04", "--limit", "2", "--format", "json")
        #expect(Self.guids(limited) == ["h1", "p1"])

        let table = datacollect("state", "--db", db, "--as-of", "2024-03-04", "--known-at", "2024-03-06")
        #expect(table.exitCode == 0)
        #expect(table.out.contains("2 entities as of 2024-03-04T23:59:59.999Z, known at 2024-03-06T23:59:59.999Z"))
    }

    @Test func stateBeforeTheFirstEventIsEmptyAndKMayBeEarlierThanT() throws {
        let db = try Self.exampleStore()
        #expect(try Self.json("state", "--db", db, "--as-of", "2024-02-01", "--format", "json") == [])
        let knownEarly = try Self.json("state", "--db", db, "--as-of", "2024-12-31T00:00:00Z",
                                       "--known-at", "2024-03-02T00:00:00Z", "--format", "json")
        #expect(Self.guids(knownEarly) == ["h1", "p1"])
        #expect(Self.entity("h1", in: knownEarly)?["data"]?["village"] == "Kalamba")
    }

    // MARK: history

    @Test func historyOfTheHousehold() throws {
        let db = try Self.exampleStore()
        let history = try Self.json("history", "h1", "--db", db, "--json")
        let entries = history.arrayValue ?? []
        #expect(entries.count == 4)
        #expect(entries.map { $0["events"]?.arrayValue?.first?["guid"]?.stringValue } == ["h1-create", "h1-add-p2", "h1-move", "p1-delete"])
        #expect(entries.map { $0["events"]?.arrayValue?.first?["userId"]?.stringValue } == ["collector-1", "collector-7", "collector-7", "officer-2"])
        #expect(entries.map { $0["events"]?.arrayValue?.count } == [1, 1, 1, 1])
        #expect(entries.map { $0["recordedAt"]?.stringValue } == [
            "2024-03-01T18:00:00.000Z", "2024-03-10T18:00:00.000Z", "2024-03-10T18:00:00.000Z", "2024-03-12T18:00:00.000Z"])
        #expect(entries.map { $0["validFrom"]?.stringValue } == [
            "2024-03-01T09:00:00.000Z", "2024-03-03T11:00:00.000Z", "2024-03-03T11:05:00.000Z", "2024-03-12T09:00:00.000Z"])
        #expect(entries.map { $0["deleted"] } == [false, false, false, false])
        #expect(entries.count == 4 && entries[1]["changes"] == [["field": "memberIds", "old": ["p1"], "new": ["p1", "p2"]]])
        #expect(entries.count == 4 && entries[2]["changes"] == [["field": "data.village", "old": "Kalamba", "new": "Mpala"]])
        #expect(entries.count == 4 && entries[3]["changes"] == [["field": "memberIds", "old": ["p1", "p2"], "new": ["p2"]]])

        let text = datacollect("history", "h1", "--db", db)
        #expect(text.exitCode == 0)
        #expect(text.out.contains("data.village: \"Kalamba\" → \"Mpala\""))
        #expect(text.out.contains("4 versions, known at now"))
    }

    @Test func historyAsKnownOn6March() throws {
        let db = try Self.exampleStore()
        let history = try Self.json("history", "h1", "--db", db, "--known-at", "2024-03-06", "--json")
        #expect(history.arrayValue?.map { $0["events"]?.arrayValue?.first?["guid"]?.stringValue } == ["h1-create"])
        let text = datacollect("history", "h1", "--db", db, "--known-at", "2024-03-06")
        #expect(text.out.contains("1 versions, known at 2024-03-06T23:59:59.999Z"))

        let p1 = try Self.json("history", "p1", "--db", db, "--json").arrayValue ?? []
        #expect(p1.last?["events"]?.arrayValue?.first?["guid"] == "p1-delete")
        #expect(p1.last?["deleted"] == true)
    }

    // MARK: diff

    @Test func diffBetween2And13March() throws {
        let db = try Self.exampleStore()
        let diff = try Self.json("diff", "--db", db, "--from", "2024-03-02", "--to", "2024-03-13", "--json")
        #expect(Self.guids(diff["created"] ?? []) == ["p2"])
        #expect(Self.guids(diff["deleted"] ?? []) == ["p1"])
        #expect(diff["changed"] == [["guid": "h1", "fields": [
            ["field": "memberIds", "old": ["p1"], "new": ["p2"]],
            ["field": "data.village", "old": "Kalamba", "new": "Mpala"],
        ]]])

        let knownOn6March = try Self.json("diff", "--db", db, "--from", "2024-03-02", "--to", "2024-03-13",
                                          "--known-at", "2024-03-06", "--json")
        #expect(knownOn6March["created"] == [])
        #expect(knownOn6March["deleted"] == [])
        #expect(knownOn6March["changed"] == [["guid": "p1", "fields": [["field": "data.phone", "new": "000 111"]]]])

        let text = datacollect("diff", "--db", db, "--from", "2024-03-02", "--to", "2024-03-13")
        #expect(text.out.contains("1 created, 1 changed, 1 deleted"))
    }

    // MARK: state-hash

    @Test func stateHashAsOf() throws {
        let db = try Self.exampleStore()
        let before = try Self.json("state-hash", "--db", db, "--as-of", "2024-02-01", "--json")
        #expect(before["entities"] == 0)
        #expect(before["stateHash"] == .string(Self.emptyHash))
        #expect(before["events"] == 5)

        let plain = try Self.json("state-hash", "--db", db, "--json")
        let future = try Self.json("state-hash", "--db", db, "--as-of", "2999-12-31", "--json")
        #expect(plain["entities"] == 2)
        #expect(plain["stateHash"] == "50e46e4276e2cbcb84a0f592e68e8f619351a9d3609d9204669bf46baab5d419",
                "the hash docs/TIME-TRAVEL.md quotes (question 8)")
        #expect(future == plain)
        let knownNow = try Self.json("state-hash", "--db", db, "--known-at", "now", "--json")
        #expect(knownNow == plain)

        let early = try Self.json("state-hash", "--db", db, "--as-of", "2024-03-04", "--known-at", "2024-03-06", "--json")
        #expect(early["entities"] == 2)
        #expect(early["stateHash"] != plain["stateHash"])
    }

    // MARK: bad input

    struct BadTime: Sendable, CustomTestStringConvertible {
        let option: String
        let arguments: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badTimes: [BadTime] = [
        BadTime(option: "--as-of", arguments: ["state", "--as-of", "yesterday"]),
        BadTime(option: "--known-at", arguments: ["state", "--as-of", "2024-03-04", "--known-at", "04/03/2024"]),
        BadTime(option: "--known-at", arguments: ["history", "h1", "--known-at", "2024-13-01"]),
        BadTime(option: "--from", arguments: ["diff", "--from", "yesterday", "--to", "2024-03-13"]),
        BadTime(option: "--to", arguments: ["diff", "--from", "2024-03-02", "--to", "2024-03-13 10:00"]),
        BadTime(option: "--as-of", arguments: ["state-hash", "--as-of", "yesterday"]),
        BadTime(option: "--known-at", arguments: ["state-hash", "--known-at", "2024-3-4"]),
    ]

    @Test(arguments: badTimes)
    func aBadTimeIsAUsageErrorNamingTheAcceptedFormsAndIsNotAudited(_ bad: BadTime) throws {
        let db = try Self.exampleStore()
        let result = datacollect(bad.arguments + ["--db", db])
        #expect(result.exitCode == 1)
        #expect(result.error.contains("INVALID_TIME (\(bad.option))"), "\(result.error)")
        #expect(result.error.contains("2024-03-01T08:15:00Z"))
        #expect(result.error.contains("now"))
        #expect(result.out.isEmpty)
        #expect(try Self.queries(db).isEmpty)
    }

    @Test func anEntityWithoutHistoryIsNotFound() throws {
        let db = try Self.exampleStore()
        let result = datacollect("history", "nobody", "--db", db)
        #expect(result.exitCode == 4)
        #expect(result.error.contains("ENTITY_NOT_FOUND") || result.error.contains("No entity"))
        #expect(datacollect("history", "p2", "--db", db, "--known-at", "2024-03-06").exitCode == 4,
                "p2 had no history as known on 6 March")
    }

    @Test func badCriteriaAreAUsageErrorAndNotAudited() throws {
        let db = try Self.exampleStore()
        let notJSON = datacollect("state", "--db", db, "--as-of", "2024-03-04", "--where", "not json")
        #expect(notJSON.exitCode == 1)
        #expect(notJSON.error.contains("--where"))
        let notAList = datacollect("state", "--db", db, "--as-of", "2024-03-04", "--where", #"{"village": "Mpala"}"#)
        #expect(notAList.exitCode == 1)
        #expect(!notAList.error.contains("Mpala"), "errors never repeat criteria values")
        #expect(try Self.queries(db).isEmpty)
    }

    // MARK: audit

    @Test func aStateQueryIsAuditedWithoutItsCriteriaValues() throws {
        let db = try Self.exampleStore()
        let criteria = #"[{"village": "Mpala"}]"#
        let result = datacollect("state", "--db", db, "--as-of", "2024-03-04", "--where", criteria,
                                 "--user", "auditor-9", "--format", "json")
        #expect(result.exitCode == 0)
        let entries = try Self.queries(db)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.userId == "auditor-9")
        #expect(entry.changes["query"] == "state")
        #expect(entry.changes["asOf"] == "2024-03-04T23:59:59.999Z")
        #expect(entry.changes["knownAt"] == "now")
        #expect(entry.changes["criteriaFields"] == ["village"])
        #expect(entry.changes["criteriaSHA256"] == .string(Digest.sha256Hex(Array(criteria.utf8))))
        #expect(!entry.jsonValue.canonicalString.contains("Mpala"))
        #expect(!entry.jsonValue.canonicalString.lowercased().contains("mpala"))
    }

    @Test func everyKindOfQueryLeavesExactlyOneEntry() throws {
        let db = try Self.exampleStore()
        let runs: [(user: String, arguments: [String], changes: JSONValue, entity: String)] = [
            ("auditor-state", ["state", "--as-of", "2024-03-04", "--known-at", "2024-03-06", "--entity", "h1"],
             ["query": "state", "asOf": "2024-03-04T23:59:59.999Z", "knownAt": "2024-03-06T23:59:59.999Z"], "h1"),
            ("auditor-history", ["history", "h1", "--known-at", "2024-03-06T12:00:00+02:00"],
             ["query": "history", "knownAt": "2024-03-06T10:00:00.000Z"], "h1"),
            ("auditor-diff", ["diff", "--from", "2024-03-02", "--to", "2024-03-13"],
             ["query": "diff", "from": "2024-03-02T23:59:59.999Z", "to": "2024-03-13T23:59:59.999Z", "knownAt": "now"], ""),
            ("auditor-hash", ["state-hash", "--as-of", "2024-02-01"],
             ["query": "state-hash", "asOf": "2024-02-01T23:59:59.999Z", "knownAt": "now"], ""),
        ]
        for run in runs {
            #expect(datacollect(run.arguments + ["--db", db, "--user", run.user]).exitCode == 0)
        }
        #expect(datacollect("state-hash", "--db", db).exitCode == 0, "the plain state hash is no time-travel query")
        let entries = try Self.queries(db)
        #expect(entries.count == runs.count)
        for run in runs {
            let mine = entries.filter { $0.userId == run.user }
            #expect(mine.count == 1, "\(run.user)")
            #expect(mine.first?.changes == run.changes, "\(run.user)")
            #expect(mine.first?.entityGuid == run.entity, "\(run.user)")
        }
    }

    // MARK: redaction

    @Test func aRedactedValueIsGoneFromThePastWhateverK() throws {
        let db = try Self.exampleStore()
        let redacted = datacollect("redact", "p1-phone", "--db", db, "--field", "phone", "--reason", "retention",
                                   "--policy-run", "run-1", "--user", "officer-2")
        #expect(redacted.exitCode == 0, "\(redacted.error)")
        for knownAt in ["now", "2024-03-06", "2024-03-11"] {
            let p1 = try Self.json("state", "--db", db, "--as-of", "2024-03-06", "--known-at", knownAt,
                                   "--entity", "p1", "--format", "json")
            #expect(Self.guids(p1) == ["p1"], "known at \(knownAt)")
            #expect(p1.arrayValue?.first?["data"]?["phone"] == nil, "known at \(knownAt)")
        }
        let history = datacollect("history", "p1", "--db", db, "--json")
        #expect(history.exitCode == 0)
        #expect(!history.out.contains("000 111"))
        let diff = datacollect("diff", "--db", db, "--from", "2024-03-02", "--to", "2024-03-06", "--known-at", "2024-03-06", "--json")
        #expect(!diff.out.contains("000 111"))
    }
}
