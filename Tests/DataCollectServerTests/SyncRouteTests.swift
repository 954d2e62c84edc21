import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import HTTPTypes
import Testing

@Suite("Sync over HTTP: push answers per event, pull pages by seq")
struct SyncRouteTests {
    @Test(arguments: ServerStorage.allCases)
    func pushAnswersEveryEventAndRecordsTheAuthenticatedAuthor(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let collector = accounts.token(.collector)
            let first = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: collector, json: [
                "events": [wireEvent("e1", entity: "p1", minute: 1, userId: "someone-else"), wireEvent("e2", entity: "p2", minute: 2)],
            ])
            #expect(first.status == .ok)
            #expect(first.json?["accepted"]?.numberValue?.intValue == 2)

            var conflicting = wireEvent("e2", entity: "p2", minute: 2)
            conflicting = conflicting.replacing("data", with: ["name": "Changed"])
            let second = try await api.call(.post, "/api/v2/sync/push", token: collector, json: [
                "configId": "alpha",
                "events": [wireEvent("e1", entity: "p1", minute: 1, userId: "someone-else"), conflicting,
                           ["guid": "e3", "type": "create-individual"], wireEvent("e4", entity: "p4", minute: 4)],
            ])
            #expect(second.status == .ok)
            let results = try #require(second.json?["results"]?.arrayValue)
            #expect(results.map { $0["result"]?.stringValue } == ["duplicate", "conflict", "rejected", "accepted"])
            #expect(results[2]["error"]?["code"]?.stringValue == "INVALID_FORM")
            #expect(results[1]["error"]?["code"]?.stringValue == "DUPLICATE_EVENT_GUID")

