import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectPostgres
import DataCollectTestSupport
import Foundation

/// Builds events tersely: `event("e1", "p1", "create-individual", ["name": "Amina"], at: 1)`,
/// where `at` counts minutes after 2024-01-01T00:00:00Z.
func event(
    _ guid: String, _ entity: String, _ type: String, _ data: [String: JSONValue],
    at minute: Int = 0, by user: String = "user-1", syncLevel: SyncLevel = .local
) -> Event {
    Event(guid: guid, entityGuid: entity, type: type, data: data,
          timestamp: EventTimestamp(epochMilliseconds: 1_704_067_200_000 + Int64(minute) * 60_000),
          userId: user, syncLevel: syncLevel)
}

/// The stores every behavioural test runs against: one shared suite, three implementations —
/// in memory, a SQLite file, and a schema of the test suite's own PostgreSQL cluster.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    func makeStore() throws -> any DataStore {
        switch self {
        case .memory: return InMemoryStore()
        case .sqlite: return try SQLiteStore(path: TemporaryFiles.path("store.sqlite"))
        case .postgres: return try PostgresStore(location: try PostgresDatabaseForTests.location(), schema: "s_" + PostgresCluster.randomHex16())
        }
    }

    func makeManager(registry: ApplierRegistry = .builtIn) throws -> EntityDataManager {
        EntityDataManager(store: try makeStore(), projector: Projector(registry: registry),
                          now: { EventTimestamp(epochMilliseconds: 1_767_225_600_000) })
    }
}

/// Fresh paths under a per-process temporary folder.
enum TemporaryFiles {
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("datacollect-tests-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func path(_ name: String) -> String {
        "\(folder)/\(UUID().uuidString)-\(name)"
    }
}

import Testing

extension EntityDataManager {
    /// Submits events and fails the test if any was rejected.
    @discardableResult
    func submitAll(_ events: Event..., sourceLocation: SourceLocation = #_sourceLocation) throws -> SubmissionReport {
        let report = try submit(events)
        #expect(report.rejected == 0, "rejected: \(report.items)", sourceLocation: sourceLocation)
        return report
    }

    func modified(_ guid: String) throws -> Entity {
        try entity(guid).pair.modified
    }
}

