import Foundation

/// A person who signs in to the server: never more than the email, a bcrypt hash of the
/// password, a role and the tenants the person may reach.
public struct UserAccount: Sendable, Hashable {
    public var id: Int64
    public var email: String
    /// A bcrypt hash (`$2b$…`); the password itself is never stored.
    public var passwordHash: String
    public var role: Role
    /// Tenant ids this account may reach, sorted. An admin manages tenants but reads and writes
    /// only the events of the tenants listed here.
    public var tenants: [String]
    public var createdAt: EventTimestamp

    public init(id: Int64, email: String, passwordHash: String, role: Role, tenants: [String], createdAt: EventTimestamp) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.tenants = tenants.sorted()
        self.createdAt = createdAt
    }

    /// Emails compare without regard to case or surrounding spaces.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
