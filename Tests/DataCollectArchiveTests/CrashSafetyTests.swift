import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectTestSupport
import Foundation
import Testing

/// A real `datacollect import` process killed with SIGKILL mid-way, then run again, ends with
/// the state, counts and verification of an uninterrupted run.
@Suite("Import survives kill -9", .serialized)
struct CrashSafetyTests {
    static func eventCount(_ db: String) -> Int {
        guard let store = try? SQLiteStore(path: db) else { return 0 }
        return (try? store.read { try $0.eventCount() }) ?? 0
    }

    @Test func anImportKilledMidWayAndRunAgainMatchesAnUninterruptedOne() throws {
        let events = EventGenerator(households: 1_500, seed: 21).generate().events
        let archive = try ImportFixtures.write("crash.tar.gz", container: .tar, compression: .gzip, members: [
            ("first/events.jsonl", ImportFixtures.jsonLines(events[..<(events.count / 2)])),
            ("second/events.jsonl", ImportFixtures.jsonLines(events[(events.count / 2)...])),
        ])

        let reference = ImportFixtures.path("reference.sqlite")
        let referenceManager = EntityDataManager(store: try SQLiteStore(path: reference))
        let uninterrupted = try EventImporter(manager: referenceManager, options: .init(
            batchSize: 100, quarantinePath: reference + ".rejects")).importArchives([archive])
        #expect(uninterrupted.isClean)

        let db = ImportFixtures.path("killed.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DatacollectExecutable.path)
        process.arguments = ["import", "--db", db, "--batch-size", "100", "--quiet", archive]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Self.eventCount(db) < 300, process.isRunning, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let landedBeforeKill = Self.eventCount(db)
        #expect(process.terminationReason == .uncaughtSignal, "the import was killed, not finished")
        #expect(landedBeforeKill > 0 && landedBeforeKill < events.count)

        let rerun = Process()
        rerun.executableURL = URL(fileURLWithPath: DatacollectExecutable.path)
        rerun.arguments = ["import", "--db", db, "--quiet", "--json", archive]
        let output = Pipe()
        rerun.standardOutput = output
        try rerun.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let summary = try JSONParser.parse(Array(data))
        #expect(summary["read"] == .number(JSONNumber(events.count)))
        #expect(summary["appended"] == .number(JSONNumber(events.count - landedBeforeKill)))
        #expect(summary["alreadyPresent"] == .number(JSONNumber(landedBeforeKill)))

        let resumed = EntityDataManager(store: try SQLiteStore(path: db))
        #expect(try resumed.stateHash() == referenceManager.stateHash())
        #expect(Self.eventCount(db) == events.count)
        #expect(try resumed.pendingEvents().map(\.event.guid) == referenceManager.pendingEvents().map(\.event.guid))
        let report = try IntegrityVerifier().verify(resumed.store)
        #expect(report.isIntact)
        #expect(report.logs.first { $0.log == .events }?.size == UInt64(events.count))
    }
}
