public import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real transport: AsyncHTTPClient over HTTP/1.1 or HTTP/2, TLS when the URL says https.
///
/// Redirects are never followed: a redirect would carry the bearer token (or, on login, the
/// password) to wherever the `Location` header points. ``withTransport(timeoutSeconds:maxResponseBytes:_:)``
/// makes a client configured that way and shuts it down when the body returns.
///
/// ```swift
/// let report = try await HTTPSyncTransport.withTransport { transport in
///     try await InternalSyncManager(manager: manager, configuration: configuration, transport: transport).sync()
/// }
/// ```
public struct HTTPSyncTransport: SyncTransport {
    public let client: HTTPClient
    /// How long one exchange may take, connecting included. AsyncHTTPClient keeps trying to
    /// connect until the connect timeout (this, at most 5 seconds), so a refused connection
    /// fails only after that long.
    public let timeoutSeconds: Double
    /// Largest response body accepted; a pull page of 1,000 events with proofs is a few MiB.
    public let maxResponseBytes: Int

    /// A transport over a client the caller owns (and shuts down).
    public init(client: HTTPClient, timeoutSeconds: Double = 60, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }

    /// Runs `body` with a transport over a client of its own (redirects off), and shuts that
    /// client down when `body` returns or throws.
    public static func withTransport<Result>(
        timeoutSeconds: Double = 60, maxResponseBytes: Int = 64 << 20,
        _ body: (HTTPSyncTransport) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: Self.milliseconds(min(timeoutSeconds, 5)), read: Self.milliseconds(timeoutSeconds))
        return try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            try await body(HTTPSyncTransport(client: client, timeoutSeconds: timeoutSeconds, maxResponseBytes: maxResponseBytes))
        }
    }

    public func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method == .post ? .POST : .GET
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            outgoing.headers.add(name: name, value: value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(outgoing, timeout: Self.milliseconds(timeoutSeconds))
        let body = try await response.body.collect(upTo: maxResponseBytes)
        var headers: [String: String] = [:]
        for header in response.headers {
            headers[header.name.lowercased()] = header.value
        }
        return SyncHTTPResponse(status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
    }

    private static func milliseconds(_ seconds: Double) -> TimeAmount {
        .milliseconds(Int64(max(0.001, seconds) * 1000))
    }
}
