import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Synchronization
import Testing

@Suite("Archive exports", .serialized)
struct ExportRoundTripTests {
    static let signer: NoteSigner = {
        (try? NoteSigner(privateKeyText: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))!
    }()

    /// A sealed, checkpointed, partly redacted store of ≥ 10,000 generated events of every type.
    static func source() throws -> EntityDataManager {
        let manager = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("source.sqlite")))
        try manager.store.write { transaction in
            try transaction.setMetadata(IntegrityMetadata.origin, "datacollect/round-trip")
            try transaction.setMetadata(IntegrityMetadata.verifierKey, Self.signer.verifierKey)
        }
        let events = EventGenerator(households: 2_400, seed: 77).generate().events
        var index = 0
        while index < events.count {
            try manager.submit(Array(events[index..<min(events.count, index + 2_000)]))
            index += 2_000
        }
        _ = try CheckpointWriter(signer: Self.signer).checkpoint(manager.store, at: EventTimestamp(epochMilliseconds: 1_767_225_600_000))
        let target = try #require(events.first { $0.type == "update-individual" })
        try manager.redact(eventGuid: target.guid, reason: "erasure request", policyRun: "run-7", actor: "officer")
        return manager
    }

    static func roots(_ manager: EntityDataManager) throws -> [String] {
        try IntegrityVerifier(verifierKey: signer.verifierKey).verify(manager.store).logs.map { $0.rootHash.hexString }
    }

    @Test func anArchiveExportRestoresToTheSameStateRootsAndCheckpoints() throws {
        let source = try Self.source()
        let eventCount = try source.store.read { try $0.eventCount() }
        #expect(eventCount >= 10_000)
        let types = Set(try source.events(limit: 10_000).events.map(\.event.type))
        #expect(types.isSuperset(of: ["create-group", "update-group", "create-individual", "update-individual",
                                      "add-member", "remove-member", "delete-entity"]))
        // The full round trip through the packed form; the directory form through the validator
        // (which restores and verifies too); the zip form is read like any zip by the importer.
        let sourceHash = try source.stateHash()
        let packed = ImportFixtures.path("export.tar.gz")
        let receipt = try ArchiveExporter(manager: source).export(to: packed, format: .tarGz, actor: "auditor", tool: "tests")
        #expect(receipt.events == eventCount)
        let sourceRoots = try Self.roots(source)
        let restored = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("restored.sqlite")))
        let result = try StoreRestorer(manager: restored).restore(from: packed)
        #expect(result.stateHash == sourceHash)
        #expect(try Self.roots(restored) == sourceRoots)
        let report = try IntegrityVerifier(verifierKey: Self.signer.verifierKey).verify(restored.store)
        #expect(report.isIntact)
        #expect(report.logs.first { $0.log == .events }?.checkpointsChecked == 1)
        #expect(report.logs.first { $0.log == .events }?.redactedFieldsByPolicyRun["run-7"] != nil)

        let directory = ImportFixtures.path("export-dir")
        let progress = Mutex<[(done: Int, total: Int)]>([])
        let directoryReceipt = try ArchiveExporter(manager: source) { done, total in progress.withLock { $0.append((done, total)) } }
            .export(to: directory, format: .dir, actor: "auditor", tool: "tests")
        let steps = progress.withLock { $0 }
        let records = directoryReceipt.events + directoryReceipt.auditEntries
        #expect(steps.count > 2, "a step per page of each log")
        #expect(steps.allSatisfy { $0.total == records } && steps.last?.done == records)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.done < $1.done })
        let validation = try BagValidator(verifierKey: Self.signer.verifierKey).validate(directory)
        #expect(validation.problems == [])
        #expect(validation.integrity?.isIntact == true)

        let zipped = ImportFixtures.path("export.zip")
        _ = try ArchiveExporter(manager: source).export(to: zipped, format: .zip, actor: "auditor", tool: "tests")
        #expect(StoreRestorer.isExportPackage(zipped))
        let exports = try source.auditTrail(entityGuid: "*").filter { $0.entry.action == "export" }
        #expect(exports.count == ArchiveExporter.Format.allCases.count, "every export is in the audit trail")
    }

    @Test func importingAPackageIntoAStoreWithEventsMergesItsEvents() throws {
        let small = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("small.sqlite")))
        try small.submit(Array(ImportFixtures.events.prefix(50)))
        let output = ImportFixtures.path("small-export.tar.gz")
        _ = try ArchiveExporter(manager: small).export(to: output, format: .tarGz, actor: "a", tool: "tests")
        let (importer, target, _) = try ImportFixtures.importer()
        try target.submit(Array(ImportFixtures.events.prefix(10)))
        let summary = try importer.importArchives([output])
        #expect(summary.isClean, "\(summary.problems)")
        #expect(summary.appended == 40 && summary.alreadyPresent == 10)
        #expect(try target.stateHash() == small.stateHash())
    }

    @Test func aDamagedPackageRestoresNothing() throws {
        let small = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("small.sqlite")))
        try small.submit(Array(ImportFixtures.events.prefix(30)))
        let output = ImportFixtures.path("damaged")
        _ = try ArchiveExporter(manager: small).export(to: output, format: .dir, actor: "a", tool: "tests")
        let events = output + "/data/events.ndjson"
        var text = try String(contentsOfFile: events, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"collector-", with: "\"mallory-")
        try text.write(toFile: events, atomically: true, encoding: .utf8)
        let restored = EntityDataManager(store: InMemoryStore())
        #expect(throws: (any Error).self) { try StoreRestorer(manager: restored).restore(from: output) }
        #expect(try restored.store.read { try $0.eventCount() } == 0)
        #expect(try BagValidator().validate(output).problems.contains { $0.contains("does not match its checksum") })
    }

    @Test func bagitPyAcceptsExportsAndOurValidatorIsStricter() throws {
        try Self.ensureBagitPy()
        let small = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("small.sqlite")))
        try small.submit(Array(ImportFixtures.events.prefix(30)))
        let output = ImportFixtures.path("for-bagit-py")
        _ = try ArchiveExporter(manager: small).export(to: output, format: .dir, actor: "a", tool: "tests")
        #expect(try Self.bagitPy(output) == 0)
        #expect(try BagValidator().validate(output).isValid)

        // A tag file that no tag manifest lists: bagit.py accepts it, RFC 8493 (and we) do not.
        _ = FileManager.default.createFile(atPath: output + "/notes.txt", contents: Data("unlisted\n".utf8))
        #expect(try Self.bagitPy(output) == 0)
        #expect(try BagValidator().validate(output).problems.contains { $0.contains("notes.txt") })
    }

    static func ensureBagitPy() throws {
        if try run("/usr/bin/env", ["python3", "-c", "import bagit"]) != 0 {
            _ = try run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "bagit"])
        }
    }

    static func bagitPy(_ path: String) throws -> Int32 {
        try run("/usr/bin/env", ["python3", "-m", "bagit", "--validate", path])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
