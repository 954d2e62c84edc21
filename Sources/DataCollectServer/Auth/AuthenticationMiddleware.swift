import Hummingbird

/// Checks the bearer token of every request behind it and records who is calling. Roles and
/// tenants are checked by each route, from the identity alone.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let tokens: TokenService
    let accounts: AccountGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw APIError.missingToken }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.missingToken }
        let token = try await tokens.verify(String(parts[1]))
        var context = context
        context.identity = try await accounts.current(token)
        return try await next(request, context)
    }
}
