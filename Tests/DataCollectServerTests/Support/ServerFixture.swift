import DataCollectCore
import DataCollectIntegrity
import DataCollectPostgres
import DataCollectTestSupport
import DataCollectServer
import DataCollectSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import NIOCore

/// The server's storage in a test: SQLite files, or a fresh database of the test suite's own
/// PostgreSQL cluster.
enum ServerStorage: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A real server on a random loopback port over real storage (SQLite files in a temporary
/// folder, or PostgreSQL), with an admin, two tenants (`alpha`, `beta`) and one account of each
/// role holding `alpha`.
struct ServerFixture {
    static let secret = Array("test-secret-not-for-production-0123456789".utf8)
    static let password = "correct horse battery staple"
    let folder: String
    let storage: ServerStorage
    private let postgres: PostgresLocation?
    var configuration: ServerConfiguration

    init(storage: ServerStorage = .sqlite, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        folder = NSTemporaryDirectory() + "datacollect-server-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.storage = storage
        postgres = storage == .postgres ? try PostgresDatabaseForTests.freshDatabase() : nil
        var configuration = ServerConfiguration(jwtSecret: Self.secret)
        configuration.bcryptCost = 4
        configure(&configuration)
        self.configuration = configuration
    }

    var tenantFolder: String { folder + "/tenants" }

    /// The tenant's store, opened beside the server (both databases allow it) to check what landed.
    func tenantStore(_ id: String) throws -> any DataStore {
        if let postgres { return try PostgresTenantStores(location: postgres).openStore(tenant: id) }
        return try SQLiteStore(path: tenantFolder + "/\(id).sqlite")
    }

    private func directory() throws -> any AccountDirectory {
        if let postgres { return try PostgresAccountDirectory.open(location: postgres) }
        return try SQLiteAccountDirectory.open(path: folder + "/server.sqlite")
    }

    private func stores() throws -> any TenantStoreProvider {
        if let postgres { return PostgresTenantStores(location: postgres) }
        return try SQLiteTenantStores(folder: tenantFolder)
    }

    /// Starts the server, signs in the admin, creates the tenants and accounts, runs `body`,
    /// stops the server and removes the folder.
    func run(_ body: @escaping @Sendable (APIClient, Accounts) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await DataCollectServerApp.make(
            configuration: configuration, directory: try directory(), stores: try stores(), keyFolder: folder + "/keys",
            admin: AdminBootstrap(email: "admin@example.org", password: Self.password))
        try await app.test(.live) { client in
            let api = APIClient(client: client)
            let admin = try await api.login("admin@example.org")
            for tenant in ["alpha", "beta"] {
                let created = try await api.call(.post, "/api/apps", token: admin,
                                                 json: ["id": .string(tenant), "name": .string("Tenant \(tenant)"), "entityForms": []])
                guard created.status == .created else { throw FixtureError.setup("tenant \(tenant): \(created.status)") }
            }
            var tokens: [Role: String] = [:]
            for role in Role.allCases where role != .admin {
                let made = try await api.call(.post, "/api/users", token: admin, json: [
                    "email": .string("\(role.rawValue)@example.org"), "password": .string(Self.password),
                    "role": .string(role.rawValue), "tenants": ["alpha"],
                ])
                guard made.status == .created else { throw FixtureError.setup("user \(role): \(made.status)") }
                tokens[role] = try await api.login("\(role.rawValue)@example.org")
            }
            // The admin holds alpha too, like the other accounts.
            let adminId = try #require(try await api.call(.get, "/api/users/me", token: admin).json?["id"]?.numberValue?.intValue)
            _ = try await api.call(.put, "/api/users/\(adminId)", token: admin, json: ["tenants": ["alpha"]])
            tokens[.admin] = admin
            try await body(api, Accounts(tokens: tokens))
        }
    }

    struct Accounts: Sendable {
        let tokens: [Role: String]
        func token(_ role: Role) -> String { tokens[role]! }
    }

    enum FixtureError: Error { case setup(String) }
}

/// A thin JSON client over HummingbirdTesting's live HTTP client.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        var json: JSONValue? { try? JSONParser.parse(body) }
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
    }

    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: JSONValue? = nil,
              rawBody: [UInt8]? = nil, contentType: String? = nil, headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: json.canonicalBytes)
            headers[.contentType] = "application/json"
        }
        if let rawBody { body = ByteBuffer(bytes: rawBody) }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        return Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
    }

    func login(_ email: String, password: String = ServerFixture.password) async throws -> String {
        let answer = try await call(.post, "/api/users/login", json: ["email": .string(email), "password": .string(password)])
        guard answer.status == .ok, let token = answer.json?["token"]?.stringValue else {
            throw ServerFixture.FixtureError.setup("login \(email): \(answer.status)")
        }
        return token
    }
}
