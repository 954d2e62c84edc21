import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
@testable import DataCollectServer
import DataCollectSQLite
import Foundation
import Hummingbird
import HummingbirdTesting

/// A server with only what `POST /api/sync/external` needs, assembled like
/// `DataCollectServerApp.make` does (same services, error and authentication middleware), on
/// a random loopback port over SQLite files. Tenants: `alpha` (with `externalSync` as given)
/// and `beta`; accounts: an admin and a collector holding `alpha`, an admin holding only `beta`.
struct ExternalSyncServerFixture {
    static let secret = Array("test-secret-not-for-production-0123456789".utf8)
    let folder = NSTemporaryDirectory() + "datacollect-external-server-" + UUID().uuidString

    struct Tokens: Sendable {
        let admin: String
        let collector: String
        let foreignAdmin: String
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue? { try? JSONParser.parse(body) }
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
    }

    func tenantStore(_ id: String) throws -> any DataStore {
        try SQLiteStore(path: folder + "/tenants/\(id).sqlite")
    }

    func run(alphaExternalSync: JSONValue?, mock: MockSyncServer = MockSyncServer(),
             _ body: @escaping @Sendable (_ post: @escaping @Sendable (String, JSONValue) async throws -> Answer, Tokens) async throws -> Void)
        async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let directory = try SQLiteAccountDirectory.open(path: folder + "/server.sqlite")
        var configuration = ServerConfiguration(jwtSecret: Self.secret)
        configuration.bcryptCost = 4
        let services = ServerServices(
            configuration: configuration, directory: directory,
            tenants: TenantRegistry(directory: directory, stores: try SQLiteTenantStores(folder: folder + "/tenants"),
                                    keys: try TenantKeys(folder: folder + "/keys")),
            tokens: await TokenService(secret: configuration.jwtSecret, lifetimeSeconds: 3600),
            hasher: PasswordHasher(cost: 4), throttle: LoginThrottle(perAccount: 5, perAddress: 20, windowSeconds: 60),
            metrics: ServerMetrics(), body: RequestBodyReader(maxBytes: configuration.maxBodyBytes), decoyHash: "")

        var alpha: [String: JSONValue] = ["id": "alpha", "name": "Tenant alpha", "entityForms": []]
        alpha["externalSync"] = alphaExternalSync
        for (id, config) in [("alpha", JSONValue.object(alpha)), ("beta", ["id": "beta", "name": "Tenant beta", "entityForms": []])] {
            try directory.saveTenant(TenantRecord(id: id, name: "Tenant \(id)", artifactId: String(repeating: "0", count: 32),
                                                  configuration: config, createdAt: .now(), updatedAt: .now()))
        }
        func account(_ email: String, _ role: Role, _ tenants: [String]) async throws -> String {
            let made = try directory.createUser(email: email, passwordHash: "unused", role: role, tenants: tenants, createdAt: .now())
            guard let made else { throw FixtureError.setup(email) }
            return try await services.tokens.issue(for: made)
        }
        let tokens = Tokens(admin: try await account("admin@example.org", .admin, ["alpha"]),
                            collector: try await account("collector@example.org", .collector, ["alpha"]),
                            foreignAdmin: try await account("other-admin@example.org", .admin, ["beta"]))

        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware(metrics: services.metrics))
        let authenticated = router.group()
            .add(middleware: AuthenticationMiddleware(tokens: services.tokens, accounts: AccountGate(directory: directory)))
        ExternalSyncRoutes(services: services, registry: { .builtIn(httpClient: $0, mockServer: mock) }).register(on: authenticated)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let post: @Sendable (String, JSONValue) async throws -> Answer = { token, json in
                let response = try await client.executeRequest(
                    uri: "/api/sync/external", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(bytes: json.canonicalBytes))
                return Answer(status: response.status, body: Array(response.body.readableBytesView))
            }
            try await body(post, tokens)
        }
    }

    enum FixtureError: Error { case setup(String) }
}
