public import DataCollectCore
public import DataCollectIntegrity

/// An in-process external system for tests and demos: it keeps the events pushed to it and
/// serves its records in pages, with the record count consumed as the cursor ("0", "2", …).
/// Deterministic: no clock, no randomness.
///
/// ```swift
/// let server = MockSyncServer(records: [["id": "r-1", "type": "create-individual",
///                                        "data": ["name": "Amina"], "timestamp": "2024-03-01T08:00:00Z"]])
/// let adapter = MockSyncServerAdapter(server: server)
/// let report = try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize()
/// await server.receivedEvents.count   // what was pushed
/// ```
public actor MockSyncServer {
    private var records: [JSONValue]
    /// Every event pushed, in arrival order (repeats included).
    public private(set) var receivedEvents: [Event] = []
    public let pageSize: Int

    public init(records: [JSONValue] = [], pageSize: Int = 100) {
        self.records = records
        self.pageSize = max(1, pageSize)
    }

    /// Makes more records available to pull.
    public func add(_ more: [JSONValue]) {
        records.append(contentsOf: more)
    }

    func receive(_ events: [Event]) {
        receivedEvents.append(contentsOf: events)
    }

    func page(after cursor: String?) throws -> ExternalRecordPage {
        let start: Int
        if let cursor {
            guard let position = Int(cursor), position >= 0, position <= records.count else {
                throw ExternalSyncError(.invalidResponse, message: "The mock sync server did not issue this cursor.")
            }
            start = position
        } else {
            start = 0
        }
        let end = min(records.count, start + pageSize)
        return ExternalRecordPage(records: Array(records[start..<end]), nextCursor: String(end))
    }
}

/// `mock-sync-server`: the ``MockSyncServer`` as an adapter. Unlike the existing system's mock,
/// its pull works: records become events through ``ExternalRecordMapping`` like any adapter's.
///
/// Configuration: `{"type": "mock-sync-server"}`; the url is not used. An extra field `records`
/// holding a JSON array of records serves those (a fixed data set for a tenant); otherwise the
/// registry's shared server is used. An extra field `requiredUsername` makes `authenticate`
/// refuse runs without credentials for that username (to exercise the failure path).
public struct MockSyncServerAdapter: ExternalSyncAdapter {
    public static let type = "mock-sync-server"
    public var type: String { Self.type }
    public let server: MockSyncServer
    let requiredUsername: String?

    public init(server: MockSyncServer, requiredUsername: String? = nil) {
        self.server = server
        self.requiredUsername = requiredUsername
    }

    public init(configuration: ExternalSyncConfig, server: MockSyncServer) throws(ExternalSyncError) {
        var chosen = server
        if let text = configuration.extraField("records") {
            guard let records = (try? JSONParser.parse(text))?.arrayValue else {
                throw ExternalSyncError(.invalidConfiguration, field: "externalSync.extraFields.records",
                                        message: "The mock's records extra field must hold a JSON array of records.")
            }
            chosen = MockSyncServer(records: records)
        }
        self.init(server: chosen, requiredUsername: configuration.extraField("requiredUsername"))
    }

    public func authenticate(_ credentials: ExternalSyncCredentials?) async throws -> ExternalSyncSession {
        if let requiredUsername, credentials?.username != requiredUsername {
            throw ExternalSyncError(.authenticationFailed, message: "The mock sync server refused the credentials.")
        }
        return ExternalSyncSession()
    }

    public func push(_ events: [Event], session: ExternalSyncSession) async throws {
        await server.receive(events)
    }

    public func pull(after cursor: String?, session: ExternalSyncSession) async throws -> ExternalRecordPage {
        try await server.page(after: cursor)
    }
}
