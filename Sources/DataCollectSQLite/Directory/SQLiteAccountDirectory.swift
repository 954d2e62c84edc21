public import DataCollectCore
import DataCollectSQL

/// The server's accounts and tenants in one SQLite file (the embedded default of
/// `datacollect serve --sqlite FILE`). Each tenant's events live in a store of their own.
public enum SQLiteAccountDirectory {
    /// Opens (creating if needed) the directory at `path`.
    public static func open(path: String) throws -> any AccountDirectory {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA secure_delete = ON")
        try connection.execute("""
        CREATE TABLE IF NOT EXISTS users (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            email         TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role          TEXT NOT NULL CHECK (role IN ('admin', 'auditor', 'collector')),
            tenants       TEXT NOT NULL,
            created_at    TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tenants (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            artifact_id   TEXT NOT NULL,
            configuration TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        """)
        return SQLAccountDirectory(connection: connection)
    }
}
