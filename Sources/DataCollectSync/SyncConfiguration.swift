import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Where and how a client syncs one tenant.
///
/// ```swift
/// var configuration = SyncConfiguration(
///     serverURL: "https://sync.example.org", tenant: "household-survey",
///     credentials: .password(email: "collector@example.org", password: password))
/// configuration.serverKey = pinnedKey   // optional: else trust on first use
/// ```
public struct SyncConfiguration: Sendable {
    /// `http://` or `https://`, host, optional port and path prefix (no query).
    public var serverURL: String
    /// The tenant (app configuration) id: `configId` on the wire.
    public var tenant: String
    public var credentials: SyncCredentials
    /// The server's checkpoint verifier key (`<name>+<key ID>+<key>`). When nil, the key seen at
    /// the first sync is pinned (trust on first use) and any other key later is an integrity error.
    public var serverKey: String?
    /// Events per push request; the server takes at most 1,000 (it answers 413 above, and the
    /// client then halves the batch).
    public var pushBatchSize: Int = 1_000
    /// Events per pull request (the server's maximum is 1,000).
    public var pullPageSize: Int = 1_000
    /// Events verified and applied per round. A round holds its events in memory until all
    /// are verified, so this bounds memory on a first sync of a large tenant.
    public var maxEventsPerRound: Int = 10_000
    public var retry = RetryPolicy()
    /// How long one request may take, connecting included, when the manager makes its own
    /// HTTP client (a transport passed in brings its own).
    public var requestTimeoutSeconds: Double = 60

    public init(serverURL: String, tenant: String, credentials: SyncCredentials, serverKey: String? = nil) {
        self.serverURL = serverURL
        self.tenant = tenant
        self.credentials = credentials
        self.serverKey = serverKey
    }

    /// Throws ``SyncError/invalidConfiguration(_:)`` naming the first unusable setting.
    public func validate() throws(SyncError) {
        guard let url = URL(string: serverURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil, url.query == nil
        else {
            throw .invalidConfiguration("the server URL must be http:// or https:// with a host and no query.")
        }
        guard TenantRecord.isValidID(tenant) else {
            throw .invalidConfiguration("a tenant id is letters, digits, '-' and '_' (at most 64).")
        }
        guard pushBatchSize >= 1, pullPageSize >= 1, maxEventsPerRound >= 1 else {
            throw .invalidConfiguration("batch, page and round sizes must be at least 1.")
        }
        guard requestTimeoutSeconds > 0 else {
            throw .invalidConfiguration("the request timeout must be more than zero seconds.")
        }
        guard retry.maxAttempts >= 1, retry.baseDelaySeconds >= 0, retry.maxDelaySeconds >= 0 else {
            throw .invalidConfiguration("retries need at least one attempt and delays of zero or more seconds.")
        }
        if let serverKey {
            do {
                _ = try NoteVerifier(verifierKey: serverKey)
            } catch {
                throw .invalidConfiguration("the server key is not a verifier key: \(error)")
            }
        }
        if case .password(let email, let password) = credentials, email.isEmpty || password.isEmpty {
            throw .invalidConfiguration("an email and a password are both required.")
        }
        if case .token(let token) = credentials, token.isEmpty {
            throw .invalidConfiguration("the access token is empty.")
        }
    }

    /// The server URL without a trailing slash, ready for a route to be appended.
    var baseURL: String {
        var base = serverURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

/// How the client proves who it is. Never printed: ``description`` names only the kind.
public enum SyncCredentials: Sendable, CustomStringConvertible {
    /// Signs in with `POST /api/users/login` and uses the token it returns (again after a 401).
    case password(email: String, password: String)
    /// A bearer token obtained elsewhere.
    case token(String)

    public var description: String {
        switch self {
        case .password: "email and password"
        case .token: "access token"
        }
    }
}
