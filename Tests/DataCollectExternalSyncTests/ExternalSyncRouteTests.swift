import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import HTTPTypes
import Testing

/// `POST /api/sync/external` over real HTTP, with the mock adapter (and an unreachable webhook).
@Suite("POST /api/sync/external")
struct ExternalSyncRouteTests {
    static let mockSync: JSONValue = ["type": "mock-sync-server", "url": ""]

    @Test func adminRunsTheTenantsExternalSyncAndGetsTheReport() async throws {
        let mock = MockSyncServer(records: [Synthetic.record(1), Synthetic.record(2), Synthetic.malformedRecord(3)])
        let fixture = ExternalSyncServerFixture()
        try await fixture.run(alphaExternalSync: Self.mockSync, mock: mock) { post, tokens in
            let answer = try await post(tokens.admin, ["configId": "alpha"])
            #expect(answer.status == .ok)
            let report = try #require(answer.json)
            #expect(report["adapterType"]?.stringValue == "mock-sync-server")
            #expect(report["pulled"]?.numberValue?.intValue == 3)
            #expect(report["applied"]?.numberValue?.intValue == 2)
            #expect(report["rejected"]?.numberValue?.intValue == 1)
            #expect(report["rejections"]?.arrayValue?.first?["recordId"]?.stringValue == "ext-3")
            #expect(report["pullCursorHeld"]?.boolValue == true)

            let store = try fixture.tenantStore("alpha")
            let pulled = try Synthetic.events(in: store).filter { $0.event.userId == "external:mock-sync-server" }
            #expect(pulled.count == 2)
            #expect(pulled.allSatisfy { $0.event.syncLevel == .external })
            let audit = try store.read { try $0.auditEntries(afterSeq: 0, limit: 1_000) }.filter { $0.entry.action == "external-sync" }
            #expect(audit.count == 1)
            #expect(audit.first?.entry.userId.hasPrefix("user:") == true)
            #expect(audit.first?.entry.changes["applied"]?.numberValue?.intValue == 2)
        }
    }

    @Test func requestCredentialsReachTheAdapter() async throws {
        let sync: JSONValue = ["type": "mock-sync-server", "extraFields": [["name": "requiredUsername", "value": "synthetic-admin"]]]
        let fixture = ExternalSyncServerFixture()
        try await fixture.run(alphaExternalSync: sync) { post, tokens in
            let refused = try await post(tokens.admin, ["configId": "alpha"])
            #expect(refused.status == .badGateway)
            #expect(refused.errorCode == "EXTERNAL_SYNC_FAILED")
            let accepted = try await post(tokens.admin, ["configId": "alpha",
                                                         "credentials": ["username": "synthetic-admin", "password": "synthetic-pw-81"]])
            #expect(accepted.status == .ok)
            #expect(!accepted.text.contains("synthetic-pw-81"))
            let malformed = try await post(tokens.admin, ["configId": "alpha", "credentials": ["username": "x"]])
            #expect(malformed.status == .unprocessableContent)
        }
    }

    @Test func onlyAdminsHoldingTheTenantMayRunIt() async throws {
        let fixture = ExternalSyncServerFixture()
        try await fixture.run(alphaExternalSync: Self.mockSync) { post, tokens in
            let collector = try await post(tokens.collector, ["configId": "alpha"])
            #expect(collector.status == .forbidden)
            let foreignAdmin = try await post(tokens.foreignAdmin, ["configId": "alpha"])
            #expect(foreignAdmin.status == .forbidden)
            let noToken = try await post("not-a-token", ["configId": "alpha"])
            #expect(noToken.status == .unauthorized)
            let noTenant = try await post(tokens.admin, [:])
            #expect(noTenant.status == .badRequest)
            // Nothing ran: no external sync was audited.
            let audit = try fixture.tenantStore("alpha").read { try $0.auditEntries(afterSeq: 0, limit: 100) }
            #expect(!audit.contains { $0.entry.action == "external-sync" })
        }
    }

    @Test func unreachableExternalSystemAnswers502WithoutSecrets() async throws {
        let key = "synthetic-route-key-2d8e"
        let webhook: JSONValue = ["type": "webhook", "url": "http://127.0.0.1:9/hub", "extraFields": [["name": "apiKey", "value": .string(key)]]]
        let fixture = ExternalSyncServerFixture()
        try await fixture.run(alphaExternalSync: webhook) { post, tokens in
            let answer = try await post(tokens.admin, ["configId": "alpha", "credentials": ["username": "u", "password": "synthetic-pw-13"]])
            #expect(answer.status == .badGateway)
            #expect(answer.errorCode == "EXTERNAL_SYNC_FAILED")
            #expect(!answer.text.contains(key))
            #expect(!answer.text.contains("synthetic-pw-13"))
            #expect(!answer.text.contains("127.0.0.1"))
            let audit = try fixture.tenantStore("alpha").read { try $0.auditEntries(afterSeq: 0, limit: 100) }
                .filter { $0.entry.action == "external-sync" }
            #expect(audit.first?.entry.changes["outcome"]?.stringValue == "failed")
        }
    }

    @Test func tenantWithoutExternalSyncOrWithAnUnknownTypeAnswers422() async throws {
        let fixture = ExternalSyncServerFixture()
        try await fixture.run(alphaExternalSync: nil) { post, tokens in
            let answer = try await post(tokens.admin, ["configId": "alpha"])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.errorCode == "EXTERNAL_SYNC_NOT_CONFIGURED")
        }
        let unknown = ExternalSyncServerFixture()
        try await unknown.run(alphaExternalSync: ["type": "openfn-adapter", "url": "http://127.0.0.1:9"]) { post, tokens in
            let answer = try await post(tokens.admin, ["configId": "alpha"])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.errorCode == "UNKNOWN_ADAPTER_TYPE")
        }
        // A known type whose configuration lacks what it needs (OpenSPP's database name).
        let incomplete = ExternalSyncServerFixture()
        try await incomplete.run(alphaExternalSync: ["type": "openspp", "url": "http://127.0.0.1:9"]) { post, tokens in
            let answer = try await post(tokens.admin, ["configId": "alpha"])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.errorCode == "INVALID_EXTERNAL_SYNC_CONFIG")
        }
    }
}
