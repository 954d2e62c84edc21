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
        let events = (1...9).map(VerifyFastPathTests.event)
        let before: IntegrityReport
        let sealsBefore: [Int64: [FieldSeal]]
        do {
            let store = try PostgresStore(location: location, schema: schema)
            let manager = EntityDataManager(store: store)
            try manager.submit(events)
            try manager.redact(eventGuid: "e4", fields: ["phone"], reason: "retention", policyRun: "run-1", actor: "officer-1")
            before = try IntegrityVerifier().verify(store)
            sealsBefore = try store.read { try $0.seals(log: .events, recordSeqs: Array(1...9)) }
        }
        #expect(before.isIntact)
        #expect(sealsBefore[4]?.first { $0.field == "phone" }?.salt == nil)
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
        #expect(try reopened.read { try $0.seals(log: .events, recordSeqs: Array(1...9)) } == sealsBefore)
        let after = try IntegrityVerifier().verify(reopened)
        #expect(after.isIntact, "\(String(describing: after.failure))")
        #expect(after == before)
        try StoreIntegrityChecks.proveEveryEvent(events, in: reopened)
        // The texts the migration wrote are the ones this version writes (canonical JSON).
        let texts = try StoreIntegrityChecks.sealTexts(in: reopened)
        #expect(texts.count == events.count)
        for text in texts { #expect(text.stored == text.canonical) }
    }
}
