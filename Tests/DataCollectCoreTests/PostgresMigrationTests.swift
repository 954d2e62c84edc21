import DataCollectCore
import DataCollectIntegrity
import DataCollectPostgres
import DataCollectTestSupport
import Testing

@Suite("PostgreSQL migrations on a schema that already holds data")
struct PostgresMigrationTests {
    @Test("a schema from before migration 6 gets its seals beside its leaves, and still verifies, proves and keeps its redactions")
    func sealsMoveBesideTheLeaves() throws {
        let location = try PostgresDatabaseForTests.location()
        let schema = "s_" + PostgresCluster.randomHex16()
        let events = (1...9).map(StoreIntegrityChecks.threeFieldEvent)
        let before = try StoreIntegrityChecks.sealWithARedaction(events, in: try PostgresStore(location: location, schema: schema))
        #expect(before.report.isIntact)
        #expect(before.seals[4]?.first { $0.field == "phone" }?.salt == nil)
        // What older versions wrote: a row per field in record_seals, no seals beside the leaves.
        let cluster = try PostgresCluster.shared()
        try cluster.psql(database: location.database, command: """
            SET search_path TO \(schema);
            CREATE TABLE record_seals (
                log TEXT COLLATE "C" NOT NULL CHECK (log IN ('events', 'audit')), record_seq BIGINT NOT NULL,
                field TEXT COLLATE "C" NOT NULL, salt TEXT, commitment TEXT NOT NULL, PRIMARY KEY (log, record_seq, field));
            INSERT INTO record_seals SELECT log, record_seq, key, value->>0, value->>1 FROM log_leaves, json_each(seals::json);
            ALTER TABLE log_leaves DROP COLUMN seals;
            DELETE FROM schema_migrations WHERE version = 6
            """)
        #expect(try cluster.psql(database: location.database,
                                 command: "SELECT count(*) FROM \(schema).record_seals WHERE log = 'events' AND salt IS NULL") == "1")
        let reopened = try PostgresStore(location: location, schema: schema)
        #expect(try cluster.psql(database: location.database,
                                 command: "SELECT count(*) FROM pg_tables WHERE schemaname = '\(schema)' AND tablename = 'record_seals'") == "0")
        let after = try StoreIntegrityChecks.migrated(reopened, events: events)
        #expect(after.sealed == before, "the same seals and the same verify report")
        #expect(after.sealed.report.isIntact, "\(String(describing: after.sealed.report.failure))")
        // The texts the migration wrote are the ones this version writes (canonical JSON).
        #expect(after.sealTexts == events.count)
        #expect(after.nonCanonicalSealTexts == 0)
    }

    @Test("a schema from before migration 7 loses its Merkle rows of levels 1 to 3, and still verifies and proves")
    func nodesBelowLevelFourAreRecomputed() throws {
        let location = try PostgresDatabaseForTests.location()
        let schema = "s_" + PostgresCluster.randomHex16()
        let events = (1...40).map(StoreIntegrityChecks.threeFieldEvent)
        let before = try StoreIntegrityChecks.sealWithARedaction(events, in: try PostgresStore(location: location, schema: schema))
        #expect(before.report.isIntact)
        // What older versions wrote: a row for every node above the leaves.
        let rows = try StoreIntegrityChecks.unstoredNodeRows(in: try PostgresStore(location: location, schema: schema))
        #expect(rows.count > 40)
        let cluster = try PostgresCluster.shared()
        try cluster.psql(database: location.database, command: """
            SET search_path TO \(schema);
            INSERT INTO merkle_nodes (log, level, node_index, hash) VALUES \(rows.joined(separator: ", "));
            DELETE FROM schema_migrations WHERE version = 7
            """)
        let count = "SELECT count(*) FROM \(schema).merkle_nodes WHERE level < 4"
        #expect(try cluster.psql(database: location.database, command: count) == String(rows.count))
        let reopened = try PostgresStore(location: location, schema: schema)
        #expect(try cluster.psql(database: location.database, command: count) == "0")
        #expect(try StoreIntegrityChecks.sealed(reopened) == before)
        try StoreIntegrityChecks.proveEveryEvent(events, in: reopened)
    }
}
