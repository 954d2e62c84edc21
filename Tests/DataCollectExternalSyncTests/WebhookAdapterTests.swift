import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

/// The webhook adapter against a real HTTP stand-in for the external system, over loopback.
@Suite("webhook adapter")
struct WebhookAdapterTests {
    static func config(url: String, apiKey: String? = FakeExternalSystem.apiKey) -> ExternalSyncConfig {
        ExternalSyncConfig(type: "webhook", url: url, extraFields: apiKey.map { [.init(name: "apiKey", value: $0)] } ?? [])
    }

    static func synchronize(_ store: any DataStore, config: ExternalSyncConfig,
                            credentials: ExternalSyncCredentials? = nil) async throws -> ExternalSyncReport {
        try await WebhookAdapter.withHTTPClient(connectTimeoutSeconds: 1) { client in
            let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: config)
            return try await ExternalSyncManager(manager: EntityDataManager(store: store), adapter: adapter)
                .synchronize(credentials: credentials)
        }
    }

    @Test func roundTripPushesEventsPullsRecordsAsExternalEventsAndPersistsCursors() async throws {
        let (folder, path) = try Synthetic.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let local = EntityDataManager(store: try SQLiteStore(path: path))
        #expect(try local.submit((1...3).map(Synthetic.localEvent)).appended == 3)

        let system = FakeExternalSystem(records: (1...3).map { Synthetic.record($0) }, pageSize: 2)
        try await system.run { url in
            let first = try await Self.synchronize(try SQLiteStore(path: path), config: Self.config(url: url))
            #expect(first.pushed == 3)
            #expect(first.pulled == 3)
            #expect(first.applied == 3)
            #expect(first.rejected.isEmpty)
            #expect(!first.pullCursorHeld)

            // The events arrived in DataCollect's wire shape, with the API key on every request.
            let received = await system.state.receivedEvents
            #expect(received.compactMap { $0["guid"]?.stringValue } == ["local-1", "local-2", "local-3"])
            #expect(await system.state.receivedKeys.allSatisfy { $0 == FakeExternalSystem.apiKey })

            // The records landed as EXTERNAL events, authored by the adapter, with data as sent.
            let store = try SQLiteStore(path: path)
            let pulled = try Synthetic.events(in: store).filter { $0.event.userId == "external:webhook" }
            #expect(pulled.count == 3)
            #expect(pulled.allSatisfy { $0.event.syncLevel == .external && $0.status == .applied })
            let person = try EntityDataManager(store: store).entity("ext-2")
            #expect(person.pair.modified.data["name"]?.stringValue == "Synthetic Person 2")

            // Cursors are in the store: a new store handle on the same file sees them.
            let cursors = ExternalSyncCursors(adapterType: "webhook")
            #expect(try cursors.pushCursor(in: store) == 3)
            #expect(try cursors.pullCursor(in: store) == "3")

            // A second run moves nothing: pulled events are not echoed, no record is new.
            let second = try await Self.synchronize(try SQLiteStore(path: path), config: Self.config(url: url))
            #expect(second.pushed == 0)
            #expect(second.notPushedExternal == 3)
            #expect(second.pulled == 0)
            #expect(second.applied == 0)
            #expect(await system.state.receivedEvents.count == 3)
            #expect(try Synthetic.events(in: store).count == 6)
        }
    }

    @Test func malformedRecordIsReportedAndTheCursorDoesNotSkipPastIt() async throws {
        let store = InMemoryStore()
        let records = [Synthetic.record(1), Synthetic.malformedRecord(2), Synthetic.record(3)]
        let system = FakeExternalSystem(records: records, pageSize: 1)
        try await system.run { url in
            let first = try await Self.synchronize(store, config: Self.config(url: url))
            #expect(first.pulled == 2)
            #expect(first.applied == 1)
            let rejection = try #require(first.rejected.first)
            #expect(first.rejected.count == 1)
            #expect(rejection.recordId == "ext-2")
            #expect(rejection.position == 1)
            #expect(rejection.reason.field == "data")
            #expect(first.pullCursorHeld)
            // Past record 1, not past record 2: record 3 was never pulled.
            #expect(try ExternalSyncCursors(adapterType: "webhook").pullCursor(in: store) == "1")
            #expect(throws: DataCollectError.self) { try EntityDataManager(store: store).entity("ext-3") }
            #expect(first.jsonValue["rejections"]?.arrayValue?.first?["reason"]?["code"]?.stringValue == "INVALID_FORM")

            // Once the external system fixes the record, the next run picks up from it.
            await system.state.replaceRecord(at: 1, with: Synthetic.record(2))
            let second = try await Self.synchronize(store, config: Self.config(url: url))
            #expect(second.pulled == 2)
            #expect(second.applied == 2)
            #expect(second.rejected.isEmpty)
            #expect(try ExternalSyncCursors(adapterType: "webhook").pullCursor(in: store) == "3")
            #expect(try EntityDataManager(store: store).entity("ext-3").pair.modified.data["name"]?.stringValue == "Synthetic Person 3")
        }
    }

    @Test func recordWithUnknownEventTypeOrNoIdIsRefusedWithItsReason() async throws {
        let store = InMemoryStore()
        let records: [JSONValue] = [
            ["id": "ext-1", "type": "external-pull", "data": ["name": "X"], "timestamp": "2024-03-01T08:00:00Z"],
            ["type": "create-individual", "data": ["name": "Y"], "timestamp": "2024-03-02T08:00:00Z"],
            Synthetic.record(3),
        ]
        let system = FakeExternalSystem(records: records)
        try await system.run { url in
            let report = try await Self.synchronize(store, config: Self.config(url: url))
            #expect(report.applied == 1)
            #expect(report.rejected.map(\.reason.code) == [.unknownEventType, .invalidForm])
            #expect(report.rejected.map(\.recordId) == ["ext-1", nil])
            #expect(try ExternalSyncCursors(adapterType: "webhook").pullCursor(in: store) == nil)
        }
    }

    @Test func wrongAPIKeyFailsWithoutTheKeyInTheError() async throws {
        let wrongKey = "synthetic-wrong-key-93b7"
        let system = FakeExternalSystem(records: [Synthetic.record(1)])
        try await system.run { url in
            let store = InMemoryStore()
            _ = try EntityDataManager(store: store).submit([Synthetic.localEvent(1)])
            let error = try await #require(throws: ExternalSyncError.self) {
                try await Self.synchronize(store, config: Self.config(url: url, apiKey: wrongKey))
            }
            #expect(error.code == .authenticationFailed)
            #expect(error.isExternalFailure)
            #expect(await system.state.receivedKeys == [wrongKey])
            for text in [error.description, error.message, String(reflecting: error), "\(error)"] {
                #expect(!text.contains(wrongKey))
                #expect(!text.contains(FakeExternalSystem.apiKey))
                #expect(!text.contains(url))
            }
            // Nothing was acknowledged, so nothing is marked as pushed.
            #expect(try ExternalSyncCursors(adapterType: "webhook").pushCursor(in: store) == 0)
        }
    }

    @Test func credentialsTravelAsBasicAuthorizationAndStayOutOfDescriptions() async throws {
        let credentials = ExternalSyncCredentials(username: "synthetic-user", password: "synthetic-password-55")
        #expect(!"\(credentials)".contains("synthetic-password-55"))
        #expect(!String(reflecting: credentials).contains("synthetic-password-55"))
        let system = FakeExternalSystem()
        try await system.run { url in
            _ = try await Self.synchronize(InMemoryStore(), config: Self.config(url: url), credentials: credentials)
            let expected = "Basic " + Data("synthetic-user:synthetic-password-55".utf8).base64EncodedString()
            #expect(await system.state.receivedAuthorizations == [expected])
        }
    }

    @Test func missingKeyAndCredentialsFailBeforeAnyRequest() async throws {
        let system = FakeExternalSystem()
        try await system.run { url in
            let error = try await #require(throws: ExternalSyncError.self) {
                try await Self.synchronize(InMemoryStore(), config: Self.config(url: url, apiKey: nil))
            }
            #expect(error.code == .authenticationFailed)
            #expect(await system.state.receivedKeys.isEmpty)
        }
    }

    @Test func unreachableSystemIsAnUnreachableErrorWithoutSecrets() async throws {
        // Port 9 (discard) on loopback: nothing listens in the test environment.
        let url = "http://127.0.0.1:9/hub"
        let error = try await #require(throws: ExternalSyncError.self) {
            try await Self.synchronize(InMemoryStore(), config: Self.config(url: url))
        }
        #expect(error.code == .unreachable)
        #expect(!error.description.contains(FakeExternalSystem.apiKey))
    }

    @Test func nonHTTPURLIsAConfigurationError() async throws {
        try await WebhookAdapter.withHTTPClient { client in
            for url in ["ftp://127.0.0.1/hub", "not a url", ""] {
                let error = #expect(throws: ExternalSyncError.self) {
                    try WebhookAdapter(configuration: Self.config(url: url), client: client)
                }
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.isExternalFailure == false)
            }
        }
    }
}
