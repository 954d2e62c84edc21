import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import DataCollectSQLite
import Foundation
import HTTPTypes
import Testing

/// Every tenant-scoped route × every role × own and foreign tenant, and every authenticated
/// route without or with a bad token. Each account holds `alpha` only; `beta` is foreign.
@Suite("Roles × routes × tenants")
struct AccessMatrixTests {
    struct Route: CustomStringConvertible {
        var method: HTTPRequest.Method
        /// `TENANT` is replaced by the tenant under test.
        var path: String
        var body: JSONValue?
        var allowed: Set<Role>
        var description: String { "\(method) \(path)" }

        func path(for tenant: String) -> String { path.replacingOccurrences(of: "TENANT", with: tenant) }
        func body(for tenant: String) -> JSONValue? {
            body.flatMap { try? JSONParser.parse($0.canonicalString.replacingOccurrences(of: "TENANT", with: tenant)) }
        }
    }

    /// Past authentication and authorisation: any answer but 401, 403 and a server error (a
    /// 404 or 422 says the request reached the route's own checks).
    static func passedAccessChecks(_ status: HTTPResponse.Status) -> Bool {
        ![401, 403].contains(status.code) && status.code < 500
    }

    static let everyone: Set<Role> = [.admin, .auditor, .collector]
    static let readers: Set<Role> = [.admin, .auditor]
    static let writers: Set<Role> = [.admin, .collector]

    static let tenantRoutes: [Route] = [
        Route(method: .get, path: "/api/v2/sync/pull?configId=TENANT", allowed: everyone),
        Route(method: .post, path: "/api/v2/sync/push?configId=TENANT", body: ["events": [wireEvent("m1", entity: "p1")]], allowed: writers),
        Route(method: .post, path: "/api/v2/sync/push", body: ["configId": "TENANT", "events": []], allowed: writers),
        Route(method: .post, path: "/api/sync/push", body: ["configId": "TENANT", "events": []], allowed: writers),
        Route(method: .get, path: "/api/sync/pull?configId=TENANT", allowed: everyone),
        Route(method: .get, path: "/api/v2/entities/p1?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/v2/entities/p1?configId=TENANT&asOf=now&knownAt=now", allowed: readers),
        Route(method: .get, path: "/api/v2/checkpoints?configId=TENANT", allowed: everyone),
        Route(method: .post, path: "/api/v2/checkpoints?configId=TENANT", allowed: everyone),
        Route(method: .get, path: "/api/v2/proofs/seed-1?configId=TENANT", allowed: everyone),
        Route(method: .get, path: "/api/v2/consistency?configId=TENANT&from=1", allowed: everyone),
        Route(method: .get, path: "/api/v2/verify?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/entities/count?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/potential-duplicates?configId=TENANT", allowed: readers),
        Route(method: .post, path: "/api/potential-duplicates/resolve",
              body: ["configId": "TENANT", "newItem": "p1", "existingItem": "p2", "shouldDeleteNewItem": false], allowed: [.admin]),
        Route(method: .get, path: "/api/entities?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/entities/count-by-form?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/entities/p1/events?configId=TENANT", allowed: readers),
        Route(method: .get, path: "/api/v2/sync/pull/audit?configId=TENANT", allowed: everyone),
        Route(method: .post, path: "/api/sync/external", body: ["configId": "TENANT"], allowed: [.admin]),
        Route(method: .get, path: "/api/sync/pull/audit-logs?configId=TENANT", allowed: everyone),
        Route(method: .post, path: "/api/sync/push/audit-logs", body: ["configId": "TENANT", "auditLogs": []], allowed: writers),
        Route(method: .get, path: "/api/apps/TENANT", allowed: everyone),
        Route(method: .put, path: "/api/apps/TENANT", body: ["id": "TENANT", "name": "Renamed"], allowed: [.admin]),
        Route(method: .post, path: "/api/apps", body: ["id": "TENANT", "name": "Re-uploaded"], allowed: [.admin]),
        // Both tenants hold an event, so an admin passing the checks gets 409 and nothing goes.
        Route(method: .delete, path: "/api/apps/TENANT", allowed: [.admin]),
        Route(method: .post, path: "/api/users",
              body: ["email": "x-TENANT@example.org", "password": "a long enough password", "role": "collector", "tenants": ["TENANT"]],
              allowed: [.admin]),
    ]

