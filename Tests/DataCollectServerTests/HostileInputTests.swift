import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import DataCollectSQLite
import Foundation
import HTTPTypes
import Testing

/// Hostile parameters and bodies get a clear JSON error with the right status, and nothing
/// lands in any store.
@Suite("Hostile input")
struct HostileInputTests {
    static let injections = [
        "alpha' OR '1'='1", "alpha; DROP TABLE events; --", "../beta", "alpha%00", "alpha\"}", "ALPHA", "alpha/../beta",
        String(repeating: "a", count: 5_000), "", "null", "%ff%fe",
    ]

    @Test func injectedTenantIdsAndCursorsAreRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let token = accounts.token(.admin)
            for injection in Self.injections {
                let encoded = injection.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                for path in ["/api/v2/sync/pull?configId=\(encoded)", "/api/v2/verify?configId=\(encoded)",
                             "/api/v2/entities/\(encoded.isEmpty ? "x" : encoded)?configId=\(encoded)"] {
                    let answer = try await api.call(.get, path, token: token)
                    #expect([400, 403, 404].contains(answer.status.code), "\(path) → \(answer.status)")
                    #expect(answer.json?["error"]?["code"]?.stringValue != nil, "\(path)")
                }
                let push = try await api.call(.post, "/api/v2/sync/push", token: token,
                                              json: ["configId": .string(injection), "events": [wireEvent("x", entity: "y")]])
                #expect([400, 403].contains(push.status.code), "push to \(injection) → \(push.status)")
            }
            for cursor in ["-1", "1e9", "abc", "1;DROP", "99999999999999999999999"] {
                let answer = try await api.call(.get, "/api/v2/sync/pull?configId=alpha&after=\(cursor)", token: token)
                #expect(answer.status == .badRequest, "after=\(cursor)")
                #expect(answer.json?["error"]?["field"]?.stringValue == "after")
            }
            for limit in ["0", "1001", "-5", "many"] {
                let answer = try await api.call(.get, "/api/v2/sync/pull?configId=alpha&limit=\(limit)", token: token)
                #expect(answer.status == .badRequest, "limit=\(limit)")
            }
            // SQL in a guid is refused (guids have a safe alphabet); quotes in data are data,
            // stored and returned verbatim.
            let badGuid = wireEvent("g'; DROP TABLE events; --", entity: "p1")
            let odd = wireEvent("g-1", entity: "p1", name: "O'Brien \"); --")
            let pushed = try await api.call(.post, "/api/v2/sync/push?configId=alpha", token: token, json: ["events": [badGuid, odd]])
            #expect(pushed.json?["results"]?.arrayValue?.first?["result"]?.stringValue == "rejected")
            #expect(pushed.json?["results"]?.arrayValue?.first?["error"]?["field"]?.stringValue == "guid")
            #expect(pushed.json?["accepted"]?.numberValue?.intValue == 1)
            let pulled = try await api.call(.get, "/api/v2/sync/pull?configId=alpha", token: token)
            #expect(pulled.json?["events"]?.arrayValue?.first?["event"]?["data"]?["name"]?.stringValue == "O'Brien \"); --")
            #expect(try fixture.tenantStore("beta").read { try $0.eventCount() } == 0)
        }
    }

    @Test func malformedBodiesGetClearErrors() async throws {
        let fixture = try ServerFixture { $0.maxBodyBytes = 64 * 1024; $0.maxPushBatch = 10 }
        try await fixture.run { api, accounts in
            let token = accounts.token(.collector)
            let push = "/api/v2/sync/push?configId=alpha"
            let huge = try await api.call(.post, push, token: token, rawBody: Array(repeating: UInt8(ascii: " "), count: 200_000),
                                          contentType: "application/json")
            #expect(huge.status == .contentTooLarge)
            #expect(huge.errorCode == "PAYLOAD_TOO_LARGE")
            let tooMany = try await api.call(.post, push, token: token,
                                             json: ["events": .array((0..<11).map { wireEvent("e\($0)", entity: "p\($0)") })])
            #expect(tooMany.status == .contentTooLarge)
            #expect(tooMany.errorCode == "BATCH_TOO_LARGE")
            let deep = Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)
            let tooDeep = try await api.call(.post, push, token: token, rawBody: deep, contentType: "application/json")
            #expect(tooDeep.status == .badRequest)
            #expect(tooDeep.errorCode == "INVALID_JSON")
            let invalidUTF8 = try await api.call(.post, push, token: token, rawBody: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D],
                                                 contentType: "application/json")
            #expect(invalidUTF8.status == .badRequest)
            let wrongType = try await api.call(.post, push, token: token, rawBody: Array(#"{"events":[]}"#.utf8), contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)
            let notJSON = try await api.call(.post, push, token: token, rawBody: Array("events=1".utf8), contentType: "application/json")
            #expect(notJSON.errorCode == "INVALID_JSON")
            let empty = try await api.call(.post, push, token: token, rawBody: [], contentType: "application/json")
            #expect(empty.status == .badRequest)
            let notAList = try await api.call(.post, push, token: token, json: ["events": "all of them"])
            #expect(notAList.status == .unprocessableContent)
            #expect(notAList.json?["error"]?["field"]?.stringValue == "events")
            let unknownRoute = try await api.call(.get, "/api/v3/anything", token: token)
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.errorCode == "NOT_FOUND")
            #expect(try fixture.tenantStore("alpha").read { try $0.eventCount() } == 0)
        }
    }

    @Test func theExistingAdminAppsMultipartUploadCreatesATenant() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let boundary = "----datacollect-test-boundary"
            let config = #"{"id":"gamma","name":"Gamma registry","version":"2","entityForms":[],"externalSync":{"type":"webhook","extraFields":[{"name":"apiKey","value":"secret-key"}]}}"#
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"config\"; filename=\"../../etc/passwd\"\r\n"
                + "Content-Type: application/json\r\n\r\n\(config)\r\n--\(boundary)--\r\n"
            let created = try await api.call(.post, "/api/apps", token: accounts.token(.admin), rawBody: Array(body.utf8),
                                              contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(created.status == .created)
            #expect(created.json?["artifactId"]?.stringValue?.count == 32)
            // The admin who created it holds it; the listing shows no secrets.
            let admin = try await api.login("admin@example.org")
            let list = try await api.call(.get, "/api/apps", token: admin)
            let gamma = try #require(list.json?["data"]?.arrayValue?.first { $0["id"]?.stringValue == "gamma" })
            #expect(!gamma.canonicalString.contains("secret-key"))
            let missing = try await api.call(.post, "/api/apps", token: admin,
                                             rawBody: Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--\(boundary)--\r\n".utf8),
                                             contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(missing.status == .badRequest)
            #expect(missing.json?["error"]?["field"]?.stringValue == "config")
        }
    }
}
