// Event submission throughput into SQLite, beside the `sqlite3` shell inserting the same rows
// into the same `events` table in the same run. The shell does only the raw inserts; we also
// validate, project entity state, index touches and write the audit trail, so the ratio is
// the cost of the whole pipeline relative to bare inserts on this machine.
//
// Run: make bench   (or: swift build -c release --product datacollect-bench && .build/release/datacollect-bench [HOUSEHOLDS])
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

func submitBenchmark(households: Int) throws {
let batchSize = 1_000
let folder = try Bench.folder()
defer { try? FileManager.default.removeItem(atPath: folder) }

let events = EventGenerator(households: households, seed: 7).generate().events
print("Submission throughput: \(events.count) events (\(households) households), batches of \(batchSize)")

// Ours: the full pipeline.
let store = try SQLiteStore(path: "\(folder)/ours.sqlite")
let manager = EntityDataManager(store: store)
let oursStart = Date()
var index = 0
while index < events.count {
    let report = try manager.submit(Array(events[index..<min(events.count, index + batchSize)]))
    precondition(report.isClean, "generated events were rejected")
    index += batchSize
}
let oursSeconds = Date().timeIntervalSince(oursStart)

// Reference: the sqlite3 shell inserting the same event rows, same batches, same table.
func sqlText(_ text: String) -> String { "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" }
var script = """
    PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, entity_guid TEXT NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, timestamp TEXT NOT NULL, user_id TEXT NOT NULL, sync_level INTEGER NOT NULL,
      recorded_at TEXT NOT NULL, content_hash TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
      status_code TEXT, status_field TEXT, status_message TEXT);
    CREATE INDEX events_by_entity ON events(entity_guid);
    CREATE INDEX events_by_order ON events(timestamp, guid);

    """
for (offset, event) in events.enumerated() {
    if offset % batchSize == 0 { script += "BEGIN;\n" }
    script += "INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash) VALUES ("
        + [event.guid, event.entityGuid, event.type, JSONValue.object(event.data).canonicalString,
           event.timestamp.iso8601, event.userId].map(sqlText).joined(separator: ", ")
        + ", 0, '2026-01-01T00:00:00.000Z', \(sqlText(event.contentHash)));\n"
    if offset % batchSize == batchSize - 1 || offset == events.count - 1 { script += "COMMIT;\n" }
}
let scriptPath = "\(folder)/reference.sql"
try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
let shell = Process()
shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
shell.arguments = ["\(folder)/reference.sqlite"]
shell.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: scriptPath))
shell.standardOutput = FileHandle.nullDevice
let referenceStart = Date()
try shell.run()
shell.waitUntilExit()
let referenceSeconds = Date().timeIntervalSince(referenceStart)
guard shell.terminationStatus == 0 else {
    throw BenchError(message: "The sqlite3 shell failed (status \(shell.terminationStatus)); is the sqlite3 package installed?")
}

func rate(_ seconds: Double) -> String { String(format: "%.0f events/s", Double(events.count) / seconds) }
print(String(format: "  datacollect submit (validate + store + project + audit): %7.3f s  ", oursSeconds) + rate(oursSeconds))
print(String(format: "  sqlite3 shell (bare INSERTs of the same rows):           %7.3f s  ", referenceSeconds) + rate(referenceSeconds))
print(String(format: "  ratio (ours / reference time): %.2fx", oursSeconds / referenceSeconds))
}
