import Foundation

/// One HTTP exchange with the sync server, without retries or authentication logic: the seam
/// between the sync client and the network. ``HTTPSyncTransport`` is the real one; tests wrap it
/// to drop connections, lose answers or alter what the server sent.
///
/// ```swift
/// let response = try await transport.send(SyncHTTPRequest(method: .get, url: "http://127.0.0.1:8080/health"))
/// ```
public protocol SyncTransport: Sendable {
    /// Sends the request once. Throws when no answer arrived (connection refused or broken,
    /// timeout); an answer with an error status is returned, not thrown.
    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse
}

public struct SyncHTTPRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    /// The absolute URL, query included.
    public var url: String
    /// Header names and values; the transport adds nothing but what HTTP itself needs.
    public var headers: [String: String]
    public var body: [UInt8]?

    public init(method: Method, url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The path and query without scheme and host, for logs and error messages.
    public var route: String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        let path = rest[slash...]
        return String(path.prefix { $0 != "?" })
    }
}

public struct SyncHTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header values by lowercased name.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