            // The audit trail names the account that delivered e1, and keeps the claimed author.
            let collectorId = try #require(try await api.call(.get, "/api/users/me", token: collector).json?["id"]?.numberValue?.intValue)
            let store = try fixture.tenantStore("alpha")
            let receipts = try store.read { try $0.auditEntries(eventGuid: "e1") }.filter { $0.entry.action == "sync-receive" }
            #expect(receipts.count == 1)
            #expect(receipts.first?.entry.userId == "user:\(collectorId)")
            #expect(receipts.first?.entry.changes["claimedUserId"]?.stringValue == "someone-else")
            // Nothing reached the other tenant.
            #expect(try fixture.tenantStore("beta").read { try $0.eventCount() } == 0)
        }
    }

    @Test(arguments: ServerStorage.allCases)
    func pullPagesBySeqWithoutSkippingLateArrivalsOrEqualTimestamps(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let collector = accounts.token(.collector)
            // Five events at the same minute, then a late one with an older timestamp.
            let sameTime = (1...5).map { wireEvent("same-\($0)", entity: "p\($0)", minute: 30) }
            _ = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: collector, json: ["events": .array(sameTime)])
            var pulled: [String] = []
            var cursor = 0
            var pages = 0
            repeat {
                let page = try await api.call(.get, "/api/v2/sync/pull?configId=alpha&after=\(cursor)&limit=2", token: collector)
                #expect(page.status == .ok)
                let events = try #require(page.json?["events"]?.arrayValue)
                pulled += events.compactMap { $0["event"]?["guid"]?.stringValue }
                cursor = try #require(page.json?["nextCursor"]?.numberValue?.intValue)
                pages += 1
                if page.json?["hasMore"] == .bool(false) {
                    // The late event arrives after the client has read the last page.
                    if !pulled.contains("late") {
                        _ = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: collector,
                                               json: ["events": [wireEvent("late", entity: "p9", minute: 0)]])
                        continue
                    }
                    break
                }
            } while pages < 20
            #expect(pulled == ["same-1", "same-2", "same-3", "same-4", "same-5", "late"])
            // Sealed records carry what a client needs to recompute each leaf.
            let page = try await api.call(.get, "/api/v2/sync/pull?configId=alpha&limit=1", token: collector)
            let record = try #require(page.json?["events"]?.arrayValue?.first)
            #expect(record["seals"]?.arrayValue?.first?["salt"]?.stringValue?.count == 32)  // 16 random bytes, hex
        }
    }

    @Test(arguments: ServerStorage.allCases)
    func legacyRoutesKeepTheExistingShapesWithoutLosingEvents(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let collector = accounts.token(.collector)
            let push = try await api.call(.post, "/api/sync/push", token: collector, json: [
                "configId": "alpha", "events": [wireEvent("a", entity: "p1", minute: 5), ["guid": "bad"]],
            ])
            #expect(push.json?["status"]?.stringValue == "partial")
            #expect(push.json?["rejected"]?.numberValue?.intValue == 1)
            _ = try await api.call(.post, "/api/sync/push", token: collector, json: [
                "configId": "alpha", "events": .array((1...3).map { wireEvent("b\($0)", entity: "q\($0)", minute: 1) }),
            ])
            var cursor = ""
            var guids: [String] = []
            for _ in 0..<10 {
                let page = try await api.call(.get, "/api/sync/pull?configId=alpha&limit=2&since=\(cursor)", token: collector)
                guids += page.json?["events"]?.arrayValue?.compactMap { $0["guid"]?.stringValue } ?? []
                guard let next = page.json?["nextCursor"]?.stringValue else { break }
                cursor = next
            }
            #expect(guids == ["a", "b1", "b2", "b3"])
        }
    }

    @Test(arguments: ServerStorage.allCases)
    func checkpointsProofsAndVerificationOverHTTP(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let collector = accounts.token(.collector), auditor = accounts.token(.auditor)
            _ = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: collector,
                                   json: ["events": .array((1...7).map { wireEvent("e\($0)", entity: "p\($0)", minute: $0) })])
            let signed = try await api.call(.post, "/api/v2/checkpoints?configId=alpha", token: collector)
            #expect(signed.status == .ok)
            let checkpoint = try #require(signed.json?["checkpoint"])
            #expect(checkpoint["treeSize"]?.numberValue?.intValue == 7)
            let verifierKey = try #require(signed.json?["verifierKey"]?.stringValue)
            let note = try #require(checkpoint["note"]?.stringValue)
            let signedNote = try SignedNote(parsing: note)
            try NoteVerifier(verifierKey: verifierKey).verify(signedNote)
            let body = try Checkpoint(body: signedNote.text)
            // Signing again without new events returns the same checkpoint.
            let again = try await api.call(.post, "/api/v2/checkpoints?configId=alpha", token: collector)
            #expect(again.json?["checkpoint"]?["note"]?.stringValue == note)

            let proof = try await api.call(.get, "/api/v2/proofs/e3?configId=alpha&size=7", token: auditor)
            #expect(proof.status == .ok)
            let path = try #require(proof.json?["auditPath"]?.arrayValue).compactMap { $0.stringValue.flatMap { [UInt8](hex: $0) } }
            let leafHash = try #require(proof.json?["leafHash"]?.stringValue.flatMap { [UInt8](hex: $0) })
            let index = try #require(proof.json?["leafIndex"]?.numberValue?.intValue)
            try MerkleVerification.verifyInclusion(leafHash: leafHash, index: UInt64(index), size: 7, proof: path, root: body.rootHash)

            // The audit log has checkpoints and consistency proofs of its own (`log=audit`).
            let audit = try await api.call(.post, "/api/v2/checkpoints?configId=alpha&log=audit", token: collector)
            let auditNote = try SignedNote(parsing: try #require(audit.json?["checkpoint"]?["note"]?.stringValue))
            try NoteVerifier(verifierKey: verifierKey).verify(auditNote)
            let auditBody = try Checkpoint(body: auditNote.text)
            #expect(auditBody.origin.hasSuffix("/audit") && auditBody.size > 7)
            _ = try await api.call(.get, "/api/v2/entities/p1?configId=alpha", token: auditor)  // one more audit entry
            let grown = try Checkpoint(body: try SignedNote(parsing: try #require(
                try await api.call(.post, "/api/v2/checkpoints?configId=alpha&log=audit", token: collector)
                    .json?["checkpoint"]?["note"]?.stringValue)).text)
            let consistency = try await api.call(.get, "/api/v2/consistency?configId=alpha&log=audit&from=\(auditBody.size)&to=\(grown.size)",
                                                 token: collector)
            let hashes = try #require(consistency.json?["proof"]?.arrayValue).compactMap { $0.stringValue.flatMap { [UInt8](hex: $0) } }
            try MerkleVerification.verifyConsistency(from: auditBody.size, to: grown.size, proof: hashes,
                                                     fromRoot: auditBody.rootHash, toRoot: grown.rootHash)
            // Filtered audit pulls with proofSize stop at that size; the cursor at its last entry.
            let covered = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&action=redact-event&proofSize=\(auditBody.size)",
                                             token: collector)
            let coveredTrail = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&limit=\(auditBody.size)", token: collector)
            #expect(covered.json?["nextCursor"] == coveredTrail.json?["nextCursor"] && covered.json?["hasMore"] == .bool(false))
            let tooLarge = try await api.call(.get, "/api/v2/sync/pull/audit?configId=alpha&action=redact-event&proofSize=\(grown.size + 1_000)",
                                              token: collector)
            #expect(tooLarge.status == .unprocessableContent && tooLarge.json?["error"]?["field"]?.stringValue == "proofSize")
            let badLog = try await api.call(.post, "/api/v2/checkpoints?configId=alpha&log=entities", token: collector)
            #expect(badLog.status == .badRequest && badLog.json?["error"]?["field"]?.stringValue == "log")

            let verified = try await api.call(.get, "/api/v2/verify?configId=alpha", token: auditor)
            #expect(verified.status == .ok)
            #expect(verified.json?["intact"] == .bool(true))
            let asOf = try await api.call(.get, "/api/v2/entities/p3?configId=alpha&asOf=2024-01-01T00:02:00Z", token: auditor)
            #expect(asOf.status == .notFound)
            let now = try await api.call(.get, "/api/v2/entities/p3?configId=alpha&asOf=2024-01-01T00:03:00Z", token: auditor)
            #expect(now.json?["guid"]?.stringValue == "p3")
            let badTime = try await api.call(.get, "/api/v2/entities/p3?configId=alpha&asOf=yesterday", token: auditor)
            #expect(badTime.status == .unprocessableContent)
            #expect(badTime.errorCode == "INVALID_TIME")
        }
    }
}

extension JSONValue {
    func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        var object = objectValue ?? [:]
        object[key] = value
        return .object(object)
    }
}
