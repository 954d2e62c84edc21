import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import Foundation
import HTTPTypes
import Testing

@Suite("Sign-in, tokens and the login limit")
struct AuthenticationTests {
    @Test func loginAnswersTheExistingShapeAndRefusesWrongPasswordsAlike() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, _ in
            let good = try await api.call(.post, "/api/users/login",
                                          json: ["email": " Collector@Example.org ", "password": .string(ServerFixture.password)])
            #expect(good.status == .ok)
            #expect(good.json?["token"]?.stringValue != nil)
            #expect(good.json?["userId"]?.numberValue?.intValue != nil)
            let wrong = try await api.call(.post, "/api/users/login", json: ["email": "collector@example.org", "password": "wrong password!"])
            let unknown = try await api.call(.post, "/api/users/login", json: ["email": "nobody@example.org", "password": "wrong password!"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.body == unknown.body)
            // The sign-in is in the audit trail of the tenant the account holds.
            let collectorId = try #require(good.json?["userId"]?.numberValue?.intValue)
            let trail = try fixture.tenantStore("alpha").read { try $0.auditEntries(afterSeq: 0, limit: 1_000) }
            #expect(trail.contains { $0.entry.action == "login" && $0.entry.userId == "user:\(collectorId)" })
            let missing = try await api.call(.post, "/api/users/login", json: ["email": "collector@example.org"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json?["error"]?["field"]?.stringValue == "password")
        }
    }

    @Test func repeatedFailuresAreThrottledPerAccount() async throws {
        let fixture = try ServerFixture { $0.loginFailuresPerAccount = 3 }
        try await fixture.run { api, _ in
            for _ in 0..<3 {
                let answer = try await api.call(.post, "/api/users/login", json: ["email": "auditor@example.org", "password": "not the password"])
                #expect(answer.status == .unauthorized)
            }
            // Even the right password waits now: the limit is checked first.
            let throttled = try await api.call(.post, "/api/users/login",
                                               json: ["email": "auditor@example.org", "password": .string(ServerFixture.password)])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "TOO_MANY_ATTEMPTS")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another account is not affected.
            _ = try await api.login("collector@example.org")
            let metrics = try await api.call(.get, "/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains(#"datacollect_logins_total{result="throttled"} 1"#))
        }
    }

    @Test func badTokensAreRefusedWith401() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let me = try await api.call(.get, "/api/users/me", token: accounts.token(.collector))
            let userId = try #require(me.json?["id"]?.numberValue?.intValue)
            let forged: [(String, String?)] = [
                ("none", nil),
                ("garbage", "not.a.token"),
                ("expired", try await ForgedTokens.signed(secret: ServerFixture.secret, userId: userId,
                                                          expires: Date().addingTimeInterval(-60))),
                ("other key", try await ForgedTokens.signed(secret: Array("another-secret-of-sufficient-length-000".utf8), userId: userId)),
                ("alg none", ForgedTokens.unsigned(userId: userId)),
                ("tampered", ForgedTokens.tampered(accounts.token(.collector), userId: userId)),
            ]
            for (name, token) in forged {
                let answer = try await api.call(.get, "/api/v2/sync/pull?configId=alpha", token: token)
                #expect(answer.status == .unauthorized, "\(name)")
                #expect(answer.json?["error"]?["message"]?.stringValue != nil, "\(name)")
            }
            let wrongScheme = try await api.call(.get, "/api/users/me", headers: [.authorization: "Basic YWJjOmRlZg=="])
            #expect(wrongScheme.status == .unauthorized)
        }
    }

    @Test func deletingAnAccountOrTakingATenantAwayTakesEffectAtOnce() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let admin = accounts.token(.admin), collector = accounts.token(.collector)
            let collectorId = try #require(try await api.call(.get, "/api/users/me", token: collector).json?["id"]?.numberValue?.intValue)
            #expect(try await api.call(.get, "/api/v2/sync/pull?configId=alpha", token: collector).status == .ok)
            _ = try await api.call(.put, "/api/users/\(collectorId)", token: admin, json: ["tenants": []])
            #expect(try await api.call(.get, "/api/v2/sync/pull?configId=alpha", token: collector).status == .forbidden)
            #expect(try await api.call(.delete, "/api/users/\(collectorId)", token: admin).status == .ok)
            #expect(try await api.call(.get, "/api/v2/sync/pull?configId=alpha", token: collector).status == .unauthorized)
        }
    }

    @Test func accountRulesAreEnforced() async throws {
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            let admin = accounts.token(.admin)
            let weak = try await api.call(.post, "/api/users", token: admin,
                                          json: ["email": "new@example.org", "password": "short", "role": "collector", "tenants": ["alpha"]])
            #expect(weak.errorCode == "WEAK_PASSWORD")
            let badRole = try await api.call(.post, "/api/users", token: admin, json: [
                "email": "new@example.org", "password": .string(ServerFixture.password), "role": "superuser", "tenants": ["alpha"],
            ])
            #expect(badRole.errorCode == "INVALID_ROLE")
            let duplicate = try await api.call(.post, "/api/users", token: admin, json: [
                "email": "COLLECTOR@example.org", "password": .string(ServerFixture.password), "role": "USER", "tenants": ["alpha"],
            ])
            #expect(duplicate.status == .conflict)
            let unknownTenant = try await api.call(.post, "/api/users", token: admin, json: [
                "email": "new@example.org", "password": .string(ServerFixture.password), "role": "auditor", "tenants": ["gamma"],
            ])
            #expect(unknownTenant.status == .forbidden)
            let adminId = try #require(try await api.call(.get, "/api/users/me", token: admin).json?["id"]?.numberValue?.intValue)
            #expect(try await api.call(.delete, "/api/users/\(adminId)", token: admin).status == .conflict)
        }
    }
}
