import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// The demo's state from step to step: its folder, the store, and what each step found that
/// the next one or the final summary uses.
struct DemoRun {
    let out: String
    let quiet: Bool
    let database: String
    let keyPath: String
    let sqlite: SQLiteStore
    let manager: EntityDataManager
    let verifierKey: String
    var onTimeEvents: [Event] = []
    var lateEvents: [Event] = []
    var knownBeforeLateBatch = EventTimestamp(epochMilliseconds: 0)
    var facts: [String] = []
    /// The first capture of the data set: 400 days before today (UTC midnight), so that the
    /// registry's year of visits ends around now and sync lag is measured against real time.
    let dataStart: EventTimestamp

    /// Replaces the demo's earlier files and opens a fresh database with a new signing key.
    init(out: String, quiet: Bool) throws {
        self.out = out
        self.quiet = quiet
        let day: Int64 = 86_400_000
        dataStart = EventTimestamp(epochMilliseconds: (EventTimestamp.now().epochMilliseconds / day - 400) * day)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        database = "\(out)/demo.sqlite"
        keyPath = SigningKeyFile.defaultPath(forDatabase: database)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        for stale in [keyPath, "\(out)/reports", "\(out)/policies", "\(out)/research-extract-release.tar.gz"] {
            try? FileManager.default.removeItem(atPath: stale)
        }
        sqlite = try SQLiteStore(path: database)
        verifierKey = try StoreSetup.prepare(sqlite, keyPath: keyPath).verifierKey
        manager = EntityDataManager(store: sqlite)
    }

    func say(_ text: String) {
        if !quiet { Console.print(text) }
    }

    /// Step 1: the data set, written as a device archive (with malformed records) and a late batch.
    mutating func generate(households: Int, seed: UInt64) throws -> (events: [Event], late: [Event]) {
        say("1. Generating \(households) households (seed \(seed))…")
        let set = EventGenerator(households: households, seed: seed, start: dataStart).generate()
        onTimeEvents = Array(set.events.dropLast(set.lateBatchCount))
        lateEvents = Array(set.events.suffix(set.lateBatchCount))
        try DemoArchives.write(onTimeEvents, late: lateEvents, deviceArchive: deviceArchive, lateArchive: lateArchive)
        say("   \(onTimeEvents.count) events (and 3 malformed records) in \(deviceArchive); "
            + "\(lateEvents.count) late offline events in \(lateArchive).")
        return (set.events, lateEvents)
    }

    var deviceArchive: String { "\(out)/device-archive.tar.gz" }
    var lateArchive: String { "\(out)/offline-batch.jsonl.gz" }

    /// Step 2: the device archive (with a progress bar), the late batch, then both again.
    mutating func importArchives() throws {
        say("2. Importing into \(database)…")
        let importer = EventImporter(manager: manager, options: .init(batchSize: 2_000, quarantinePath: "\(out)/rejects.jsonl",
                                                                      actor: "demo-officer"))
        let bar = ProgressBar(quiet: quiet)
        let first = try importer.importArchives([deviceArchive]) {
            bar.update(bytesRead: $0.bytesRead, totalBytes: $0.totalBytes, records: $0.records)
        }
        bar.finish()
        say("   device archive: \(first.appended) appended, \(first.rejected) rejected "
            + "(\(first.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
            + "see \(out)/rejects.jsonl); \(try manager.pendingEvents().count) pending while the offline batch is missing.")
        knownBeforeLateBatch = manager.clock()
        usleep(5_000)  // the late batch is recorded strictly later
        let second = try EventImporter(manager: manager, options: .init(quarantinePath: "\(out)/rejects-late.jsonl", actor: "demo-officer"))
            .importArchives([lateArchive])
        say("   late offline batch: \(second.appended) appended, re-folding \(second.refoldedEntities) entities; "
            + "\(try manager.pendingEvents().count) still pending.")
        let again = try EventImporter(manager: manager, options: .init(quarantinePath: "\(out)/rejects-again.jsonl", actor: "demo-officer"))
            .importArchives([deviceArchive, lateArchive])
        say("   importing both again: \(again.appended) appended, \(again.alreadyPresent) already present (idempotent).")
        facts.append("\(first.appended + second.appended) events imported, \(first.rejected) malformed records quarantined")
    }

    /// Step 3: households, individuals, duplicates and conflicts, with a sample.
    mutating func showStore() throws {
        say("3. What the store holds:")
        let entities = try manager.allEntities()
        let groups = entities.filter { $0.modified.type == .group }
        say("   \(groups.count) households, \(entities.count - groups.count) individuals, "
            + "\(try manager.potentialDuplicates().count) potential duplicate pairs.")
        let sample = groups.prefix(5).map(\.modified)
        say(TableFormatter.table(headers: EntitiesCommand.headers, rows: sample.map(EntitiesCommand.row))
            .split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
        let conflicts = try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: Int.max) }
            .filter { $0.entry.action == "conflict" }.count
        say("   \(conflicts) concurrent edits recorded as conflicts in the audit trail.")
        facts.append("\(groups.count) households and \(entities.count - groups.count) individuals")
    }

    /// Step 6: the same events in a random order on an in-memory store give the same state hash.
    func replayShuffled(_ events: [Event], seed: UInt64) throws {
        say("6. Replaying the same events in a random order on an in-memory store…")
        let stateHash = try manager.stateHash()
        var random = SeededRandom(seed: seed &+ 1)
        let replica = EntityDataManager(store: InMemoryStore())
        let shuffled = events.shuffled(using: &random)
        var start = 0
        while start < shuffled.count {
            let report = try replica.submit(Array(shuffled[start..<min(shuffled.count, start + 2_000)]))
            guard report.isClean else {
                throw CommandFailure(exit: ExitCodes.integrityFailure, message: "The generated data set was rejected; this is a bug.")
            }
            start += 2_000
        }
        let replicaHash = try replica.stateHash()
        say("   SQLite store:    \(stateHash)")
        say("   shuffled replay: \(replicaHash)  " + (stateHash == replicaHash ? "identical" : "DIFFERENT"))
        guard stateHash == replicaHash else { throw ExitCodes.integrityFailure }
    }

    /// The latest capture time of the generated events (the demo's "today" for time travel).
    var lastCapture: EventTimestamp {
        EventTimestamp(epochMilliseconds: (onTimeEvents + lateEvents).map(\.timestamp.epochMilliseconds).max() ?? 0)
    }

    var summaryLine: String { facts.joined(separator: "; ") + "." }
}
