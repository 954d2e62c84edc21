import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import DataCollectTestSupport
import Foundation
import HTTPTypes
import Testing

/// The public artifacts field staff load an app from (`/artifacts/{id}.json`, its QR code) and
/// the deletion of tenants: the two places where the existing system leaked credentials to
/// anyone and let any user wipe a tenant.
@Suite("Public app artifacts and tenant deletion")
struct AppArtifactAndDeletionTests {
    static let secrets = ["odoo-password-do-not-leak", "openfn-api-key-do-not-leak"]

    /// A configuration whose external sync carries credentials, as real ones do.
    static func configuration(_ id: String) -> JSONValue {
        [
            "id": .string(id), "name": "Household survey", "entityForms": [["name": "household"]],
            "externalSync": ["type": "webhook", "url": "https://partner.example.org/hook",
                             "extraFields": ["password": .string(secrets[0]), "apiKey": .string(secrets[1])]],
        ]
    }

    @Test func theArtifactIsPublicClientSafeAndItsQRCodeReadsBackAsItsURL() async throws {
        let fixture = try ServerFixture { $0.publicBaseURL = "https://sync.example.org/datacollect" }
        try await fixture.run { api, accounts in
            let admin = accounts.token(.admin)
            let created = try await api.call(.post, "/api/apps", token: admin, json: Self.configuration("gamma"))
            #expect(created.status == .created)
            let artifactId = try #require(created.json?["artifactId"]?.stringValue)
            let checkpointKey = try #require(created.json?["checkpointKey"]?.stringValue)

            let json = try await api.call(.get, "/artifacts/\(artifactId).json")
            #expect(json.status == .ok)
            #expect(json.headers[.contentDisposition] == "attachment; filename=\"\(artifactId).json\"")
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let artifact = try #require(json.json)
            #expect(artifact["id"]?.stringValue == "gamma")
            #expect(artifact["syncServerUrl"]?.stringValue == "https://sync.example.org/datacollect")
            #expect(artifact["checkpointKey"]?.stringValue == checkpointKey)
            #expect(artifact["entityForms"]?.arrayValue?.count == 1)
            #expect(artifact["externalSync"] == ["type": "webhook"])
            let text = String(decoding: json.body, as: UTF8.self)
            for secret in Self.secrets { #expect(!text.contains(secret), "the public artifact leaks a credential") }
            #expect(!text.contains("extraFields") && !text.contains("partner.example.org"))

            let png = try await api.call(.get, "/artifacts/\(artifactId).png")
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            #expect(Array(png.body.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(try QRCodeReader.read(png: png.body) == "https://sync.example.org/datacollect/artifacts/\(artifactId).json")

            // A re-upload retires the old artifact id and its QR code.
            let again = try await api.call(.post, "/api/apps", token: admin, json: Self.configuration("gamma"))
            let newId = try #require(again.json?["artifactId"]?.stringValue)
            #expect(newId != artifactId)
            #expect(try await api.call(.get, "/artifacts/\(artifactId).json").status == .notFound)
            #expect(try await api.call(.get, "/artifacts/\(artifactId).png").status == .notFound)
            #expect(try await api.call(.get, "/artifacts/\(newId).json").status == .ok)
        }
    }

    @Test func unknownMalformedAndHostileArtifactRequestsAreRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let created = try await api.call(.post, "/api/apps", token: accounts.token(.admin), json: Self.configuration("gamma"))
            let artifactId = try #require(created.json?["artifactId"]?.stringValue)
            for path in ["/artifacts/\(String(repeating: "0", count: 32)).json", "/artifacts/\(artifactId).svg",
                         "/artifacts/\(artifactId.uppercased()).json", "/artifacts/\(artifactId)", "/artifacts/..%2F..%2Fetc%2Fpasswd",
                         "/artifacts/\(artifactId)'%20OR%201=1.json"] {
                let answer = try await api.call(.get, path)
                #expect(answer.status == .notFound, "\(path) → \(answer.status)")
                #expect(answer.errorCode == "NOT_FOUND", "\(path)")
            }
            // Without --public-url the base comes from the Host header.
            let plain = try await api.call(.get, "/artifacts/\(artifactId).json")
            #expect(plain.json?["syncServerUrl"]?.stringValue?.hasPrefix("http://") == true)
        }
    }

    @Test func publicBaseURLsAreNormalisedOrRefused() {
        #expect(PublicBaseURL.normalized("https://sync.example.org/") == "https://sync.example.org")
        #expect(PublicBaseURL.normalized(" http://10.0.0.5:8080/dc// ") == "http://10.0.0.5:8080/dc")
        for bad in ["sync.example.org", "ftp://sync.example.org", "https://", "https://user:pw@sync.example.org",
                    "https://sync.example.org/?next=evil", "https://sync.example.org/#x", "javascript:alert(1)"] {
            #expect(PublicBaseURL.normalized(bad) == nil, "\(bad)")
        }
        func request(host: String) -> HTTPRequest { HTTPRequest(method: .get, scheme: nil, authority: host, path: "/") }
        #expect(PublicBaseURL.base(configured: nil, request: request(host: "10.0.0.5:8080")) == "http://10.0.0.5:8080")
        #expect(PublicBaseURL.base(configured: "https://a.example", request: request(host: "b.example")) == "https://a.example")
        for forged in ["evil.example/\"><script>", "evil.example@x", "a b", ""] {
            #expect(PublicBaseURL.base(configured: nil, request: request(host: forged)) == nil, "\(forged)")
        }
    }

    @Test(arguments: ServerStorage.allCases)
    func onlyAnAdminDeletesATenantAndOnlyWhenItHoldsNoEvents(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let admin = accounts.token(.admin)
            let created = try await api.call(.post, "/api/apps", token: admin, json: Self.configuration("gamma"))
            let artifactId = try #require(created.json?["artifactId"]?.stringValue)

            // A tenant holding events is not deleted, by anyone; nothing is lost.
            _ = try EntityDataManager(store: try fixture.tenantStore("alpha")).submit(json: [wireEvent("kept-1", entity: "p1")])
            let refused = try await api.call(.delete, "/api/apps/alpha", token: admin)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "TENANT_HOLDS_EVENTS")
            #expect(try fixture.tenantStore("alpha").read { try $0.eventCount() } == 1)
            #expect(try await api.call(.get, "/api/apps/alpha", token: admin).status == .ok)
            for role in [Role.collector, .auditor] {
                #expect(try await api.call(.delete, "/api/apps/alpha", token: accounts.token(role)).status == .forbidden)
            }
            #expect(try await api.call(.delete, "/api/apps/no-such-tenant", token: admin).status == .forbidden)

            // An empty tenant goes: from the directory, from every account, from its artifact URL.
            let deleted = try await api.call(.delete, "/api/apps/gamma", token: admin)
            #expect(deleted.status == .ok)
            #expect(deleted.json?["id"]?.stringValue == "gamma")
            #expect(try await api.call(.get, "/api/apps/gamma", token: admin).status == .forbidden)
            #expect(try await api.call(.get, "/artifacts/\(artifactId).json").status == .notFound)
            let listed = try await api.call(.get, "/api/apps", token: admin).json?["data"]?.arrayValue ?? []
            #expect(!listed.contains { $0["id"]?.stringValue == "gamma" })
            #expect(try await api.call(.get, "/api/v2/sync/pull?configId=gamma", token: admin).status == .forbidden)

            // Re-created, the tenant continues its log, which recorded who deleted it.
            #expect(try await api.call(.post, "/api/apps", token: admin, json: Self.configuration("gamma")).status == .created)
            let trail = try fixture.tenantStore("gamma").read { try $0.auditEntries(afterSeq: 0, limit: 100) }
            let deletion = try #require(trail.first { $0.entry.action == "tenant-deleted" })
            #expect(deletion.entry.userId.hasPrefix("user:"))
            let verified = try await api.call(.get, "/api/v2/verify?configId=gamma", token: admin)
            #expect(verified.status == .ok)
            #expect(verified.json?["intact"]?.boolValue == true)
        }
    }
}
