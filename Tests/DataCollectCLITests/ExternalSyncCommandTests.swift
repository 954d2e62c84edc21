import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

@Suite("external-sync command")
struct ExternalSyncCommandTests {
    static func config(records: JSONValue) -> String {
        let app: JSONValue = [
            "id": "t1", "name": "Registry",
            "externalSync": ["type": "mock-sync-server", "url": "http://unused.invalid",
                             "extraFields": [["name": "records", "value": .string(records.canonicalString)]]],
        ]
        return Scratch.write(app.canonicalString, "app.json")
    }

    @Test func pulledRecordsLandOnceAndRefusedOnesAreReported() async throws {
        let db = Scratch.path("external.sqlite")
        let good: JSONValue = [
            ["id": "r-1", "type": "create-individual", "data": ["name": "Person One"], "timestamp": "2024-01-01T08:00:00Z"],
            ["id": "r-2", "type": "create-individual", "data": ["name": "Person Two"], "timestamp": "2024-01-01T09:00:00Z"],
        ]
        let first = await datacollectAsync(["external-sync", "--db", db, "--config", Self.config(records: good), "--json"])
        #expect(first.exitCode == 0, "\(first.error)")
        let report = try JSONParser.parse(first.out)
        #expect(report["applied"]?.numberValue?.intValue == 2)
        let store = try SQLiteStore(path: db)
        let events = try store.read { try $0.events(afterSeq: 0, limit: 10) }
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.event.syncLevel == .external })
        let again = await datacollectAsync(["external-sync", "--db", db, "--config", Self.config(records: good), "--json"])
        #expect(again.exitCode == 0)
        #expect(try store.read { try $0.eventCount() } == 2)

        let bad: JSONValue = [["id": "r-3", "type": "create-individual", "data": ["name": "No Time"]]]
        let refused = await datacollectAsync(["external-sync", "--db", Scratch.path("other.sqlite"), "--config", Self.config(records: bad)])
        #expect(refused.exitCode == 2)
        let unknown: JSONValue = ["id": "t1", "name": "x", "externalSync": ["type": "openfn-adapter", "url": "http://x.invalid"]]
        let unknownType = await datacollectAsync(["external-sync", "--db", db, "--config", Scratch.write(unknown.canonicalString, "u.json")])
        #expect(unknownType.exitCode == 1)
        #expect(unknownType.error.contains("mock-sync-server"))
    }
}
