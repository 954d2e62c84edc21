import DataCollectCore
import DataCollectIntegrity
import Foundation
import HTTPTypes
import Testing
import Yams

/// `openapi.yaml` against the running server: every documented operation is served, every
/// route the tests exercise is documented, and each answer's status is one the document lists.
@Suite("openapi.yaml matches the server")
struct OpenAPIConformanceTests {
    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method.uppercased()) \(path)" }
    }

    static func document() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// Documented operations with the statuses each may answer.
    static func operations() throws -> [Operation: Set<Int>] {
        let paths = try #require(try document()["paths"] as? [String: Any])
        var operations: [Operation: Set<Int>] = [:]
        for (path, item) in paths {
            for (method, operation) in try #require(item as? [String: Any]) where ["get", "post", "put", "delete"].contains(method) {
                let responses = (operation as? [String: Any])?["responses"] as? [AnyHashable: Any] ?? [:]
                operations[Operation(method: method, path: path)] = Set(responses.keys.compactMap { Int("\($0)") })
            }
        }
        return operations
    }

    /// A concrete path for a template: `{id}` of an app is a tenant, of a user an account id.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{id}", with: path.hasPrefix("/api/apps") ? "alpha" : "999")
            .replacingOccurrences(of: "{guid}", with: "p1").replacingOccurrences(of: "{eventGuid}", with: "seed-1")
            .replacingOccurrences(of: "{file}", with: String(repeating: "0", count: 32) + ".json")
    }

    @Test func everyDocumentedOperationIsServedWithADocumentedStatus() async throws {
        let operations = try Self.operations()
        #expect(operations.count >= 25)
        let fixture = try ServerFixture()
        try await fixture.run { api, accounts in
            for (operation, statuses) in operations.sorted(by: { $0.key.description < $1.key.description }) {
                let method = HTTPRequest.Method(rawValue: operation.method.uppercased())!
                // Deleting alpha (empty here) would take it from every later operation.
                var path = method == .delete && operation.path == "/api/apps/{id}" ? "/api/apps/not-held"
                    : Self.concrete(operation.path)
                if !["/health", "/metrics", "/api/users/login", "/api/users", "/api/apps"].contains(operation.path),
                   !operation.path.hasPrefix("/api/users/"), !operation.path.hasPrefix("/api/apps/"),
                   !operation.path.hasPrefix("/artifacts/") {
                    path += (path.contains("?") ? "&" : "?") + "configId=alpha"
                }
                if operation.path == "/api/v2/consistency" { path += "&from=0" }
                let body: JSONValue? = method == .get || method == .delete ? nil : ["events": []]
                let answer = try await api.call(method, path, token: accounts.token(.admin), json: body)
                let unrouted = answer.status == .notFound
                    && answer.json?["error"]?["message"]?.stringValue?.hasPrefix("There is no such route") == true
                #expect(!unrouted && answer.status != .methodNotAllowed, "\(operation) is documented but not served")
                #expect(statuses.contains(answer.status.code), "\(operation) answered \(answer.status.code), not documented")
            }
        }
    }

    @Test func everyRouteTheTestsUseIsDocumented() throws {
        let documented = Set(try Self.operations().keys)
        for route in AccessMatrixTests.tenantRoutes + AccessMatrixTests.accountRoutes {
            let path = String(route.path.split(separator: "?").first ?? "")
            let template = path.replacingOccurrences(of: "/api/apps/TENANT", with: "/api/apps/{id}")
                .replacingOccurrences(of: "/api/users/999", with: "/api/users/{id}")
                .replacingOccurrences(of: "/api/v2/entities/p1", with: "/api/v2/entities/{guid}")
                .replacingOccurrences(of: "/api/v2/proofs/seed-1", with: "/api/v2/proofs/{eventGuid}")
                .replacingOccurrences(of: "/api/entities/p1/events", with: "/api/entities/{guid}/events")
            #expect(documented.contains(Operation(method: route.method.rawValue.lowercased(), path: template)), "\(route) is not in openapi.yaml")
        }
    }
}
