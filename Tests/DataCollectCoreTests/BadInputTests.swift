import DataCollectCore
import DataCollectIntegrity
import Testing

/// Every malformed record gets a clear typed error; the store is unchanged for it while the
/// valid records of the same batch land.
@Suite("Bad input is rejected clearly and nothing valid is lost", .serialized)
struct BadInputTests {
    static let valid: JSONValue = [
        "guid": "ok-1", "entityGuid": "p-ok", "type": "create-individual",
        "data": ["name": "Valid Person"], "timestamp": "2024-01-01T00:00:00Z", "userId": "u1",
    ]

    static func with(_ key: String, _ value: JSONValue?) -> JSONValue {
        var object = valid.objectValue ?? [:]
        object[key] = value
        object["guid"] = key == "guid" ? value : .string("bad-\(key)")
        return .object(object)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let record: JSONValue
        let code: DataCollectError.Code
        let field: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "missing guid", record: with("guid", nil), code: .invalidForm, field: "guid"),
        Case(name: "empty guid", record: with("guid", ""), code: .invalidForm, field: "guid"),
        Case(name: "guid with SQL characters", record: with("guid", "x'; DROP TABLE events;--"), code: .invalidForm, field: "guid"),
        Case(name: "missing entityGuid", record: with("entityGuid", nil), code: .invalidForm, field: "entityGuid"),
        Case(name: "numeric type", record: with("type", 5), code: .invalidForm, field: "type"),
        Case(name: "missing data", record: with("data", nil), code: .invalidForm, field: "data"),
        Case(name: "empty data", record: with("data", [:]), code: .invalidForm, field: "data"),
        Case(name: "data is an array", record: with("data", [1, 2]), code: .invalidForm, field: "data"),
        Case(name: "missing userId", record: with("userId", nil), code: .invalidForm, field: "userId"),
        Case(name: "missing timestamp", record: with("timestamp", nil), code: .invalidForm, field: "timestamp"),
        Case(name: "epoch timestamp", record: with("timestamp", "1623456789"), code: .invalidForm, field: "timestamp"),
        Case(name: "timestamp without zone", record: with("timestamp", "2024-01-01T00:00:00"), code: .invalidForm, field: "timestamp"),
        Case(name: "impossible date", record: with("timestamp", "2023-02-29T00:00:00Z"), code: .invalidForm, field: "timestamp"),
        Case(name: "sub-millisecond timestamp", record: with("timestamp", "2024-01-01T00:00:00.0001Z"), code: .invalidForm, field: "timestamp"),
        Case(name: "syncLevel 7", record: with("syncLevel", 7), code: .invalidForm, field: "syncLevel"),
        Case(name: "unknown type", record: with("type", "launch-rockets"), code: .unknownEventType, field: "type"),
        Case(name: "not an object", record: "just a string", code: .invalidForm, field: nil),
        Case(name: "10 MB field", record: with("data", ["photo": .string(String(repeating: "A", count: 10 << 20))]),
             code: .invalidForm, field: "data"),
        Case(name: "add-member without members",
             record: .object((with("type", "add-member").objectValue ?? [:]).merging(["data": ["x": 1]]) { $1 }),
             code: .invalidMemberData, field: "data.members"),
        Case(name: "remove-member without memberId",
             record: .object((with("type", "remove-member").objectValue ?? [:]).merging(["data": ["x": 1]]) { $1 }),
             code: .invalidMemberData, field: "data.memberId"),
        Case(name: "household-exited with an impossible exitDate",
             record: .object((with("type", "household-exited").objectValue ?? [:]).merging(["data": ["exitDate": "2023-02-29"]]) { $1 }),
             code: .invalidForm, field: "data.exitDate"),
        Case(name: "household-exited with a misspelt field",
             record: .object((with("type", "household-exited").objectValue ?? [:]).merging(["data": ["exitdate": "2024-06-30"]]) { $1 }),
             code: .invalidForm, field: "data.exitdate"),
        Case(name: "household-exited with a numeric reason",
             record: .object((with("type", "household-exited").objectValue ?? [:]).merging(["data": ["reason": 3]]) { $1 }),
             code: .invalidForm, field: "data.reason"),
    ]

    @Test("each malformed record is rejected with its code and field; the valid one lands",
          arguments: cases, StoreKind.allCases)
    func rejected(_ bad: Case, kind: StoreKind) throws {
        let manager = try kind.makeManager()
        let report = try manager.submit(json: [bad.record, Self.valid])
        #expect(report.items.count == 2)
        guard case .rejected(let error)? = report.items.first?.outcome else {
            Issue.record("\(bad.name) was not rejected: \(report.items)")
            return
        }
        #expect(error.code == bad.code)
        #expect(error.field == bad.field)
        #expect(!error.message.isEmpty)
        #expect(!error.message.contains("DROP TABLE"), "messages never echo input values")
        #expect(try manager.events().events.map(\.event.guid) == ["ok-1"])
        #expect(try manager.modified("p-ok").name == "Valid Person")
    }

    @Test("the same guid with different content is a reported conflict, never an overwrite",
          arguments: StoreKind.allCases)
    func duplicateGuidConflict(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("same", "p", "create-individual", ["name": "First"]))
        let again = try manager.submit([event("same", "p", "create-individual", ["name": "First"])])
        #expect(again.alreadyPresent == 1)
        let conflicting = try manager.submit([event("same", "p", "create-individual", ["name": "Second"])])
        #expect(conflicting.conflicts == 1)
        #expect(try manager.modified("p").name == "First")
        #expect(try manager.events().events.count == 1)
    }

    @Test("syncLevel is not part of an event's identity", arguments: StoreKind.allCases)
    func syncLevelIgnoredForIdentity(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(event("e", "p", "create-individual", ["name": "P"], syncLevel: .local))
        let report = try manager.submit([event("e", "p", "create-individual", ["name": "P"], syncLevel: .remote)])
        #expect(report.alreadyPresent == 1)
    }

    @Test("accepted timestamp forms normalise to UTC milliseconds")
    func timestampForms() throws {
        let forms = [
            "2024-03-01T08:15:00Z", "2024-03-01T08:15:00.000Z", "2024-03-01T10:15:00+02:00",
            "2024-03-01T10:15:00+0200", "2024-03-01T03:15:00-05:00", "2024-03-01T08:15:00.000000000Z",
        ]
        for form in forms {
            #expect(EventTimestamp(parsing: form)?.iso8601 == "2024-03-01T08:15:00.000Z", "\(form)")
        }
        #expect(EventTimestamp(parsing: "2024-02-29T23:59:59.5Z")?.iso8601 == "2024-02-29T23:59:59.500Z")
        #expect(EventTimestamp(parsing: "1970-01-01T00:00:00Z")?.epochMilliseconds == 0)
        #expect(EventTimestamp(parsing: "1969-12-31T23:59:59.999Z")?.epochMilliseconds == -1)
        for bad in ["", "2024-03-01", "2024-03-01 08:15:00Z", "2024-13-01T00:00:00Z", "2024-03-01T24:00:00Z", "yesterday"] {
            #expect(EventTimestamp(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("a failing batch leaves the store unchanged (one transaction)")
    func transactionAtomicity() throws {
        let store = try StoreKind.sqlite.makeStore()
        let manager = EntityDataManager(store: store)
        try manager.submitAll(event("e1", "p", "create-individual", ["name": "P"]))
        let before = try manager.stateHash()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { transaction in
                _ = try transaction.append(event("e2", "q", "create-individual", ["name": "Q"]), recordedAt: EventTimestamp(epochMilliseconds: 0))
                throw Boom()
            }
        }
        #expect(try manager.stateHash() == before)
        #expect(try manager.events().events.count == 1)
    }
}
