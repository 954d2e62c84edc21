public import DataCollectCore
public import DataCollectIntegrity

/// One external system, seen by ``ExternalSyncManager``: sign in, send events, fetch records.
///
/// Adapters hold no cursors themselves: the manager keeps them in the tenant store's metadata
/// (`external.<type>.pushCursor`, `external.<type>.pullCursor`), moves them only after what they
/// describe happened, and hands the pull cursor back to ``pull(after:session:)``. An adapter only
/// talks to its system and throws ``ExternalSyncError`` without secrets in it.
///
/// ```swift
/// struct Recorder: ExternalSyncAdapter {
///     let type = "recorder"
///     func authenticate(_ credentials: ExternalSyncCredentials?) async throws -> ExternalSyncSession { .init() }
///     func push(_ events: [Event], session: ExternalSyncSession) async throws { /* send */ }
///     func pull(after cursor: String?, session: ExternalSyncSession) async throws -> ExternalRecordPage {
///         ExternalRecordPage(records: [], nextCursor: cursor)
///     }
/// }
/// ```
public protocol ExternalSyncAdapter: Sendable {
    /// The registry type (`webhook`): names the cursors and the author of pulled events.
    var type: String { get }

    /// Checks that the run can sign in (credentials from the request, else from the
    /// configuration) and returns what every request of the run carries.
    func authenticate(_ credentials: ExternalSyncCredentials?) async throws -> ExternalSyncSession

    /// Delivers one batch of events; returns only when the external system acknowledged all of them.
    func push(_ events: [Event], session: ExternalSyncSession) async throws

    /// The records after `cursor` (nil: from the start). An empty page means nothing is new.
    func pull(after cursor: String?, session: ExternalSyncSession) async throws -> ExternalRecordPage
}

/// What an adapter's requests carry for one run (an API key header, basic authorization, or
/// for a JSON-RPC system the signed-in user id and password its calls repeat). Secret: its
/// description shows the header names only.
public struct ExternalSyncSession: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public var headers: [String: String]
    /// Values an adapter's calls carry in their bodies rather than in headers. Never printed.
    public var parameters: [String: String]

    public init(headers: [String: String] = [:], parameters: [String: String] = [:]) {
        self.headers = headers
        self.parameters = parameters
    }

    public var description: String { "ExternalSyncSession(headers: \(headers.keys.sorted()))" }
    public var customMirror: Mirror { Mirror(self, children: ["headerNames": headers.keys.sorted()]) }
}

/// One page of an external system's records, as raw JSON: malformed records are the manager's
/// to report one by one, not the adapter's to drop.
public struct ExternalRecordPage: Sendable, Hashable {
    /// Records shaped `{id, entityGuid?, type, data, timestamp}` (see ``ExternalRecordMapping``).
    public var records: [JSONValue]
    /// Where the next pull starts once every record of this page landed.
    public var nextCursor: String?

    public init(records: [JSONValue], nextCursor: String?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}
