import DataCollectIntegrity
import DataCollectSync
import Synchronization

/// The real transport with faults injected per request: refused connections, answers lost
/// after the server acted, error statuses, or answers altered in transit. Counts requests by
/// route, so tests see what was retried and what was not.
final class FaultyTransport: SyncTransport {
    enum Fault: Sendable {
        case none
        /// No connection: the server never sees the request.
        case refuseConnection
        /// The server handles the request, but its answer never arrives.
        case loseAnswer
        /// An error status instead of reaching the server.
        case status(Int)
        /// The server's JSON answer, changed on the way.
        case alter(@Sendable (JSONValue) -> JSONValue)
    }

    struct TransportError: Error {}

    private let base: any SyncTransport
    /// Decides the fault for a request, given its route and how many requests to that route came before.
    private let fault: @Sendable (_ route: String, _ earlier: Int) -> Fault
    private let counts = Mutex<[String: Int]>([:])

    init(_ base: any SyncTransport, fault: @escaping @Sendable (_ route: String, _ earlier: Int) -> Fault) {
        self.base = base
        self.fault = fault
    }

    /// Requests sent so far to this route (faulty ones included).
    func requests(to route: String) -> Int { counts.withLock { $0[route, default: 0] } }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let earlier = counts.withLock { counts in
            defer { counts[request.route, default: 0] += 1 }
            return counts[request.route, default: 0]
        }
        switch fault(request.route, earlier) {
        case .none:
            return try await base.send(request)
        case .refuseConnection:
            throw TransportError()
        case .loseAnswer:
            _ = try await base.send(request)
            throw TransportError()
        case .status(let status):
            return SyncHTTPResponse(status: status, body: Array(#"{"error":{"code":"INJECTED","message":"Injected by the test."}}"#.utf8))
        case .alter(let change):
            var response = try await base.send(request)
            let json = try JSONParser.parse(response.body)
            response.body = change(json).canonicalBytes
            return response
        }
    }
}
