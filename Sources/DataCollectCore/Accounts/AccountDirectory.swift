/// The server's own records: accounts and tenants. Each tenant's events live in its own
/// ``DataStore``; this directory only says who may reach which tenant.
///
/// Implementations serialise their writes; every method is one transaction.
public protocol AccountDirectory: Sendable {
    func user(email: String) throws -> UserAccount?
    func user(id: Int64) throws -> UserAccount?
    /// Every account, by id.
    func users() throws -> [UserAccount]
    /// Creates an account; nil when the email is taken (emails compare normalised).
    func createUser(email: String, passwordHash: String, role: Role, tenants: [String],
                    createdAt: EventTimestamp) throws -> UserAccount?
    /// Replaces an account's email, hash, role and tenants; false when the id is unknown or the
    /// new email belongs to another account.
    func updateUser(_ account: UserAccount) throws -> Bool
    /// False when the id is unknown.
    func deleteUser(id: Int64) throws -> Bool
    func hasAdmin() throws -> Bool

    func tenant(id: String) throws -> TenantRecord?
    /// Every tenant, by id.
    func tenants() throws -> [TenantRecord]
    /// Creates or replaces a tenant's record.
    func saveTenant(_ tenant: TenantRecord) throws
    /// False when the id is unknown.
    func deleteTenant(id: String) throws -> Bool
}
