import DataCollectTestSupport
import Foundation

/// The physical limit for *everything* a push writes, not only the events table: every row of
/// a tenant's schema (events, seals, leaves, Merkle nodes, touches, entities, versions, the
/// sealed audit trail…) is dumped with `\copy … TO`, then timed as `\copy … FROM` into empty
/// tables with the same columns, keys and indexes (`LIKE … INCLUDING ALL`), in one `psql` run.
struct SchemaCopyReference {
    /// Rows per table, largest first.
    let rowsByTable: [(table: String, rows: Int)]
    let seconds: Double

    var rows: Int { rowsByTable.reduce(0) { $0 + $1.rows } }
    var tables: Int { rowsByTable.count }

    static func measure(cluster: PostgresCluster.Instance, database: String, schema: String,
                        folder: String) throws -> SchemaCopyReference {
        let tables = try cluster.psql(database: database, command: """
            SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY tablename
            """).split(separator: "\n").map(String.init)
        let rowsByTable = try tables.map { table in
            (table, Int(try cluster.psql(database: database, command: "SELECT count(*) FROM \(schema).\(table)")) ?? 0)
        }.sorted { $0.1 > $1.1 }
        let rows = rowsByTable.reduce(0) { $0 + $1.1 }
        let copySchema = "copy_reference"
        _ = try cluster.psql(database: database, command: "CREATE SCHEMA \(copySchema); "
            + tables.map { "CREATE TABLE \(copySchema).\($0) (LIKE \(schema).\($0) INCLUDING ALL);" }.joined(separator: " "))
        let dump = tables.map { "\\copy \(schema).\($0) TO '\(folder)/rows-\($0).csv' CSV" }
        let load = tables.map { "\\copy \(copySchema).\($0) FROM '\(folder)/rows-\($0).csv' CSV" }
        try (dump.joined(separator: "\n") + "\n").write(toFile: folder + "/dump.sql", atomically: true, encoding: .utf8)
        try (load.joined(separator: "\n") + "\n").write(toFile: folder + "/load.sql", atomically: true, encoding: .utf8)
        let psql = "\(cluster.binaries.psql) -X -q -v ON_ERROR_STOP=1 -h \(cluster.host) -p \(cluster.port) -U \(cluster.user) -d \(database)"
        _ = try Bench.shell("\(psql) -f \(folder)/dump.sql")
        let seconds = try Bench.shell("\(psql) -f \(folder)/load.sql")
        let copied = try tables.reduce(0) { total, table in
            total + (Int(try cluster.psql(database: database, command: "SELECT count(*) FROM \(copySchema).\(table)")) ?? 0)
        }
        guard copied == rows else { throw BenchError(message: "The schema copy loaded \(copied) of \(rows) rows.") }
        return SchemaCopyReference(rowsByTable: rowsByTable, seconds: seconds)
    }
}
