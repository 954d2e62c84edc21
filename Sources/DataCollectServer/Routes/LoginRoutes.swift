import DataCollectCore
import DataCollectIntegrity
import Hummingbird
import HTTPTypes

/// `POST /api/users/login`: email and password in, `{token, userId}` out (the existing apps'
/// shape), plus the role, tenants and expiry. Failed attempts are limited per account and per
/// client address; the answer never says whether the email exists.
struct LoginRoutes {
    let services: ServerServices

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/users/login") { request, context in try await login(request, context: context) }
    }

    private func login(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let body = try await services.body.json(of: request)
        let email = UserAccount.normalizedEmail(try body.requiredString("email"))
        let password = try body.requiredString("password")
        let address = context.clientAddress
        if let wait = await services.throttle.retryAfter(email: email, address: address) {
            services.metrics.recordThrottledLogin()
            var error = APIError(.tooManyRequests, code: "TOO_MANY_ATTEMPTS",
                                 message: "Too many failed sign-ins; try again in \(wait) seconds.")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let directory = services.directory
        let account = try await blocking { try directory.user(email: email) }
        // Unknown emails cost a bcrypt check too, so timing does not tell which emails exist.
        let matches = try await services.hasher.verify(password, hash: account?.passwordHash ?? services.decoyHash)
        guard let account, matches else {
            await services.throttle.recordFailure(email: email, address: address)
            services.metrics.recordLogin(succeeded: false)
            throw APIError(.unauthorized, code: "INVALID_CREDENTIALS", message: "Invalid email or password.")
        }
        await services.throttle.recordSuccess(email: email)
        services.metrics.recordLogin(succeeded: true)
        let token = try await services.tokens.issue(for: account)
        // Every tenant the account can reach records the sign-in in its audit trail.
        for tenantId in account.tenants {
            let manager = try await services.tenants.handle(tenantId).manager
            let actor = "user:\(account.id)"
            try await blocking { try manager.recordAccess(action: "login", actor: actor, entityGuid: "", details: [:], at: .now()) }
        }
        return .json([
            "token": .string(token), "userId": .number(JSONNumber(Int(account.id))), "role": .string(account.role.rawValue),
            "tenants": .array(account.tenants.map { .string($0) }),
            "expiresIn": .number(JSONNumber(services.tokens.lifetimeSeconds)),
        ])
    }

}
