import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import DataCollectSQLite
import DataCollectSync
import Foundation
import HummingbirdTesting

/// A real sync server on a random loopback port over SQLite files in a temporary folder, with
/// tenants `alpha` and `beta` and a collector account holding only `alpha`. The server can be
/// stopped and started again on the same folder, so tests can tamper with its files in between
/// (as an attacker with access to the server's disk would).
struct SyncServerFixture: Sendable {
    static let secret = Array("test-secret-not-for-production-0123456789".utf8)
    static let password = "correct horse battery staple"
    static let collectorEmail = "collector@example.org"
    let folder: String
    let configuration: ServerConfiguration

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        folder = NSTemporaryDirectory() + "datacollect-sync-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/devices", withIntermediateDirectories: true)
        var configuration = ServerConfiguration(jwtSecret: Self.secret)
        configuration.bcryptCost = 4
        configure(&configuration)
        self.configuration = configuration
    }

    var tenantFolder: String { folder + "/tenants" }
    func tenantPath(_ tenant: String) -> String { tenantFolder + "/\(tenant).sqlite" }
    func keyPath(_ tenant: String) -> String { folder + "/keys/\(tenant).signing-key" }
    var devicesFolder: String { folder + "/devices" }

    /// The tenant's store, opened beside the server (SQLite allows it) to see what landed.
    func tenantManager(_ tenant: String = "alpha") throws -> EntityDataManager {
        EntityDataManager(store: try SQLiteStore(path: tenantPath(tenant)))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Starts the server (setting up tenants and accounts the first time), runs `body`, stops it.
    func run<Result: Sendable>(_ body: @escaping @Sendable (RunningServer) async throws -> Result) async throws -> Result {
        let firstStart = !FileManager.default.fileExists(atPath: folder + "/server.sqlite")
        let app = try await DataCollectServerApp.make(
            configuration: configuration, directory: try SQLiteAccountDirectory.open(path: folder + "/server.sqlite"),
            stores: try SQLiteTenantStores(folder: tenantFolder), keyFolder: folder + "/keys",
            admin: AdminBootstrap(email: "admin@example.org", password: Self.password))
        return try await app.test(.live) { client in
            guard let port = client.port else { throw FixtureError.setup("the live test server has no port") }
            return try await HTTPSyncTransport.withTransport(timeoutSeconds: 20) { transport in
                let server = RunningServer(url: "http://127.0.0.1:\(port)", transport: transport)
                if firstStart { try await server.setUp() }
                return try await body(server)
            }
        }
    }

    enum FixtureError: Error { case setup(String) }
}

/// A started server: its URL, a transport to reach it, and ready-made client configurations.
struct RunningServer: Sendable {
    let url: String
    let transport: HTTPSyncTransport

    /// Retries without real waiting, so failure tests stay fast.
    static let quickRetry = RetryPolicy(maxAttempts: 3, baseDelaySeconds: 0.001, maxDelaySeconds: 0.005)

    func configuration(tenant: String = "alpha") -> SyncConfiguration {
        var configuration = SyncConfiguration(
            serverURL: url, tenant: tenant,
            credentials: .password(email: SyncServerFixture.collectorEmail, password: SyncServerFixture.password))
        configuration.retry = Self.quickRetry
        return configuration
    }

    /// Sends one JSON request (for setting up the fixture and checking answers).
    func call(_ method: SyncHTTPRequest.Method, _ path: String, token: String? = nil,
              json: JSONValue? = nil) async throws -> (status: Int, json: JSONValue?) {
        var request = SyncHTTPRequest(method: method, url: url + path)
        if let token { request.headers["Authorization"] = "Bearer \(token)" }
        if let json {
            request.body = json.canonicalBytes
            request.headers["Content-Type"] = "application/json"
        }
        let response = try await transport.send(request)
        return (response.status, try? JSONParser.parse(response.body))
    }

    func login(_ email: String) async throws -> String {
        let answer = try await call(.post, "/api/users/login",
                                    json: ["email": .string(email), "password": .string(SyncServerFixture.password)])
        guard answer.status == 200, let token = answer.json?["token"]?.stringValue else {
            throw SyncServerFixture.FixtureError.setup("login: \(answer.status)")
        }
        return token
    }

    /// Creates tenants `alpha` and `beta` and the collector account (holding `alpha`).
    func setUp() async throws {
        let admin = try await login("admin@example.org")
        for tenant in ["alpha", "beta"] {
            let created = try await call(.post, "/api/apps", token: admin,
                                         json: ["id": .string(tenant), "name": .string("Tenant \(tenant)"), "entityForms": []])
            guard created.status == 201 else { throw SyncServerFixture.FixtureError.setup("tenant \(tenant): \(created.status)") }
        }
        let made = try await call(.post, "/api/users", token: admin, json: [
            "email": .string(SyncServerFixture.collectorEmail), "password": .string(SyncServerFixture.password),
            "role": "collector", "tenants": ["alpha"],
        ])
        guard made.status == 201 else { throw SyncServerFixture.FixtureError.setup("collector: \(made.status)") }
    }
}
