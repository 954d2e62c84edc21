import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectSync
import Foundation

/// A field device: its own SQLite store in the fixture's folder, and a sync client for it.
struct Device: Sendable {
    let name: String
    let manager: EntityDataManager

    init(_ name: String, in fixture: SyncServerFixture, limits: EventLimits = .default) throws {
        self.name = name
        manager = EntityDataManager(store: try SQLiteStore(path: fixture.devicesFolder + "/\(name).sqlite"), limits: limits)
    }

    var store: any DataStore { manager.store }

    /// A fresh sync client, as a restarted app would make (nothing but the store carries over).
    func syncer(_ server: RunningServer, transport: (any SyncTransport)? = nil,
                configure: (inout SyncConfiguration) -> Void = { _ in }) throws -> InternalSyncManager {
        var configuration = server.configuration()
        configure(&configuration)
        return try InternalSyncManager(manager: manager, configuration: configuration, transport: transport ?? server.transport)
    }

    @discardableResult
    func sync(_ server: RunningServer, transport: (any SyncTransport)? = nil,
              configure: (inout SyncConfiguration) -> Void = { _ in }) async throws -> SyncReport {
        try await syncer(server, transport: transport, configure: configure).sync()
    }

    func record(_ events: [Event]) throws {
        let report = try manager.submit(events)
        guard report.rejected == 0, report.conflicts == 0 else { throw DeviceError.refused(name) }
    }

    func stateHash() throws -> String { try manager.stateHash() }
    func eventCount() throws -> Int { try store.read { try $0.eventCount() } }
    func status() throws -> SyncStatus { try SyncStatus.read(tenant: "alpha", from: store) }

    enum DeviceError: Error { case refused(String) }
}

/// An event with synthetic data; `minute` counts from 2024-01-01T00:00:00Z.
func fieldEvent(_ guid: String, entity: String, type: String = "create-individual",
                data: [String: JSONValue] = ["name": "Person A"], minute: Int = 0, user: String = "collector-1") -> Event {
    Event(guid: guid, entityGuid: entity, type: type, data: data,
          timestamp: EventTimestamp(epochMilliseconds: 1_704_067_200_000 + Int64(minute) * 60_000), userId: user)
}
