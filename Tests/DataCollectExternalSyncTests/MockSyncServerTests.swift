import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import Testing

/// The in-process mock, the registry and the configuration reader.
@Suite("mock sync server, registry, configuration")
struct MockSyncServerTests {
    @Test func mockPullLandsRecordsAsExternalEventsAcrossPages() async throws {
        let server = MockSyncServer(records: (1...5).map { Synthetic.record($0) }, pageSize: 2)
        let store = InMemoryStore()
        let manager = EntityDataManager(store: store)
        _ = try manager.submit([Synthetic.localEvent(1)])
        let sync = ExternalSyncManager(manager: manager, adapter: MockSyncServerAdapter(server: server))

        let report = try await sync.synchronize()
        #expect(report.pushed == 1)
        #expect(report.pulled == 5)
        #expect(report.applied == 5)
        #expect(await server.receivedEvents.map(\.guid) == ["local-1"])
        let pulled = try Synthetic.events(in: store).filter { $0.event.userId == "external:mock-sync-server" }
        #expect(pulled.count == 5)
        #expect(pulled.allSatisfy { $0.event.syncLevel == .external })
        #expect(try manager.entity("ext-5").pair.modified.data["name"]?.stringValue == "Synthetic Person 5")
        #expect(try sync.cursors.pullCursor(in: store) == "5")

        // New records on the server: only those come next time.
        await server.add([Synthetic.record(6)])
        let next = try await sync.synchronize()
        #expect(next.pulled == 1)
        #expect(next.applied == 1)
        #expect(next.pushed == 0)
    }

    @Test func pullingTheSameRecordsAgainAppendsNothing() async throws {
        let records = (1...3).map { Synthetic.record($0) }
        let store = InMemoryStore()
        let manager = EntityDataManager(store: store)
        _ = try await ExternalSyncManager(manager: manager, adapter: MockSyncServerAdapter(server: MockSyncServer(records: records)))
            .synchronize()
        // As after a crash between applying and saving the cursor: the same records again.
        try store.write { try $0.setMetadata("external.mock-sync-server.pullCursor", "0") }
        let again = try await ExternalSyncManager(manager: manager, adapter: MockSyncServerAdapter(server: MockSyncServer(records: records)))
            .synchronize()
        #expect(again.pulled == 3)
        #expect(again.applied == 0)
        #expect(again.alreadyPresent == 3)
        #expect(try manager.store.read { try $0.eventCount() } == 3)
    }

    @Test func recordsFromTheConfigurationAreServedThroughTheRegistry() async throws {
        let records: JSONValue = [Synthetic.record(1), Synthetic.record(2)]
        let config = try ExternalSyncConfig(appConfiguration: [
            "id": "alpha",
            "externalSync": ["type": "mock-sync-server", "url": "", "extraFields": [["name": "records", "value": .string(records.canonicalString)]]],
        ])
        let report = try await WebhookAdapter.withHTTPClient { client in
            let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: config)
            return try await ExternalSyncManager(manager: EntityDataManager(store: InMemoryStore()), adapter: adapter).synchronize()
        }
        #expect(report.adapterType == "mock-sync-server")
        #expect(report.applied == 2)
    }

    @Test func unknownAdapterTypeIsAClearError() async throws {
        try await WebhookAdapter.withHTTPClient { client in
            let registry = ExternalSyncAdapterRegistry.builtIn(httpClient: client)
            #expect(registry.types == ["mock-sync-server", "openspp", "openspp-adapter", "webhook"])
            let error = #expect(throws: ExternalSyncError.self) {
                try registry.adapter(for: ExternalSyncConfig(type: "openfn-adapter", url: "http://127.0.0.1:9"))
            }
            #expect(error?.code == .unknownAdapterType)
            #expect(error?.field == "externalSync.type")
            #expect(error?.message.contains("mock-sync-server, openspp, openspp-adapter, webhook") == true)
            #expect(error?.isExternalFailure == false)
        }
    }

    @Test func configurationErrorsNameTheFieldAndNeverPrintValues() throws {
        let missing = #expect(throws: ExternalSyncError.self) { try ExternalSyncConfig(appConfiguration: ["id": "alpha"]) }
        #expect(missing?.code == .notConfigured)
        let objectFields = #expect(throws: ExternalSyncError.self) {
            try ExternalSyncConfig(json: ["type": "webhook", "url": "http://x.example", "extraFields": ["apiKey": "k"]])
        }
        #expect(objectFields?.field == "externalSync.extraFields")
        let badValue = #expect(throws: ExternalSyncError.self) {
            try ExternalSyncConfig(json: ["type": "webhook", "extraFields": [["name": "apiKey", "value": 7]]])
        }
        #expect(badValue?.field == "externalSync.extraFields[0].value")

        let config = try ExternalSyncConfig(json: [
            "type": "webhook", "url": "https://hub.example.org", "auth": "basic",
            "extraFields": [["name": "apiKey", "value": "synthetic-secret-1"], ["name": "apiKey", "value": "second"]],
        ])
        #expect(config.extraField("apiKey") == "synthetic-secret-1")
        #expect(config.auth == "basic")
        for text in ["\(config)", String(reflecting: config)] {
            #expect(!text.contains("synthetic-secret-1"))
        }
    }

    @Test func requiredUsernameRefusesRunsWithoutIt() async throws {
        let adapter = MockSyncServerAdapter(server: MockSyncServer(), requiredUsername: "synthetic-admin")
        let sync = ExternalSyncManager(manager: EntityDataManager(store: InMemoryStore()), adapter: adapter)
        let error = await #expect(throws: ExternalSyncError.self) { try await sync.synchronize() }
        #expect(error?.code == .authenticationFailed)
        let report = try await sync.synchronize(credentials: .init(username: "synthetic-admin", password: "pw"))
        #expect(report.pulled == 0)
    }
}
