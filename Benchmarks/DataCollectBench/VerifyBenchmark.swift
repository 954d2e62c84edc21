import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// `verify` against reading the same event bytes out of SQLite with the `sqlite3` shell and
/// hashing them with `openssl dgst -sha256`, in the same run. The events are sealed directly
/// (no projection: verify reads only the logs).
///
/// A third line measures the same tools over every row verify has to read: the event rows,
/// their leaves (hashes and seals) and the stored Merkle nodes. It is what reading alone costs
/// with the format the audit trail prescribes, so the ratio to it shows how much of the gap to
/// the reference is reading and how much is checking.
///
/// With `DATACOLLECT_BENCH_STORE=<file>` the sealed store is kept in that file and reused by the
/// next run with the same size (handy when profiling verify alone).
func verifyBenchmark(events count: Int) throws {
    let folder = try Bench.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let kept = ProcessInfo.processInfo.environment["DATACOLLECT_BENCH_STORE"].map { "\($0).\(count)" }
    let path = kept ?? "\(folder)/verify.sqlite"
    let reuse = kept.map { FileManager.default.fileExists(atPath: $0) } ?? false
    let store = try SQLiteStore(path: path)
    let appender = LogAppender()
    let events = reuse ? [] : Array(EventGenerator(households: count / 4 + 1, seed: 11).generate().events.prefix(count))
    let recordedAt = EventTimestamp(epochMilliseconds: 1_767_225_600_000)
    let build = try Bench.seconds {
        var index = 0
        while index < events.count {
            let batch = events[index..<min(events.count, index + 10_000)]
            try store.write { transaction in
                for event in batch {
                    guard case .appended(let seq) = try transaction.append(event, recordedAt: recordedAt) else { continue }
                    try appender.append(StoredEvent(event: event, seq: seq, recordedAt: recordedAt, status: .applied), in: transaction)
                }
            }
            index += 10_000
        }
    }
    let sealed = try store.read { try $0.eventCount() }
    print("verify: \(sealed) sealed events (\(reuse ? "reused \(path)" : "built in \(String(format: "%.1f", build)) s"))")
    // Rounds alternate ours and the reference; the machine's noise shows as their spread.
    let rounds = Int(ProcessInfo.processInfo.environment["DATACOLLECT_BENCH_ROUNDS"] ?? "") ?? 3
    var verifier = IntegrityVerifier()
    // DATACOLLECT_BENCH_PAGE: records per page, to compare page sizes.
    if let pageSize = ProcessInfo.processInfo.environment["DATACOLLECT_BENCH_PAGE"].flatMap(Int.init), pageSize > 0 {
        verifier.pageSize = pageSize
    }
    var ratios: [Double] = []
    var readingRatios: [Double] = []
    for round in 1...rounds {
        var report: IntegrityReport?
        let cpuBefore = Bench.processorSeconds()
        let ours = try Bench.seconds { report = try verifier.verify(store) }
        let cpu = Bench.processorSeconds() - cpuBefore
        guard report?.isIntact == true else { throw BenchError(message: "the benchmark store does not verify") }
        let reference = try Bench.shell(
            "sqlite3 \(path) \"SELECT guid, entity_guid, type, data, timestamp, user_id, recorded_at FROM events ORDER BY seq\" | openssl dgst -sha256")
        let readingFloor = try Bench.shell("""
            sqlite3 \(path) "SELECT guid, entity_guid, type, data, timestamp, user_id, recorded_at FROM events ORDER BY seq; \
            SELECT leaf_index, record_seq, leaf_hash, chain_hash, seals FROM log_leaves WHERE log = 'events' ORDER BY leaf_index; \
            SELECT level, node_index, hash FROM merkle_nodes WHERE log = 'events' ORDER BY level, node_index" | openssl dgst -sha256
            """)
        ratios.append(ours / reference)
        readingRatios.append(ours / readingFloor)
        print("  round \(round) of \(rounds)")
        print(String(format: "    datacollect verify (commitments, leaves, chain, root, nodes): %7.2f s  ", ours)
              + Bench.rate(sealed, ours) + String(format: "  (%.2f s of processor time)", cpu))
        print(String(format: "    sqlite3 read of the same rows | openssl dgst -sha256:        %7.2f s  ", reference)
              + Bench.rate(sealed, reference))
        print(String(format: "    sqlite3 read of every row verify reads | openssl dgst -sha256: %6.2f s  ", readingFloor)
              + Bench.rate(sealed, readingFloor))
        print(String(format: "    ratio (ours / reference): %.2fx; (ours / every row verify reads): %.2fx",
                     ours / reference, ours / readingFloor))
    }
    print(String(format: "  median ratio over %d rounds: %.2fx (to reading every row verify reads: %.2fx)",
                 rounds, ratios.sorted()[ratios.count / 2], readingRatios.sorted()[readingRatios.count / 2]))
}
