import DataCollectIntegrity
import DataCollectSQL

/// The schema, as an ordered list of named migrations. A released migration is never edited:
/// changes come as new migrations. `docs/SCHEMA.md` describes the resulting tables.
enum Migrations {
    static let all: [(version: Int, name: String, sql: String)] = [
        (1, "create-event-log-projection-audit", """
        CREATE TABLE events (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            guid           TEXT NOT NULL UNIQUE,
            entity_guid    TEXT NOT NULL,
            type           TEXT NOT NULL,
            data           TEXT NOT NULL,
            timestamp      TEXT NOT NULL,
            user_id        TEXT NOT NULL,
            sync_level     INTEGER NOT NULL,
            recorded_at    TEXT NOT NULL,
            content_hash   TEXT NOT NULL,
            status         TEXT NOT NULL DEFAULT 'new',
            status_code    TEXT,
            status_field   TEXT,
            status_message TEXT
        );
        CREATE INDEX events_by_entity ON events(entity_guid);
        CREATE INDEX events_by_order ON events(timestamp, guid);
        CREATE INDEX events_pending ON events(status) WHERE status = 'pending';

        CREATE TABLE event_touches (
            entity_guid TEXT NOT NULL,
            event_guid  TEXT NOT NULL,
            PRIMARY KEY (entity_guid, event_guid)
        ) WITHOUT ROWID;
        CREATE INDEX event_touches_by_event ON event_touches(event_guid, entity_guid);

        CREATE TABLE entities (
            guid             TEXT PRIMARY KEY,
            type             TEXT NOT NULL CHECK (type IN ('individual', 'group')),
            name             TEXT NOT NULL,
            external_id      TEXT,
            version          INTEGER NOT NULL,
            last_updated     TEXT NOT NULL,
            data             TEXT NOT NULL,
            member_ids       TEXT NOT NULL,
            initial          TEXT NOT NULL,
            created_at       TEXT NOT NULL,
            created_by_event TEXT NOT NULL,
            field_writers    TEXT NOT NULL,
            match_key        TEXT
        ) WITHOUT ROWID;
        CREATE INDEX entities_by_type ON entities(type);
        CREATE INDEX entities_by_match_key ON entities(match_key) WHERE match_key IS NOT NULL;

        CREATE TABLE memberships (
            member_guid TEXT NOT NULL,
            group_guid  TEXT NOT NULL,
            PRIMARY KEY (member_guid, group_guid)
        ) WITHOUT ROWID;
        CREATE INDEX memberships_by_group ON memberships(group_guid);

        CREATE TABLE tombstones (
            entity_guid TEXT PRIMARY KEY,
            event_guid  TEXT NOT NULL,
            deleted_at  TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE dismissed_duplicates (
            first_guid  TEXT NOT NULL,
            second_guid TEXT NOT NULL,
            event_guid  TEXT NOT NULL,
            PRIMARY KEY (first_guid, second_guid)
        ) WITHOUT ROWID;
        CREATE INDEX dismissed_by_second ON dismissed_duplicates(second_guid);

        CREATE TABLE audit_log (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            guid        TEXT NOT NULL UNIQUE,
            timestamp   TEXT NOT NULL,
            user_id     TEXT NOT NULL,
            action      TEXT NOT NULL,
            event_guid  TEXT NOT NULL,
            entity_guid TEXT NOT NULL,
            changes     TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX audit_by_entity ON audit_log(entity_guid, timestamp);
        CREATE INDEX audit_by_event ON audit_log(event_guid);

        CREATE TABLE store_metadata (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """),
        (2, "create-integrity-logs", """
        CREATE TABLE record_seals (
            log         TEXT NOT NULL CHECK (log IN ('events', 'audit')),
            record_seq  INTEGER NOT NULL,
            field       TEXT NOT NULL,
            salt        TEXT,
            commitment  TEXT NOT NULL,
            PRIMARY KEY (log, record_seq, field)
        ) WITHOUT ROWID;

        CREATE TABLE log_leaves (
            log         TEXT NOT NULL CHECK (log IN ('events', 'audit')),
            leaf_index  INTEGER NOT NULL,
            record_seq  INTEGER NOT NULL,
            leaf_hash   TEXT NOT NULL,
            chain_hash  TEXT NOT NULL,
            PRIMARY KEY (log, leaf_index)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX log_leaves_by_record ON log_leaves(log, record_seq);

        CREATE TABLE merkle_nodes (
            log         TEXT NOT NULL CHECK (log IN ('events', 'audit')),
            level       INTEGER NOT NULL,
            node_index  INTEGER NOT NULL,
            hash        TEXT NOT NULL,
            PRIMARY KEY (log, level, node_index)
        ) WITHOUT ROWID;

        CREATE TABLE checkpoints (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            log         TEXT NOT NULL CHECK (log IN ('events', 'audit')),
            tree_size   INTEGER NOT NULL,
            root_hash   TEXT NOT NULL,
            note        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );

        CREATE TABLE redactions (
            log         TEXT NOT NULL CHECK (log IN ('events', 'audit')),
            record_seq  INTEGER NOT NULL,
            field       TEXT NOT NULL,
            policy_run  TEXT NOT NULL,
            reason      TEXT NOT NULL,
            redacted_at TEXT NOT NULL,
            PRIMARY KEY (log, record_seq, field)
        ) WITHOUT ROWID;
        """),
        (3, "create-entity-versions", """
        CREATE TABLE entity_versions (
            entity_guid   TEXT NOT NULL,
            step_ts       INTEGER NOT NULL,
            step_guid     TEXT NOT NULL,
            recorded_from INTEGER NOT NULL,
            recorded_to   INTEGER,
            event_guids   TEXT NOT NULL,
            state         TEXT,
            PRIMARY KEY (entity_guid, step_ts DESC, step_guid DESC, recorded_from DESC)
        ) WITHOUT ROWID;
        INSERT INTO store_metadata (key, value)
            SELECT 'history.backfill', 'needed' WHERE EXISTS (SELECT 1 FROM events);
        """),
        (4, "index-audit-by-action", """
        CREATE INDEX audit_by_action ON audit_log(action, seq);
        """),
        (5, "leaf-hashes-only-in-log-leaves", """
        DELETE FROM merkle_nodes WHERE level = 0;
        """),
        // A record's seals move beside its leaf, as one JSON text (`StoredSeals`): one row per
        // record instead of one per field.
        (6, "seals-beside-leaves", """
        ALTER TABLE log_leaves ADD COLUMN seals TEXT NOT NULL DEFAULT '{}';
        UPDATE log_leaves SET seals = (
            SELECT json_group_object(field, json_array(salt, commitment)) FROM (
                SELECT field, salt, commitment FROM record_seals
                WHERE record_seals.log = log_leaves.log AND record_seals.record_seq = log_leaves.record_seq
                ORDER BY field));
        DROP TABLE record_seals;
        """),
        // Nodes over fewer than 16 leaves are recomputed from the leaf hashes when read
        // (`StoredMerkleLevels`): about one node row per 8 leaves instead of one per leaf.
        (7, "merkle-nodes-from-level-4", """
        DELETE FROM merkle_nodes WHERE level < 4;
        """),
    ]

    /// Applies the migrations this file lacks, each in its own transaction.
    ///
    /// Safe when several processes open the same new file at once: each migration is applied
    /// only after taking the write lock and checking again that no one else applied it first.
    static func migrate(_ connection: SQLiteConnection, appliedAt: String) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """)
        let applied = Set(try connection.query("SELECT version FROM schema_migrations") { Int($0.int(0)) })
        if let newest = applied.max(), newest > (all.last?.version ?? 0) {
            throw SQLiteError(code: 0, message: "the database was written by a newer version of datacollect (schema \(newest))", statement: nil)
        }
        for migration in all where !applied.contains(migration.version) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let appliedMeanwhile = try connection.query(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))]) { _ in true }
                if !appliedMeanwhile.isEmpty {
                    try connection.execute("COMMIT")
                    continue
                }
                try connection.execute(migration.sql)
                try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                   [.integer(Int64(migration.version)), .text(migration.name), .text(appliedAt)])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
