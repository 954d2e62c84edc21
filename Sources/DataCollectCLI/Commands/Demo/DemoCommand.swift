import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demo on a generated data set.",
        discussion: """
            Generates a data set as device-style .tar.gz archives (with a few malformed records, \
            and a late offline batch in its own archive), imports them into a fresh SQLite \
            database, shows what the store holds, checks that a shuffled replay gives the same \
            state hash, signs checkpoints, proves and redacts, verifies, and writes an archive \
            export and a subject export.
            """)

    @Option(help: "Number of households to generate.")
    var households: Int = 1_000

    @Option(help: "Random seed of the data set.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Folder for the demo's files.", valueName: "DIR"))
    var out: String = "demo-output"

    func validate() throws {
        guard (1...1_000_000).contains(households) else { throw ValidationError("--households must be between 1 and 1000000.") }
    }

    func run() throws {
        try runReportingFailures {
            let started = Date()
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let database = "\(out)/demo.sqlite"
            let keyPath = SigningKeyFile.defaultPath(forDatabase: database)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            try? FileManager.default.removeItem(atPath: keyPath)

            Console.print("1. Generating \(households) households (seed \(seed))…")
            let set = EventGenerator(households: households, seed: seed).generate()
            let onTime = Array(set.events.dropLast(set.lateBatchCount))
            let late = Array(set.events.suffix(set.lateBatchCount))
            let deviceArchive = "\(out)/device-archive.tar.gz"
            let lateArchive = "\(out)/offline-batch.jsonl.gz"
            try DemoArchives.write(onTime, late: late, deviceArchive: deviceArchive, lateArchive: lateArchive)
            Console.print("   \(onTime.count) events (and 3 malformed records) in \(deviceArchive); "
                + "\(late.count) late offline events in \(lateArchive).")

            Console.print("2. Importing into \(database)…")
            let sqlite = try SQLiteStore(path: database)
            let setup = try StoreSetup.prepare(sqlite, keyPath: keyPath)
            let manager = EntityDataManager(store: sqlite)
            let importer = EventImporter(manager: manager, options: .init(batchSize: 2_000, quarantinePath: "\(out)/rejects.jsonl"))
            let bar = ProgressBar(quiet: false)
            let first = try importer.importArchives([deviceArchive]) {
                bar.update(bytesRead: $0.bytesRead, totalBytes: $0.totalBytes, records: $0.records)
            }
            bar.finish()
            Console.print("   device archive: \(first.appended) appended, \(first.rejected) rejected "
                + "(\(first.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
                + "see \(out)/rejects.jsonl); \(try manager.pendingEvents().count) pending while the offline batch is missing.")
            let knownBeforeLateBatch = manager.clock()
            usleep(5_000)  // the late batch is recorded strictly later
            let second = try EventImporter(manager: manager, options: .init(quarantinePath: "\(out)/rejects-late.jsonl"))
                .importArchives([lateArchive])
            Console.print("   late offline batch: \(second.appended) appended, re-folding \(second.refoldedEntities) entities; "
                + "\(try manager.pendingEvents().count) still pending.")
            let again = try EventImporter(manager: manager, options: .init(quarantinePath: "\(out)/rejects-again.jsonl"))
                .importArchives([deviceArchive, lateArchive])
            Console.print("   importing both again: \(again.appended) appended, \(again.alreadyPresent) already present (idempotent).")

            Console.print("3. What the store holds:")
            let entities = try manager.allEntities()
            let groups = entities.filter { $0.modified.type == .group }
            Console.print("   \(groups.count) households, \(entities.count - groups.count) individuals, "
                + "\(try manager.potentialDuplicates().count) potential duplicate pairs.")
            let sample = groups.prefix(5).map(\.modified)
            Console.print(TableFormatter.table(headers: EntitiesCommand.headers, rows: sample.map(EntitiesCommand.row))
                .split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
            let conflicts = try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: Int.max) }
                .filter { $0.entry.action == "conflict" }.count
            Console.print("   \(conflicts) concurrent edits recorded as conflicts in the audit trail.")

            try showTimeTravel(manager, late: late, knownBeforeLateBatch: knownBeforeLateBatch)

            Console.print("5. Replaying the same events in a random order on an in-memory store…")
            let stateHash = try manager.stateHash()
            var random = SeededRandom(seed: seed &+ 1)
            let replica = EntityDataManager(store: InMemoryStore())
            _ = try submitInBatches(set.events.shuffled(using: &random), to: replica)
            let replicaHash = try replica.stateHash()
            Console.print("   SQLite store:    \(stateHash)")
            Console.print("   shuffled replay: \(replicaHash)  " + (stateHash == replicaHash ? "identical" : "DIFFERENT"))
            guard stateHash == replicaHash else { throw ExitCodes.integrityFailure }

            Console.print("6. Tamper evidence:")
            let checkpoints = try CheckpointWriter(signer: try SigningKeyFile.load(keyPath)).checkpoint(sqlite, at: .now())
            for checkpoint in checkpoints {
                Console.print("   signed checkpoint of the \(checkpoint.log.rawValue) log: \(checkpoint.size) records, root \(checkpoint.rootHash.hexString.prefix(16))…")
            }
            if let sampleEvent = set.events.first(where: { $0.data["phone"] != nil }) {
                let proof = try LogProofs.inclusion(ofEvent: sampleEvent.guid, in: sqlite)
                try MerkleVerification.verifyInclusion(leafHash: proof.leafHash, index: proof.leafIndex, size: proof.treeSize,
                                                       proof: proof.auditPath, root: proof.rootHash)
                Console.print("   event \(sampleEvent.guid) proven in the log (\(proof.auditPath.count) hashes).")
                try manager.redact(eventGuid: sampleEvent.guid, fields: ["phone"], reason: "demo: erasure request",
                                   policyRun: "demo-erasure", actor: "demo-officer")
                Console.print("   its phone number erased (redaction run demo-erasure).")
            }
            let report = try IntegrityVerifier(verifierKey: setup.verifierKey).verify(sqlite)
            Console.print(VerifyCommand.summary(report).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
            guard report.isIntact else { throw ExitCodes.integrityFailure }

            Console.print("7. Exports:")
            let exportPath = "\(out)/archive-export.tar.gz"
            try? FileManager.default.removeItem(atPath: exportPath)
            let exported = try ArchiveExporter(manager: manager).export(to: exportPath, format: .tarGz, actor: "demo-auditor",
                                                                        tool: "datacollect demo")
            let validation = try BagValidator(verifierKey: setup.verifierKey).validate(exportPath)
            Console.print("   archive export \(exportPath): \(exported.events) events, "
                + (validation.isValid ? "valid BagIt, restores and verifies." : "INVALID: \(validation.problems)"))
            guard validation.isValid else { throw ExitCodes.integrityFailure }
            if let household = groups.first {
                let subjectPath = "\(out)/subject-export-\(household.guid)"
                try? FileManager.default.removeItem(atPath: subjectPath)
                let subject = try SubjectExporter(manager: manager).export(subject: household.guid, to: subjectPath, format: .dir,
                                                                           actor: "demo-officer", tool: "datacollect demo")
                Console.print("   subject export \(subjectPath): \(subject.entities) entities (the household and its members), \(subject.events) events with proofs.")
            }

            let seconds = Date().timeIntervalSince(started)
            Console.print("Done in \(String(format: "%.1f", seconds)) s. Explore: datacollect entities --db \(database) --limit 20")
        }
    }

    /// Step 4: the state as of the middle of the offline batch's capture window, as the store
    /// knew it before and after the batch arrived; the history of the household whose past the
    /// batch rewrote most; a diff.
    private func showTimeTravel(_ manager: EntityDataManager, late: [Event], knownBeforeLateBatch: EventTimestamp) throws {
        let candidates = Set(late.filter { $0.type == "update-group" || $0.type == "add-member" }.map(\.entityGuid))
        let replacedCounts = try manager.store.read { transaction in
            try candidates.map { guid in (guid, try transaction.everyVersion(of: guid).filter { $0.recordedTo != nil }.count) }
        }
        guard let middle = late.map(\.timestamp).sorted().dropFirst(late.count / 2).first,
              let (household, replaced) = replacedCounts.max(by: { ($0.1, $1.0) < ($1.1, $0.0) })
        else { return }
        Console.print("4. Time travel (each query is recorded in the audit trail):")
        let record = { (query: String, entity: String, details: [String: JSONValue]) in
            try manager.recordAccess(action: "time-travel-query", actor: "demo-auditor", entityGuid: entity,
                                     details: details.merging(["query": .string(query)]) { old, _ in old }, at: manager.clock())
        }
        try record("state-hash", "", ["asOf": .string(middle.iso8601), "knownAt": .string(knownBeforeLateBatch.iso8601)])
        let before = try manager.stateHash(asOf: middle, knownAt: knownBeforeLateBatch)
        try record("state-hash", "", ["asOf": .string(middle.iso8601), "knownAt": "now"])
        let after = try manager.stateHash(asOf: middle)
        Console.print("   as of \(middle.iso8601), known before the offline batch: \(before.entities) entities, \(before.hash.prefix(16))…")
        Console.print("   as of \(middle.iso8601), known now:                     \(after.entities) entities, \(after.hash.prefix(16))…")
        try record("history", household, ["knownAt": "now"])
        let history = try manager.history(of: household)
        Console.print("   household \(household): \(history.count) versions; the late batch replaced \(replaced) the store had known.")
        let (from, to) = (middle, EventTimestamp(epochMilliseconds: middle.epochMilliseconds + 30 * 86_400_000))
        try record("diff", "", ["from": .string(from.iso8601), "to": .string(to.iso8601), "knownAt": "now"])
        let diff = try manager.diff(from: from, to: to)
        Console.print("   the following 30 days: \(diff.created.count) entities created, \(diff.changed.count) changed, "
            + "\(diff.deleted.count) deleted. Try: datacollect history --db \(out)/demo.sqlite \(household)")
    }

    private struct Totals {
        var appended = 0
        var alreadyPresent = 0
        var refolded = 0
    }

    private func submitInBatches(_ events: [Event], to manager: EntityDataManager) throws -> Totals {
        var totals = Totals()
        var start = 0
        while start < events.count {
            let report = try manager.submit(Array(events[start..<min(events.count, start + 2_000)]))
            guard report.isClean else {
                throw CommandFailure(exit: ExitCodes.integrityFailure, message: "The generated data set was rejected; this is a bug.")
            }
            totals.appended += report.appended
            totals.alreadyPresent += report.alreadyPresent
            totals.refolded += report.refoldedEntityCount
            start += 2_000
        }
        return totals
    }
}
