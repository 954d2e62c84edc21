public import DataCollectCore
import HTTPTypes

/// The one way accounts are made — by the API, at start from the environment, and by
/// `datacollect user add`: a real email, a password that meets the rules, a bcrypt hash.
public struct AccountCreation: Sendable {
    let hasher: PasswordHasher

    public init(bcryptCost: UInt8) {
        hasher = PasswordHasher(cost: bcryptCost)
    }

    init(hasher: PasswordHasher) {
        self.hasher = hasher
    }

    /// Creates the account; a clear error when the email or password is unacceptable or the
    /// email is taken.
    public func create(email: String, password: String, role: Role, tenants: [String],
                       in directory: any AccountDirectory) async throws -> UserAccount {
        let email = try Self.checkedEmail(email)
        try PasswordHasher.check(password)
        let hash = try await hasher.hash(password)
        guard let account = try await blocking({
            try directory.createUser(email: email, passwordHash: hash, role: role, tenants: tenants, createdAt: .now())
        }) else { throw APIError.conflict("An account with this email already exists.", field: "email") }
        return account
    }

    /// The normalised email, or an error saying it is not one.
    static func checkedEmail(_ text: String) throws -> String {
        let email = UserAccount.normalizedEmail(text)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !email.contains(where: { $0.isWhitespace || $0.isNewline })
        else { throw APIError(.unprocessableContent, code: "INVALID_EMAIL", message: "This is not an email address.", field: "email") }
        return email
    }
}
