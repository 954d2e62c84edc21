import DataCollectCore
import DataCollectIntegrity
import Foundation
import Hummingbird
import HTTPTypes

/// `/api/users`: accounts. Listing, creating, changing and deleting need the admin role;
/// `check-token` and `me` answer any signed-in caller about themselves.
struct UserRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/users/check-token") { _, _ in Response.json(["message": "Token is valid"]) }
        group.get("/api/users/me") { _, context in try await me(context) }
        group.get("/api/users") { _, context in try await list(context) }
        group.post("/api/users") { request, context in try await create(request, context: context) }
        group.put("/api/users/:id") { request, context in try await update(request, context: context) }
        group.delete("/api/users/:id") { _, context in try await delete(context) }
    }

    static func json(_ account: UserAccount) -> JSONValue {
        [
            "id": .number(JSONNumber(Int(account.id))), "email": .string(account.email), "role": .string(account.role.rawValue),
            "tenants": .array(account.tenants.map { .string($0) }), "createdAt": .string(account.createdAt.iso8601),
        ]
    }

    private func me(_ context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let directory = services.directory
        guard let account = try await blocking({ try directory.user(id: identity.userId) }) else { throw APIError.invalidToken }
        return .json(Self.json(account))
    }

    private func list(_ context: ServerRequestContext) async throws -> Response {
        try context.requireIdentity().require(.admin, for: "list accounts")
        let directory = services.directory
        return .json(.array(try await blocking { try directory.users() }.map(Self.json)))
    }

    private func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try context.requireIdentity().require(.admin, for: "create accounts")
        let body = try await services.body.json(of: request)
        let role = try Self.role(body["role"])
        let tenants = try await grantableTenants(body["tenants"] ?? .array([]), by: context.requireIdentity())
        let account = try await AccountCreation(hasher: services.hasher).create(
            email: try body.requiredString("email"), password: try body.requiredString("password"), role: role,
            tenants: tenants, in: services.directory)
        var answer = Self.json(account).objectValue ?? [:]
        answer["message"] = "User created successfully"
        return .json(.object(answer), status: .created)
    }

    private func update(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try context.requireIdentity().require(.admin, for: "change accounts")
        let id = try Self.id(context)
        let body = try await services.body.json(of: request)
        let directory = services.directory
        guard var account = try await blocking({ try directory.user(id: id) }) else {
            throw APIError.notFound("There is no account with this id.", field: "id")
        }
        if let email = body["email"] { account.email = try AccountCreation.checkedEmail(email.stringValue ?? "") }
        if let role = body["role"] { account.role = try Self.role(role) }
        if let tenants = body["tenants"] {
            // Tenants the admin does not hold stay as they were: it can neither grant nor take them.
            let admin = try context.requireIdentity()
            account.tenants = try await grantableTenants(tenants, by: admin) + account.tenants.filter { !admin.tenants.contains($0) }
        }
        if let password = body["password"] {
            guard let text = password.stringValue else { throw APIError.badRequest("password must be a string.", field: "password") }
            try PasswordHasher.check(text)
            account.passwordHash = try await services.hasher.hash(text)
        }
        let changed = account
        guard try await blocking({ try directory.updateUser(changed) }) else {
            throw APIError.conflict("Another account already has this email.", field: "email")
        }
        var answer = Self.json(changed).objectValue ?? [:]
        answer["message"] = "User updated successfully"
        return .json(.object(answer))
    }

    private func delete(_ context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.admin, for: "delete accounts")
        let directory = services.directory
        let raw = try context.parameters.require("id")
        // The existing admin app deletes by email; ids work too.
        let target: UserAccount? = try await blocking {
            if let id = Int64(raw) { return try directory.user(id: id) }
            return try directory.user(email: raw)
        }
        guard let target else { throw APIError.notFound("There is no such account.", field: "id") }
        guard target.id != identity.userId else {
            throw APIError.conflict("You cannot delete your own account; another admin can.", field: "id")
        }
        _ = try await blocking { try directory.deleteUser(id: target.id) }
        return .json(["message": "User deleted successfully"])
    }

    // MARK: Checking input

    private static func id(_ context: ServerRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")) else {
            throw APIError.badRequest("The account id must be a number.", field: "id")
        }
        return id
    }

    private static func role(_ value: JSONValue?) throws -> Role {
        guard let text = value?.stringValue, let role = Role(parsing: text) else {
            throw APIError(.unprocessableContent, code: "INVALID_ROLE",
                           message: "role must be one of admin, auditor, collector.", field: "role")
        }
        return role
    }

    /// The tenant list of a request: each must exist, and an admin grants only tenants it holds.
    private func grantableTenants(_ value: JSONValue, by admin: Identity) async throws -> [String] {
        guard let items = value.arrayValue else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "tenants must be a list of tenant ids.", field: "tenants")
        }
        let ids = try items.map { item in
            guard let id = item.stringValue, TenantRecord.isValidID(id) else {
                throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "tenants must be a list of tenant ids.", field: "tenants")
            }
            return id
        }
        for id in ids { try admin.require(tenant: id) }
        let directory = services.directory
        let known = Set(try await blocking { try directory.tenants() }.map(\.id))
        guard Set(ids).isSubset(of: known) else {
            throw APIError(.unprocessableContent, code: "UNKNOWN_TENANT", message: "A listed tenant does not exist.", field: "tenants")
        }
        return Array(Set(ids)).sorted()
    }
}
