public import DataCollectCore
import HTTPTypes

/// Who is calling, as the verified token says: every route decides from this alone.
public struct Identity: Sendable, Hashable {
    public var userId: Int64
    public var role: Role
    public var tenants: Set<String>
    /// The token's id (`jti`), for the audit trail.
    public var tokenId: String

    /// The actor name written into audit entries: the account, never what a client claims.
    public var auditActor: String { "user:\(userId)" }

    /// Refuses callers whose role is not among `roles`.
    func require(_ roles: Role..., for action: String) throws {
        guard roles.contains(role) else {
            throw APIError.forbidden("Your role (\(role.rawValue)) may not \(action).")
        }
    }

    /// Refuses callers whose token does not hold `tenant`. The same answer whether or not the
    /// tenant exists, so that tenants cannot be probed.
    func require(tenant: String) throws {
        guard tenants.contains(tenant) else {
            throw APIError.forbidden("Your account may not reach this tenant.")
        }
    }
}
