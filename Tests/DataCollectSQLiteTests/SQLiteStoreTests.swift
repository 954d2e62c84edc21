import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectTestSupport
import Foundation
import Synchronization
import Testing

@Suite("SQLite store", .serialized)
struct SQLiteStoreTests {
    static func path() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-sqlite-tests").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return "\(folder)/\(UUID().uuidString).sqlite"
    }

    static func create(_ guid: String, _ name: String) -> Event {
        Event(guid: guid, entityGuid: "p-\(guid)", type: "create-individual", data: ["name": .string(name)],
              timestamp: EventTimestamp(epochMilliseconds: 1_704_067_200_000), userId: "u1")
    }

    @Test func migrationsAreRecordedAndReopeningKeepsEverything() throws {
        let path = Self.path()
        do {
            let store = try SQLiteStore(path: path)
            #expect(try store.appliedMigrations() == ["create-event-log-projection-audit", "create-integrity-logs", "create-entity-versions",
                                                        "index-audit-by-action", "leaf-hashes-only-in-log-leaves",
                                                        "seals-beside-leaves", "merkle-nodes-from-level-4"])
            try EntityDataManager(store: store).submit([Self.create("e1", "Amina")])
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.appliedMigrations().count == 7)
        let manager = EntityDataManager(store: reopened)
        #expect(try manager.entity("p-e1").pair.modified.name == "Amina")
        #expect(try manager.events().events.first?.seq == 1)
    }

    @Test("a store from before migration 5 loses its level-0 Merkle rows, and still verifies and proves")
    func levelZeroNodesMoveToTheLeaves() throws {
        let path = Self.path()
        let events = (1...13).map { Self.create("e\($0)", "Person \($0)") }
        let before: IntegrityReport
        do {
            let store = try SQLiteStore(path: path)
            try EntityDataManager(store: store).submit(events)
            before = try IntegrityVerifier().verify(store)
        }
        // What older versions wrote: the leaf hashes again, as level-0 nodes.
        _ = try SQLiteShell.run(path, """
            INSERT INTO merkle_nodes SELECT log, 0, leaf_index, leaf_hash FROM log_leaves;
            DELETE FROM schema_migrations WHERE version = 5
            """)
        #expect(try SQLiteShell.run(path, "SELECT count(*) FROM merkle_nodes WHERE level = 0").trimmingCharacters(in: .whitespacesAndNewlines) != "0")
        let reopened = try SQLiteStore(path: path)
        #expect(try SQLiteShell.run(path, "SELECT count(*) FROM merkle_nodes WHERE level = 0").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let after = try IntegrityVerifier().verify(reopened)
        #expect(after.isIntact, "\(String(describing: after.failure))")
        #expect(after == before)
        try StoreIntegrityChecks.proveEveryEvent(events, in: reopened)
    }

    @Test("a store from before migration 6 gets its seals beside its leaves, and still verifies, proves and keeps its redactions")
    func sealsMoveBesideTheLeaves() throws {
        let path = Self.path()
        let events = (1...9).map(StoreIntegrityChecks.threeFieldEvent)
        let before = try StoreIntegrityChecks.sealWithARedaction(events, in: try SQLiteStore(path: path))
        #expect(before.report.isIntact)
        #expect(before.seals[4]?.first { $0.field == "phone" }?.salt == nil)
        // What older versions wrote: a row per field in record_seals, no seals beside the leaves.
        _ = try SQLiteShell.run(path, """
            CREATE TABLE record_seals (
                log TEXT NOT NULL CHECK (log IN ('events', 'audit')), record_seq INTEGER NOT NULL, field TEXT NOT NULL,
                salt TEXT, commitment TEXT NOT NULL, PRIMARY KEY (log, record_seq, field)) WITHOUT ROWID;
            INSERT INTO record_seals SELECT log, record_seq, key, json_extract(value, '$[0]'), json_extract(value, '$[1]')
                FROM log_leaves, json_each(log_leaves.seals);
            ALTER TABLE log_leaves DROP COLUMN seals;
            DELETE FROM schema_migrations WHERE version = 6
            """)
        #expect(try SQLiteShell.run(path, "SELECT count(*) FROM record_seals WHERE log = 'events' AND salt IS NULL").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let reopened = try SQLiteStore(path: path)
        #expect(try SQLiteShell.run(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'record_seals'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let after = try StoreIntegrityChecks.migrated(reopened, events: events)
        #expect(after.sealed == before, "the same seals and the same verify report")
        #expect(after.sealed.report.isIntact, "\(String(describing: after.sealed.report.failure))")
        // The texts the migration wrote are the ones this version writes (canonical JSON).
        #expect(after.sealTexts == events.count)
        #expect(after.nonCanonicalSealTexts == 0)
    }

    @Test("a store from before migration 7 loses its Merkle rows of levels 1 to 3, and still verifies and proves")
    func nodesBelowLevelFourAreRecomputed() throws {
        let path = Self.path()
        let events = (1...40).map(StoreIntegrityChecks.threeFieldEvent)
        let before = try StoreIntegrityChecks.sealWithARedaction(events, in: try SQLiteStore(path: path))
        #expect(before.report.isIntact)
        // What older versions wrote: a row for every node above the leaves.
        let rows = try StoreIntegrityChecks.unstoredNodeRows(in: try SQLiteStore(path: path))
        #expect(rows.count > 40)
        _ = try SQLiteShell.run(path, """
            INSERT INTO merkle_nodes (log, level, node_index, hash) VALUES \(rows.joined(separator: ", "));
            DELETE FROM schema_migrations WHERE version = 7
            """)
        let count = "SELECT count(*) FROM merkle_nodes WHERE level < 4"
        #expect(try SQLiteShell.run(path, count).trimmingCharacters(in: .whitespacesAndNewlines) == String(rows.count))
        let reopened = try SQLiteStore(path: path)
        #expect(try SQLiteShell.run(path, count).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try StoreIntegrityChecks.sealed(reopened) == before)
        try StoreIntegrityChecks.proveEveryEvent(events, in: reopened)
    }

    @Test func manyConnectionsOpeningOneNewFileAtOnceAllSucceed() throws {
        for _ in 0..<20 {
            let path = Self.path()
            let threads = 6
            let start = DispatchGroup()
            start.enter()
            let finished = DispatchGroup()
            let failures = Mutex<[String]>([])
            for _ in 0..<threads {
                finished.enter()
                Thread.detachNewThread {
                    start.wait()
                    do { _ = try SQLiteStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
                    finished.leave()
                }
            }
            start.leave()
            finished.wait()
            #expect(failures.withLock { $0 } == [])
            #expect(try SQLiteStore(path: path).appliedMigrations().count == 7)
        }
    }

    @Test func theFileUsesWALAndThePlainShellCanReadIt() throws {
        let path = Self.path()
        try EntityDataManager(store: try SQLiteStore(path: path)).submit([Self.create("e1", "Amina")])
        let output = try SQLiteShell.run(path, "PRAGMA journal_mode; SELECT seq, guid, type, status FROM events; SELECT guid, name, version FROM entities;")
        #expect(output == "wal\n1|e1|create-individual|applied\np-e1|Amina|1\n")
    }

    @Test func aRowChangedOutsideTheProgramIsReportedAsDamage() throws {
        let path = Self.path()
        try EntityDataManager(store: try SQLiteStore(path: path)).submit([Self.create("e1", "Amina")])
        _ = try SQLiteShell.run(path, "UPDATE entities SET data = '{broken' WHERE guid = 'p-e1';")
        let manager = EntityDataManager(store: try SQLiteStore(path: path))
        #expect {
            try manager.entity("p-e1")
        } throws: { error in
            (error as? DataCollectError)?.code == .storeCorrupted
        }
    }

    @Test func eventsPageBySeqWithACursor() throws {
        let manager = EntityDataManager(store: try SQLiteStore(path: Self.path()))
        try manager.submit((1...25).map { Self.create("e\($0)", "Person \($0)") })
        let first = try manager.events(afterSeq: 0, limit: 10)
        #expect(first.events.map(\.seq) == Array(1...10))
        #expect(first.nextCursor == 10)
        let last = try manager.events(afterSeq: 20, limit: 10)
        #expect(last.events.map(\.seq) == Array(21...25))
        #expect(last.nextCursor == nil)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let path = Self.path()
        _ = try SQLiteStore(path: path)
        _ = try SQLiteShell.run(path, "INSERT INTO schema_migrations VALUES (99, 'from-the-future', '2030-01-01T00:00:00.000Z');")
        #expect(throws: (any Error).self) { try SQLiteStore(path: path) }
    }
}