    static let accountRoutes: [Route] = [
        Route(method: .get, path: "/api/users", allowed: [.admin]),
        Route(method: .get, path: "/api/users/me", allowed: everyone),
        Route(method: .get, path: "/api/users/check-token", allowed: everyone),
        Route(method: .get, path: "/api/apps", allowed: everyone),
        Route(method: .put, path: "/api/users/999", body: ["role": "auditor"], allowed: [.admin]),
        Route(method: .delete, path: "/api/users/999", allowed: [.admin]),
    ]

    @Test(arguments: ServerStorage.allCases)
    func everyRouteChecksRoleAndTenant(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            // One event in each tenant, so that proofs and entities exist on both sides.
            for tenant in ["alpha", "beta"] {
                let store = try fixture.tenantStore(tenant)
                _ = try EntityDataManager(store: store).submit(json: [wireEvent("seed-1", entity: "p1")])
            }
            for route in Self.tenantRoutes {
                for role in Role.allCases {
                    let own = try await api.call(route.method, route.path(for: "alpha"), token: accounts.token(role),
                                                 json: route.body(for: "alpha"))
                    if route.allowed.contains(role) {
                        #expect(Self.passedAccessChecks(own.status), "\(role) on own tenant: \(route) → \(own.status)")
                    } else {
                        #expect(own.status == .forbidden, "\(role) on own tenant: \(route) → \(own.status)")
                    }
                    let foreign = try await api.call(route.method, route.path(for: "beta"), token: accounts.token(role),
                                                     json: route.body(for: "beta"))
                    #expect(foreign.status == .forbidden, "\(role) on foreign tenant: \(route) → \(foreign.status)")
                    #expect(foreign.errorCode == "FORBIDDEN", "\(route)")
                }
            }
            // Nothing was written to beta by anyone.
            #expect(try fixture.tenantStore("beta").read { try $0.eventCount() } == 1)
            for route in Self.accountRoutes {
                for role in Role.allCases {
                    let answer = try await api.call(route.method, route.path, token: accounts.token(role), json: route.body)
                    if route.allowed.contains(role) {
                        #expect(Self.passedAccessChecks(answer.status), "\(role): \(route) → \(answer.status)")
                    } else {
                        #expect(answer.status == .forbidden, "\(role): \(route) → \(answer.status)")
                    }
                }
            }
        }
    }

    @Test(arguments: ServerStorage.allCases)
    func everyAuthenticatedRouteRefusesMissingAndBadTokens(storage: ServerStorage) async throws {
        let fixture = try ServerFixture(storage: storage)
        try await fixture.run { api, accounts in
            let userId = try #require(try await api.call(.get, "/api/users/me", token: accounts.token(.admin)).json?["id"]?.numberValue?.intValue)
            let bad: [String?] = [
                nil,
                try await ForgedTokens.signed(secret: ServerFixture.secret, userId: userId, expires: Date().addingTimeInterval(-1)),
                try await ForgedTokens.signed(secret: Array("a-different-server-secret-0123456789".utf8), userId: userId),
                ForgedTokens.unsigned(userId: userId),
                ForgedTokens.tampered(accounts.token(.collector), userId: userId),
            ]
            for route in Self.tenantRoutes + Self.accountRoutes {
                for token in bad {
                    let answer = try await api.call(route.method, route.path(for: "alpha"), token: token, json: route.body(for: "alpha"))
                    #expect(answer.status == .unauthorized, "\(route) with \(token == nil ? "no token" : "a bad token") → \(answer.status)")
                }
            }
            #expect(try await api.call(.get, "/health").status == .ok)
        }
    }
}
