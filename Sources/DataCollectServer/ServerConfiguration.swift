/// Everything `datacollect serve` needs to start; tests build one directly.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// The HS256 secret for access tokens: at least 32 bytes, from `DATACOLLECT_JWT_SECRET` or
    /// `--jwt-secret-file`. The server refuses to start without one.
    public var jwtSecret: [UInt8]
    /// How long an access token stays valid.
    public var tokenLifetimeSeconds: Int = 8 * 3600
    /// bcrypt cost for new password hashes (each step doubles the work).
    public var bcryptCost: UInt8 = 12
    /// Most events one push may carry.
    public var maxPushBatch: Int = 1_000
    /// Largest request body, in bytes; larger requests get 413.
    public var maxBodyBytes: Int = 32 << 20
    /// Largest page a pull may ask for.
    public var maxPullLimit: Int = 1_000
    /// Failed logins tolerated per account, and per client address, in `loginWindowSeconds`.
    public var loginFailuresPerAccount: Int = 5
    public var loginFailuresPerAddress: Int = 20
    public var loginWindowSeconds: Int = 15 * 60
    /// The server's address as devices reach it (see ``PublicBaseURL``), written into public
    /// artifacts and QR codes; nil takes it from each request's `Host` header.
    public var publicBaseURL: String?

    public init(jwtSecret: [UInt8]) {
        self.jwtSecret = jwtSecret
    }

    /// The shortest secret accepted: 256 bits, the size of the HMAC-SHA-256 block's useful key.
    public static let minimumSecretBytes = 32
}

/// The first admin, created at start when the directory has none.
public struct AdminBootstrap: Sendable {
    public var email: String
    public var password: String

    public init(email: String, password: String) {
        self.email = email
        self.password = password
    }
}
