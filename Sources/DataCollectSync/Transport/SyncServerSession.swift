import DataCollectCore
import DataCollectIntegrity
import Logging

/// The client's side of the sync routes for one tenant: signs in, sends each request with the
/// bearer token, retries transient failures with backoff, and turns error answers into
/// ``SyncError``. Holds the access token, hence an actor.
///
/// Logs routes, statuses and attempt numbers; never a request or response body.
actor SyncServerSession {
    private let configuration: SyncConfiguration
    private let transport: any SyncTransport
    private let logger: Logger
    private var token: String?

    init(configuration: SyncConfiguration, transport: any SyncTransport, logger: Logger) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        if case .token(let token) = configuration.credentials { self.token = token }
    }

    // MARK: Routes

    /// `POST /api/v2/sync/push?configId=`.
    func push(_ events: [JSONValue]) async throws -> PushAnswer {
        let route = "/api/v2/sync/push"
        return try PushAnswer(json: try await call(.post, route, body: ["events": .array(events)]), route: route)
    }

    /// `GET /api/v2/sync/pull?configId=&after=&limit=&proofSize=`.
    func pull(after: Int64, limit: Int, proofSize: UInt64) async throws -> PullPage {
        let route = "/api/v2/sync/pull"
        let answer = try await call(.get, route, query: [("after", String(after)), ("limit", String(limit)),
                                                         ("proofSize", String(proofSize))])
        return try PullPage(json: answer, route: route)
    }

    /// `POST /api/sync/push/audit-logs?configId=`: audit entries of this device; the server keeps
    /// each once (by guid), as `client:<action>` under the delivering account. Returns how many
    /// were new there.
    func pushAudit(_ entries: [JSONValue]) async throws -> Int {
        let route = "/api/sync/push/audit-logs"
        let answer = try await call(.post, route, body: ["auditLogs": .array(entries)])
        guard let appended = answer["appended"]?.numberValue?.intValue else {
            throw SyncError.invalidResponse(route: route, reason: "appended is missing")
        }
        return appended
    }

    /// `GET /api/v2/sync/pull/audit?configId=&after=&limit=&action=redact-event&proofSize=`: the
    /// server's erasures after the cursor that its audit log's first `proofSize` leaves hold,
    /// each checked against that checkpoint.
    func redactions(after: Int64, limit: Int, checkpoint: Checkpoint) async throws -> RedactionPage {
        let route = "/api/v2/sync/pull/audit"
        let answer = try await call(.get, route, query: [("after", String(after)), ("limit", String(limit)),
                                                         ("action", "redact-event"), ("proofSize", String(checkpoint.size))])
        return try RedactionPage(json: answer, route: route, after: after, checkpoint: checkpoint)
    }

    /// `POST /api/v2/checkpoints?configId=&log=`: a checkpoint of one log at its current size.
    func signCheckpoint(log: LogName = .events) async throws -> SignedCheckpointAnswer {
        let route = "/api/v2/checkpoints"
        return try SignedCheckpointAnswer(json: try await call(.post, route, query: Self.logQuery(log), body: [:]), route: route)
    }

    /// `GET /api/v2/consistency?configId=&from=&to=&log=`: the proof hashes only; the roots are
    /// the client's own (the one it verified before and the one just signed), never the server's.
    func consistencyProof(log: LogName = .events, from: UInt64, to: UInt64) async throws -> [[UInt8]] {
        let route = "/api/v2/consistency"
        let answer = try await call(.get, route, query: [("from", String(from)), ("to", String(to))] + Self.logQuery(log))
        guard let hashes = answer["proof"]?.arrayValue else {
            throw SyncError.invalidResponse(route: route, reason: "proof is missing")
        }
        return try hashes.map { hash in
            guard let bytes = hash.stringValue.flatMap({ [UInt8](hex: $0) }) else {
                throw SyncError.invalidResponse(route: route, reason: "a proof hash is not hex")
            }
            return bytes
        }
    }

    /// The events log is the routes' default, so its requests stay as they were.
    private static func logQuery(_ log: LogName) -> [(String, String)] {
        log == .events ? [] : [("log", log.rawValue)]
    }

    // MARK: Requests

    private func call(_ method: SyncHTTPRequest.Method, _ route: String, query: [(String, String)] = [],
                      body: JSONValue? = nil) async throws -> JSONValue {
        var signedInAgain = false
        while true {
            let token = try await currentToken()
            var request = SyncHTTPRequest(
                method: method, url: url(route, query: [("configId", configuration.tenant)] + query),
                headers: ["Authorization": "Bearer \(token)", "Accept": "application/json"])
            if let body {
                request.body = body.canonicalBytes
                request.headers["Content-Type"] = "application/json"
            }
            let response = try await exchange(request)
            // An expired token: sign in again once, when the client knows the password.
            if response.status == 401, !signedInAgain, case .password = configuration.credentials {
                signedInAgain = true
                self.token = nil
                continue
            }
            return try Self.json(response, route: route)
        }
    }

    private func currentToken() async throws -> String {
        if let token { return token }
        guard case .password(let email, let password) = configuration.credentials else {
            throw SyncError.invalidConfiguration("no access token and no password to obtain one.")
        }
        let route = "/api/users/login"
        let request = SyncHTTPRequest(
            method: .post, url: url(route, query: []),
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: JSONValue.object(["email": .string(email), "password": .string(password)]).canonicalBytes)
        let answer = try Self.json(try await exchange(request), route: route)
        guard let token = answer["token"]?.stringValue, !token.isEmpty else {
            throw SyncError.invalidResponse(route: route, reason: "token is missing")
        }
        logger.debug("Signed in to the sync server.", metadata: ["tenant": .string(configuration.tenant)])
        self.token = token
        return token
    }

    /// Sends a request until it gets a non-transient answer or runs out of attempts.
    private func exchange(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let retry = configuration.retry
        var attempt = 1
        while true {
            let failure: String
            var retryAfter: Double?
            do {
                let response = try await transport.send(request)
                guard RetryPolicy.isTransient(status: response.status) else { return response }
                guard attempt < retry.maxAttempts else { return response }
                failure = "status \(response.status)"
                retryAfter = response.headers["retry-after"].flatMap(Double.init)
            } catch let error as CancellationError {
                throw error
            } catch {
                guard attempt < retry.maxAttempts else {
                    throw SyncError.connection(attempts: attempt, reason: String(describing: error))
                }
                failure = "no answer"
            }
            let delay = retry.delaySeconds(beforeRetry: attempt, retryAfterSeconds: retryAfter)
            logger.warning("Sync request failed; retrying.", metadata: [
                "route": .string(request.route), "failure": .string(failure), "attempt": .stringConvertible(attempt),
                "maxAttempts": .stringConvertible(retry.maxAttempts), "delaySeconds": .stringConvertible(delay),
            ])
            try await retry.sleep(delay)
            attempt += 1
        }
    }

    /// The JSON body of a 2xx answer; a ``SyncError`` for any other.
    private static func json(_ response: SyncHTTPResponse, route: String) throws -> JSONValue {
        let body = try? JSONParser.parse(response.body)
        guard (200 ... 299).contains(response.status) else {
            let error = body?["error"]
            throw SyncError.server(
                status: response.status, code: error?["code"]?.stringValue ?? "HTTP_\(response.status)",
                message: error?["message"]?.stringValue ?? "The server answered \(route) with status \(response.status).",
                field: error?["field"]?.stringValue)
        }
        guard let body else { throw SyncError.invalidResponse(route: route, reason: "the body is not JSON") }
        return body
    }

    private func url(_ route: String, query: [(String, String)]) -> String {
        guard !query.isEmpty else { return configuration.baseURL + route }
        return configuration.baseURL + route + "?" + query.map { "\($0)=\(Self.percentEncoded($1))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters pass; everything else is percent-encoded.
    private static func percentEncoded(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"), UInt8(ascii: "a") ... UInt8(ascii: "z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + [byte].hexString.uppercased()
            }
        }
        return encoded
    }
}
