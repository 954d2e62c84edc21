import DataCollectCore
import DataCollectIntegrity
import Hummingbird
import HTTPTypes

/// What the routes share: built once by ``DataCollectServer``, read-only afterwards.
struct ServerServices: Sendable {
    let configuration: ServerConfiguration
    let directory: any AccountDirectory
    let tenants: TenantRegistry
    let tokens: TokenService
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    let metrics: ServerMetrics
    let body: RequestBodyReader
    /// A bcrypt hash of a random string at the configured cost, checked when a login names an
    /// unknown email so that timing does not tell which emails exist.
    let decoyHash: String

    /// The tenant a request names (`configId`, as the existing apps send it), checked against
    /// the caller's tenants before anything is opened.
    func tenant(_ id: String?, for identity: Identity) async throws -> TenantHandle {
        guard let id, !id.isEmpty else { throw APIError.badRequest("Name the tenant with configId.", field: "configId") }
        guard TenantRecord.isValidID(id) else {
            throw APIError.badRequest("A tenant id is letters, digits, '-' and '_' (at most 64).", field: "configId")
        }
        try identity.require(tenant: id)
        return try await tenants.handle(id)
    }
}

extension Request {
    /// A query parameter as text (percent-decoded by Hummingbird).
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }

    /// A non-negative integer query parameter, with a clear 400 when it is not one.
    func integerQuery(_ name: String) throws -> Int? {
        guard let text = query(name), !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw APIError.badRequest("\(name) must be a whole number, 0 or more.", field: name)
        }
        return value
    }

    /// The `log` query parameter: `events` (the default) or `audit`.
    func logQuery() throws -> LogName {
        guard let text = query("log"), !text.isEmpty else { return .events }
        guard let log = LogName(rawValue: text) else {
            throw APIError.badRequest("log must be events or audit.", field: "log")
        }
        return log
    }
}

extension JSONValue {
    /// A required string member of a request body.
    func requiredString(_ key: String) throws -> String {
        guard let value = self[key]?.stringValue, !value.isEmpty else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "\(key) is required and must be a string.", field: key)
        }
        return value
    }
}
