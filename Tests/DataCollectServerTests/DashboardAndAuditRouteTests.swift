import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import Foundation
import HTTPTypes
import Testing

@Suite("Dashboards, duplicates and the audit trail over HTTP")
struct DashboardAndAuditRouteTests {
    @Test(arguments: ServerStorage.allCases)
    func pushedAuditEntriesAreKeptUnderTheDeliveringAccount(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let collector = accounts.token(.collector)
            let collectorId = try #require(try await api.call(.get, "/api/users/me", token: collector).json?["id"]?.numberValue?.intValue)
            let entry: JSONValue = [
                "guid": "client-a-1", "timestamp": "2024-02-01T10:00:00Z", "userId": "admin", "action": "viewed-household",
                "eventGuid": "", "entityGuid": "h1", "changes": ["screen": "summary"],
            ]
            let pushed = try await api.call(.post, "/api/sync/push/audit-logs", token: collector,
                                            json: ["configId": "alpha", "auditLogs": [entry, entry]])
            #expect(pushed.status == .ok)
            #expect(pushed.json?["appended"]?.numberValue?.intValue == 1)
            let again = try await api.call(.post, "/api/sync/push/audit-logs", token: collector,
                                           json: ["configId": "alpha", "auditLogs": [entry]])
            #expect(again.json?["appended"]?.numberValue?.intValue == 0)

            let legacy = try await api.call(.get, "/api/sync/pull/audit-logs?configId=alpha", token: accounts.token(.auditor))
            let kept = try #require(legacy.json?.arrayValue?.first { $0["action"]?.stringValue == "client:viewed-household" })
            #expect(kept["userId"]?.stringValue == "user:\(collectorId)")
            #expect(kept["changes"]?["claimedUserId"]?.stringValue == "admin")
            let future = try await api.call(.get, "/api/sync/pull/audit-logs?configId=alpha&since=2999-01-01T00:00:00Z",
                                            token: accounts.token(.auditor))
            #expect(future.json?.arrayValue?.isEmpty == true)
            let badSince = try await api.call(.get, "/api/sync/pull/audit-logs?configId=alpha&since=yesterday", token: collector)
            #expect(badSince.status == .badRequest)

            _ = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: collector,
                                   json: ["events": [wireEvent("e1", entity: "p1", minute: 1)]])
            let page = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&limit=1", token: collector)
            #expect(page.json?["entries"]?.arrayValue?.count == 1)
            #expect(page.json?["hasMore"] == .bool(true))
            // Entries travel with their seals (the client's pushed entry has changes to seal).
            let all = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&limit=1000", token: collector)
            let pushedEntry = try #require(all.json?["entries"]?.arrayValue?.first { $0["entry"]?["action"]?.stringValue == "client:viewed-household" })
            #expect(pushedEntry["seals"]?.arrayValue?.isEmpty == false)
            // The pushed entry is sealed like every other: the trail still verifies.
            let verified = try await api.call(.get, "/api/v2/verify?configId=alpha", token: accounts.token(.auditor))
            #expect(verified.json?["intact"] == .bool(true))
            // Filtered by action: only those entries, and the cursor moves past the others read.
            let trail = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&limit=1000", token: collector)
            let lastSeq = try #require(trail.json?["entries"]?.arrayValue?.last?["seq"]?.numberValue?.intValue)
            let pushes = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&action=client:viewed-household&limit=5",
                                            token: collector)
            let matching = try #require(pushes.json?["entries"]?.arrayValue)
            #expect(matching.count == 1 && matching.allSatisfy { $0["entry"]?["action"]?.stringValue == "client:viewed-household" })
            #expect(pushes.json?["nextCursor"]?.numberValue?.intValue == lastSeq && pushes.json?["hasMore"] == .bool(false))
            let none = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&action=redact-event", token: collector)
            #expect(none.json?["entries"]?.arrayValue?.isEmpty == true)
            for bad in ["", String(repeating: "a", count: 65)] {
                let refused = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&action=\(bad)", token: collector)
                #expect(refused.status == .badRequest && refused.json?["error"]?["field"]?.stringValue == "action")
            }
            let missingAction = try await api.call(.post, "/api/sync/push/audit-logs", token: collector,
                                                   json: ["configId": "alpha", "auditLogs": [["guid": "x"]]])
            #expect(missingAction.status == .unprocessableContent)
            #expect(missingAction.json?["error"]?["field"]?.stringValue == "auditLogs[0].action")
        }
    }

    @Test func dashboardsListCountAndResolve() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let admin = accounts.token(.admin)
            func person(_ guid: String, _ entity: String, minute: Int) -> JSONValue {
                [
                    "guid": .string(guid), "entityGuid": .string(entity), "type": "create-individual",
                    "data": ["name": "Test Person", "dateOfBirth": "1990-01-01", "entityName": "member"],
                    "timestamp": .string("2024-01-01T00:0\(minute):00Z"), "userId": "device", "syncLevel": 0,
                ]
            }
            _ = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: accounts.token(.collector),
                                   json: ["events": [person("e1", "p1", minute: 1), person("e2", "p2", minute: 2)]])
            let counts = try await api.call(.get, "/api/entities/count-by-form?configId=alpha", token: admin)
            #expect(counts.json?["member"]?.numberValue?.intValue == 2)
            let list = try await api.call(.get, "/api/entities?configId=alpha&limit=1", token: admin)
            #expect(list.json?.arrayValue?.map { $0["guid"]?.stringValue } == ["p2"])
            let events = try await api.call(.get, "/api/entities/p1/events?configId=alpha", token: admin)
            #expect(events.json?.arrayValue?.map { $0["guid"]?.stringValue } == ["e1"])

            // Pulled pages report the count (read once per change of the logs, not per page).
            func reportedCount() async throws -> Int? {
                try await api.call(.get, "/api/v2/sync/pull?configId=alpha&limit=1", token: accounts.token(.collector))
                    .json?["potentialDuplicates"]?.numberValue?.intValue
            }
            #expect(try await reportedCount() == 1)
            #expect(try await reportedCount() == 1)
            let pairs = try await api.call(.get, "/api/potential-duplicates?configId=alpha", token: admin)
            let pair = try #require(pairs.json?.arrayValue?.first)
            let resolved = try await api.call(.post, "/api/potential-duplicates/resolve", token: admin, json: [
                "configId": "alpha", "newItem": pair["entityGuid"] ?? .null, "existingItem": pair["duplicateGuid"] ?? .null,
                "shouldDeleteNewItem": false,
            ])
            #expect(resolved.status == .ok)
            #expect(try await api.call(.get, "/api/potential-duplicates?configId=alpha", token: admin).json?.arrayValue?.isEmpty == true)
            #expect(try await reportedCount() == 0, "the resolution is seen by the next pull")
            let notBoolean = try await api.call(.post, "/api/potential-duplicates/resolve", token: admin, json: [
                "configId": "alpha", "newItem": "p1", "existingItem": "p2", "shouldDeleteNewItem": "no",
            ])
            #expect(notBoolean.status == .unprocessableContent)
        }
    }
}
