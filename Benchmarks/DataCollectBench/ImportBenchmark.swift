import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Foundation

/// `datacollect import` of a `.tar.gz` of generated events (validation, hashing, Merkle append
/// and projection included), run as a child process so its peak memory is its own, beside the
/// `sqlite3` shell loading the same events as JSON rows into a staging table and then, with
/// `json_extract`, into an indexed events table.
func importBenchmark(events count: Int) throws {
    let folder = try Bench.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("datacollect").path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw BenchError(message: "Build the datacollect product first (make bench does): \(executable) is missing.")
    }
    let events = Array(EventGenerator(households: count / 4 + 1, seed: 13).generate().events.prefix(count))
    var lines: [UInt8] = []
    var csv: [UInt8] = []
    for event in events {
        let line = event.jsonValue.canonicalBytes
        lines += line + [0x0A]
        csv += [0x22] + line.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22, 0x0A]
    }
    let archive = "\(folder)/events.tar.gz"
    let writer = try ArchiveWriter(path: archive, container: .tar, compression: .gzip)
    try writer.add(path: "device/events.jsonl", bytes: lines)
    try writer.close()
    try Data(csv).write(to: URL(fileURLWithPath: "\(folder)/events.csv"))
    lines = []
    csv = []
    print("import: \(events.count) events in a .tar.gz")

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["import", "--db", "\(folder)/ours.sqlite", "--quiet", "--batch-size", "5000", archive]
    process.standardOutput = FileHandle.nullDevice
    let ours = try Bench.seconds {
        try process.run()
        process.waitUntilExit()
    }
    guard process.terminationStatus == 0 else { throw BenchError(message: "datacollect import failed (\(process.terminationStatus))") }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    let peakMiB = Double(usage.ru_maxrss) / 1024

    let sql = """
        CREATE TABLE staging (j TEXT);
        .import --csv \(folder)/events.csv staging
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, entity_guid TEXT NOT NULL,
          type TEXT NOT NULL, data TEXT NOT NULL, timestamp TEXT NOT NULL, user_id TEXT NOT NULL, sync_level INTEGER NOT NULL);
        CREATE INDEX events_by_entity ON events(entity_guid);
        CREATE INDEX events_by_order ON events(timestamp, guid);
        INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level)
          SELECT json_extract(j, '$.guid'), json_extract(j, '$.entityGuid'), json_extract(j, '$.type'),
                 json_extract(j, '$.data'), json_extract(j, '$.timestamp'), json_extract(j, '$.userId'),
                 json_extract(j, '$.syncLevel') FROM staging;
        """
    try sql.write(toFile: "\(folder)/load.sql", atomically: true, encoding: .utf8)
    let reference = try Bench.shell("sqlite3 \(folder)/reference.sqlite < \(folder)/load.sql")
    print(String(format: "  datacollect import (validate, store, seal, project, audit): %7.2f s  ", ours) + Bench.rate(events.count, ours)
        + String(format: "  peak RSS %.0f MiB", peakMiB))
    print(String(format: "  sqlite3 shell (staging table + json_extract):               %7.2f s  ", reference) + Bench.rate(events.count, reference))
    print(String(format: "  speed ratio (reference time / ours): %.2fx (the issue's goal is ≥ 3x)", reference / ours))
}
