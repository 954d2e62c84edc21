/// Why a sync could not talk to the server, or why the server said no.
///
/// These are operational failures: nothing was applied that should not have been, and running
/// the sync again (once the cause is fixed) continues where it stopped. Tampering with the
/// server's log is a different kind of failure: ``SyncIntegrityError``.
///
/// Descriptions carry status codes, error codes and the server's own messages (which, like every
/// ``DataCollectError`` message, hold no field values), never request or response bodies.
///
/// ```swift
/// do {
///     _ = try await sync.sync()
/// } catch let error as SyncError {
///     print(error)   // "The server refused the request (403 FORBIDDEN): …"
/// }
/// ```
public enum SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration cannot work (a server URL that is not http(s), a batch size of 0…).
    case invalidConfiguration(String)
    /// The server could not be reached, or the connection broke, on every attempt.
    case connection(attempts: Int, reason: String)
    /// The server answered with an error status (after retries, for 5xx and 429).
    case server(status: Int, code: String, message: String, field: String?)
    /// The server answered 2xx with something that is not the documented shape.
    case invalidResponse(route: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(reason):
            "The sync configuration cannot be used: \(reason)"
        case let .connection(attempts, reason):
            "The server could not be reached (\(attempts) attempt\(attempts == 1 ? "" : "s")): \(reason). "
                + "Check the server URL and the network, then sync again; nothing is lost."
        case let .server(status, code, message, field):
            "The server refused the request (\(status) \(code)\(field.map { ", field \($0)" } ?? "")): \(message)"
        case let .invalidResponse(route, reason):
            "The server's answer to \(route) is not in the documented format: \(reason)."
        }
    }

    /// The HTTP status of a ``server(status:code:message:field:)`` error.
    public var status: Int? {
        if case .server(let status, _, _, _) = self { status } else { nil }
    }

    /// The error code of a ``server(status:code:message:field:)`` error (`BATCH_TOO_LARGE`, …).
    public var serverCode: String? {
        if case .server(_, let code, _, _) = self { code } else { nil }
    }
}
