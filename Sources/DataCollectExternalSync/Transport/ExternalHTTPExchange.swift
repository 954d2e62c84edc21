import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request to an external system, as every adapter sends it: the session's headers,
/// a JSON body when there is one, a timeout and a size limit on the answer. Failures become
/// ``ExternalSyncError``s that name the system and the route, never the URL, the headers or
/// the answer's body (errors reach logs and HTTP answers).
struct ExternalHTTPExchange: Sendable {
    /// How errors name the system ("The webhook", "OpenSPP").
    let systemName: String
    /// The base URL without a trailing slash. Never put into errors or logs.
    let baseURL: String
    let client: HTTPClient
    var timeoutSeconds: Int64 = 30
    var maxResponseBytes = 32 << 20

    /// The base URL of a configuration, checked: http or https with a host; a trailing `/` dropped.
    static func baseURL(_ url: String, adapter: String) throws(ExternalSyncError) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              parsed.host?.isEmpty == false
        else {
            throw ExternalSyncError(.invalidConfiguration, field: "externalSync.url",
                                    message: "The \(adapter) adapter needs an http:// or https:// url.")
        }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Sends the request and returns the answer's body; non-2xx answers throw.
    func send(_ method: HTTPMethod, path: String, body: [UInt8]?, headers: [String: String]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(NIOCore.ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let collected: NIOCore.ByteBuffer
        do {
            response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
            collected = try await response.body.collect(upTo: maxResponseBytes)
        } catch let error as HTTPClientError {
            // HTTPClientError descriptions are fixed names ("connectTimeout"), never addresses or headers.
            throw ExternalSyncError(.unreachable, message: "\(systemName) could not be reached (\(error)).")
        } catch {
            throw ExternalSyncError(.unreachable, message: "\(systemName) could not be reached (\(Swift.type(of: error))).")
        }
        let route = "\(method.rawValue) \(path.split(separator: "?").first ?? "")"
        switch response.status.code {
        case 200..<300:
            return Array(collected.readableBytesView)
        case 401, 403:
            throw ExternalSyncError(.authenticationFailed,
                                    message: "\(systemName) refused the API key or credentials (\(response.status.code) on \(route)).")
        default:
            throw ExternalSyncError(.refused, message: "\(systemName) answered \(response.status.code) to \(route).")
        }
    }
}
