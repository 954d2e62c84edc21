public import AsyncHTTPClient
public import DataCollectCore
import DataCollectIntegrity
import Foundation
import NIOCore
import NIOHTTP1

/// `webhook`: a generic external system that speaks JSON over HTTP(S), in the spirit of the
/// existing OpenFn adapter, with one exact contract.
///
/// **Configuration**: `{"type": "webhook", "url": "https://hub.example.org/datacollect",
/// "extraFields": [{"name": "apiKey", "value": "…"}]}`. The url is the base; a trailing `/` is
/// ignored. Credentials given for the run (`{username, password}`) are sent as HTTP basic
/// authorization; at least one of the API key and the credentials is required.
///
/// **Every request** carries `X-API-Key: <apiKey>` (when configured), `Authorization: Basic …`
/// (when credentials were given) and `Accept: application/json`. Redirects are not followed
/// (they would carry the key elsewhere). A 401 or 403 answer fails the run with
/// `EXTERNAL_AUTHENTICATION_FAILED`, any other non-2xx with `EXTERNAL_REQUEST_REFUSED`.
///
/// **Push**: `POST <url>/events` with `Content-Type: application/json` and body
/// `{"events": [<event>, …]}`, each event in DataCollect's wire shape
/// `{guid, entityGuid, type, data, timestamp, userId, syncLevel}`, at most 100 per request, in
/// log order. Any 2xx acknowledges the whole batch; the body of the answer is ignored. The same
/// event may be sent again after an interrupted run: the receiver deduplicates by `guid`.
///
/// **Pull**: `GET <url>/records?cursor=<cursor>` (`cursor` omitted on the first pull, percent-
/// encoded otherwise), answered with `200` and
/// `{"records": [{"id", "entityGuid"?, "type", "data", "timestamp"}, …], "nextCursor": "…"}`.
/// `nextCursor` is an opaque string (a number is accepted) naming the position after the page;
/// the next request sends it back. An empty `records` list means nothing is new. A page with
/// records must carry a `nextCursor`. Records become events as ``ExternalRecordMapping`` says;
/// the receiver must answer the same records again for a cursor that was not advanced.
///
/// ```swift
/// let report = try await WebhookAdapter.withHTTPClient { client in
///     let adapter = try WebhookAdapter(configuration: config, client: client)
///     return try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize()
/// }
/// ```
public struct WebhookAdapter: ExternalSyncAdapter {
    public static let type = "webhook"
    public var type: String { Self.type }

    let apiKey: String?
    private var http: ExternalHTTPExchange
    public var timeoutSeconds: Int64 {
        get { http.timeoutSeconds }
        set { http.timeoutSeconds = newValue }
    }
    /// Largest answer accepted.
    public var maxResponseBytes: Int {
        get { http.maxResponseBytes }
        set { http.maxResponseBytes = newValue }
    }

    public init(configuration: ExternalSyncConfig, client: HTTPClient) throws(ExternalSyncError) {
        http = ExternalHTTPExchange(systemName: "The webhook", baseURL: try ExternalHTTPExchange.baseURL(configuration.url, adapter: "webhook"),
                                    client: client)
        apiKey = configuration.extraField("apiKey").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` with an HTTP client that does not follow redirects, and shuts it down after.
    public static func withHTTPClient<Result>(connectTimeoutSeconds: Int64 = 5,
                                              _ body: (HTTPClient) async throws -> Result) async throws -> Result {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(connectTimeoutSeconds))
        return try await HTTPClient.withHTTPClient(configuration: configuration, body)
    }

    public func authenticate(_ credentials: ExternalSyncCredentials?) async throws -> ExternalSyncSession {
        var headers: [String: String] = ["Accept": "application/json"]
        if let apiKey { headers["X-API-Key"] = apiKey }
        if let credentials {
            let pair = Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
            headers["Authorization"] = "Basic \(pair)"
        }
        guard apiKey != nil || credentials != nil else {
            throw ExternalSyncError(.authenticationFailed, field: "externalSync.extraFields",
                                    message: "The webhook adapter needs an API key (extra field apiKey) or credentials for the run.")
        }
        return ExternalSyncSession(headers: headers)
    }

    public func push(_ events: [Event], session: ExternalSyncSession) async throws {
        let body: JSONValue = ["events": .array(events.map(\.jsonValue))]
        _ = try await exchange(.POST, path: "/events", body: body.canonicalBytes, session: session)
    }

    public func pull(after cursor: String?, session: ExternalSyncSession) async throws -> ExternalRecordPage {
        var path = "/records"
        if let cursor { path += "?cursor=" + Self.percentEncoded(cursor) }
        let bytes = try await exchange(.GET, path: path, body: nil, session: session)
        let answer: JSONValue
        do {
            answer = try JSONParser.parse(bytes)
        } catch {
            throw invalidResponse("The answer to the records request is not JSON.", field: nil)
        }
        guard let records = answer["records"]?.arrayValue else {
            throw invalidResponse("The answer to the records request has no records list.", field: "records")
        }
        let next: String?
        switch answer["nextCursor"] {
        case .string(let text)?: next = text
        case .number(let number)?: next = number.literal
        case .null?, nil: next = nil
        default: throw invalidResponse("nextCursor must be a string.", field: "nextCursor")
        }
        if !records.isEmpty, next == nil {
            throw invalidResponse("A page with records must carry a nextCursor.", field: "nextCursor")
        }
        return ExternalRecordPage(records: records, nextCursor: next)
    }

    private func exchange(_ method: HTTPMethod, path: String, body: [UInt8]?, session: ExternalSyncSession) async throws -> [UInt8] {
        try await http.send(method, path: path, body: body, headers: session.headers)
    }

    private func invalidResponse(_ message: String, field: String?) -> ExternalSyncError {
        ExternalSyncError(.invalidResponse, field: field, message: "The webhook's answer is not the documented JSON: \(message)")
    }

    /// RFC 3986 unreserved characters stay; everything else is `%XX` (UTF-8).
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
