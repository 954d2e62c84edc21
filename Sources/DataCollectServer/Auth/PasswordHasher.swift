import HummingbirdBcrypt
import HTTPTypes
import NIOPosix

/// bcrypt on the blocking thread pool: each hash costs tens of milliseconds on purpose, which
/// must not stall the event loops.
struct PasswordHasher: Sendable {
    var cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// The rules a new password must meet; the message says which one failed.
    static func check(_ password: String) throws {
        guard password.count >= 12 else {
            throw APIError(.unprocessableContent, code: "WEAK_PASSWORD",
                           message: "A password needs at least 12 characters.", field: "password")
        }
        guard password.utf8.count <= 72 else {
            // bcrypt reads only the first 72 bytes: a longer password would be silently cut.
            throw APIError(.unprocessableContent, code: "PASSWORD_TOO_LONG",
                           message: "A password may have at most 72 bytes (bcrypt's limit).", field: "password")
        }
    }
}
