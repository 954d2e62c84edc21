import DataCollectCore

/// Turns a verified token into the caller's *current* identity: the role and tenants are read
/// from the directory on every request, so that deleting an account, changing its role or
/// taking a tenant away takes effect at once, not when old tokens expire.
struct AccountGate: Sendable {
    let directory: any AccountDirectory

    func current(_ token: Identity) async throws -> Identity {
        let directory = directory
        guard let account = try await blocking({ try directory.user(id: token.userId) }) else { throw APIError.invalidToken }
        return Identity(userId: account.id, role: account.role, tenants: Set(account.tenants), tokenId: token.tokenId)
    }
}
