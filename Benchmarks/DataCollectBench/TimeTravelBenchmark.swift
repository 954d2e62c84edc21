import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// Time travel on a generated store (default 1,000,000 events over ~200,000 entities,
/// delivered in batches an hour apart, the offline batch last), against the naive replay of
/// the same events measured in the same run: read every event from the store, keep those
/// captured by T, fold them from nothing, hash the result.
///
/// With `DATACOLLECT_BENCH_STORE=<file>` the store is kept and reused by the next run of the
/// same size.
func timeTravelBenchmark(events count: Int) throws {
    let folder = try Bench.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let kept = ProcessInfo.processInfo.environment["DATACOLLECT_BENCH_STORE"].map { "\($0).tt.\(count)" }
    let path = kept ?? "\(folder)/time-travel.sqlite"
    let reuse = kept.map { FileManager.default.fileExists(atPath: $0) } ?? false
    let manager = EntityDataManager(store: try SQLiteStore(path: path))
    if !reuse { try buildTimeTravelStore(manager, events: count) }

    let (events, entities, versions) = try manager.store.read { (try $0.eventCount(), try $0.entityCount(), try $0.versionCount()) }
    let stored = try manager.store.read { try $0.allStoredEvents() }.map(\.event)
    let captured = stored.map(\.timestamp.epochMilliseconds)
    guard let first = captured.min(), let last = captured.max() else { throw BenchError(message: "the store is empty") }
    print("time travel: \(events) events, \(entities) live entities, \(versions) versions\(reuse ? " (reused \(path))" : "")")
    var random = SeededRandom(seed: 5)
    func randomTime() -> EventTimestamp {
        EventTimestamp(epochMilliseconds: first + Int64(random.int(0...Int((last - first) / 1000))) * 1000)
    }

    // One entity as of a random T: an index seek.
    let guids = Array(Set(stored.map(\.entityGuid)))
    var lookups: [Double] = []
    for _ in 0..<2_000 {
        let guid = guids[random.int(0...(guids.count - 1))]
        let time = randomTime()
        lookups.append(try Bench.seconds { _ = try manager.entity(guid, asOf: time) })
    }
    lookups.sort()
    print(String(format: "  one entity as of a random T:  median %.3f ms, p99 %.3f ms (target: median < 1 ms)",
                 lookups[lookups.count / 2] * 1000, lookups[lookups.count * 99 / 100] * 1000))

    // All entities as of a random T, against the naive replay.
    for _ in 0..<3 {
        let time = randomTime()
        var fast: (hash: String, entities: Int) = ("", 0)
        let ours = try Bench.seconds { fast = try manager.stateHash(asOf: time) }
        var naiveHash = ""
        let naive = try Bench.seconds {
            let events = try manager.store.read { try $0.allStoredEvents() }.map(\.event).filter { $0.timestamp <= time }
            naiveHash = StateHash.compute(entities: try manager.projector.replay(events))
        }
        guard naiveHash == fast.hash else { throw BenchError(message: "as of \(time): the index and the replay disagree") }
        print(String(format: "  all entities as of %@ (%d live): index %.2f s, naive replay %.2f s, %.1fx faster (targets: < 2 s, >= 5x)",
                     time.iso8601, fast.entities, ours, naive, naive / ours))
    }

    // diff between two dates over the whole data set.
    let (from, to) = { let a = randomTime(), b = randomTime(); return a < b ? (a, b) : (b, a) }()
    var diff = StateDiff()
    let diffSeconds = try Bench.seconds { diff = try manager.diff(from: from, to: to) }
    print(String(format: "  diff %@ → %@: %d created, %d changed, %d deleted in %.2f s (target: < 3 s)",
                 from.iso8601, to.iso8601, diff.created.count, diff.changed.count, diff.deleted.count, diffSeconds))
}

/// Appends the generated events in deliveries an hour apart (the offline batch arrives last,
/// late), then derives the projection and the version index with one rebuild.
func buildTimeTravelStore(_ manager: EntityDataManager, events count: Int) throws {
    // ~6 entities per household and ~30 events each: 1M events over ~200k entities.
    let generated = EventGenerator(households: max(1, count / 30), seed: 17, visitsPerHousehold: 20...40).generate()
    let events = Array(generated.events.prefix(count))
    let start = EventTimestamp(epochMilliseconds: 1_767_225_600_000).epochMilliseconds
    var appended = 0
    let load = try Bench.seconds {
        var index = 0
        var delivery: Int64 = 0
        while index < events.count {
            let batch = events[index..<min(events.count, index + 5_000)]
            let recordedAt = EventTimestamp(epochMilliseconds: start + delivery * 3_600_000)
            try manager.store.write { transaction in
                for event in batch {
                    if case .appended = try transaction.append(event, recordedAt: recordedAt) { appended += 1 }
                }
            }
            index += batch.count
            delivery += 1
        }
    }
    print(String(format: "  appended %d events in %.1f s", appended, load))
    let rebuild = try Bench.seconds { try manager.rebuild() }
    print(String(format: "  projection and version index rebuilt in %.1f s", rebuild))
    let history = try Bench.seconds { try manager.store.write { try HistoryBuilder().rebuildAll(in: $0) } }
    print(String(format: "  of which the version index alone: %.1f s", history))
}
