public import Hummingbird
public import NIOCore

/// The per-request context: Hummingbird's core storage, the client's address (for the login
/// limit) and, once the token checked out, who is calling.
public struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by ``AuthenticationMiddleware``; nil on the public routes.
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        identity = nil
    }

    /// The caller, on routes behind the authentication middleware.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.missingToken }
        return identity
    }

    /// The client's IP address as text, for the login limit and the audit trail.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
