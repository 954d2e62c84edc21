import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Foundation
import Testing

/// Each hostile archive gets a clear error (in the summary and the quarantine file) and the
/// valid records in the same archive still land.
@Suite("Hostile archives", .serialized)
struct HostileArchiveTests {
    static let valid = Array(ImportFixtures.events.prefix(20))

    func run(_ archives: [String], limits: ArchiveLimits = ArchiveLimits()) throws -> (ImportSummary, EntityDataManager, [JSONValue]) {
        let (importer, manager, quarantine) = try ImportFixtures.importer(limits: limits)
        let summary = try importer.importArchives(archives)
        return (summary, manager, try ImportFixtures.quarantineLines(quarantine))
    }

    func expectValidLanded(_ summary: ImportSummary, _ manager: EntityDataManager, count: Int = valid.count) throws {
        #expect(summary.appended == count)
        #expect(try manager.events(limit: 10_000).events.count == count)
    }

    @Test func absoluteAndClimbingPathsAreNeverRead() throws {
        let archive = try ImportFixtures.write("paths.tar", container: .tar, compression: .none, members: [
            ("/etc/evil.jsonl", ImportFixtures.jsonLines(ImportFixtures.events[20..<25])),
            ("../../outside.jsonl", ImportFixtures.jsonLines(ImportFixtures.events[25..<30])),
            ("ok/events.jsonl", ImportFixtures.jsonLines(Self.valid[...])),
        ])
        let (summary, manager, quarantine) = try run([archive])
        #expect(summary.problems.filter { $0.code == "UNSAFE_PATH" }.count == 2)
        #expect(quarantine.filter { $0["code"] == "UNSAFE_PATH" }.count == 2)
        try expectValidLanded(summary, manager)
    }

    @Test func symbolicLinksAreNotFollowed() throws {
        let path = ImportFixtures.path("links.tar")
        let writer = try ArchiveWriter(path: path, container: .tar, compression: .gzip)
        try writer.addSymlink(path: "secrets.jsonl", target: "/etc/shadow")
        try writer.add(path: "events.jsonl", bytes: ImportFixtures.jsonLines(Self.valid[...]))
        try writer.close()
        let (summary, manager, _) = try run([path])
        #expect(summary.problems.map(\.code) == ["SYMBOLIC_LINK"])
        try expectValidLanded(summary, manager)
    }

    @Test func aDecompressionBombStopsReading() throws {
        let padding = [UInt8](repeating: 0x20, count: 8 << 20)  // 8 MiB of spaces: gzip shrinks it ~1000×
        let archive = try ImportFixtures.write("bomb.jsonl.gz", container: .plain, compression: .gzip,
                                               members: [("bomb.jsonl", ImportFixtures.jsonLines(Self.valid[...]) + padding)])
        var limits = ArchiveLimits()
        limits.maxExpansionRatio = 100
        limits.ratioGraceBytes = 1 << 20
        let (summary, manager, _) = try run([archive], limits: limits)
        #expect(summary.problems.map(\.code) == ["COMPRESSION_BOMB"])
        try expectValidLanded(summary, manager)
    }

    @Test func anArchiveExpandingBeyondTheLimitStops() throws {
        let archive = try ImportFixtures.write("big.tar.xz", container: .tar, compression: .xz, members: [
            ("a.jsonl", ImportFixtures.jsonLines(Self.valid[...])),
            ("b.jsonl", ImportFixtures.jsonLines(ImportFixtures.events[20..<200])),
        ])
        var limits = ArchiveLimits()
        limits.maxExpandedBytes = Int64(ImportFixtures.jsonLines(Self.valid[...]).count + 100)
        let (summary, manager, _) = try run([archive], limits: limits)
        #expect(summary.problems.map(\.code) == ["ARCHIVE_TOO_LARGE"])
        #expect(summary.appended >= Self.valid.count)
        #expect(try manager.events(limit: 10_000).events.count == summary.appended)
    }

    @Test func anOversizedLineIsQuarantinedAndTheNextOnesLand() throws {
        var bytes = ImportFixtures.jsonLines(Self.valid[..<10])
        bytes += Array(#"{"guid":"huge","data":{"photo":""#.utf8) + [UInt8](repeating: 0x41, count: 10_000) + Array(#""}}"#.utf8) + [0x0A]
        bytes += ImportFixtures.jsonLines(Self.valid[10...])
        let archive = try ImportFixtures.write("lines.jsonl.zst", container: .plain, compression: .zstd, members: [("lines.jsonl", bytes)])
        var limits = ArchiveLimits()
        limits.maxRecordBytes = 4_096
        let (summary, manager, quarantine) = try run([archive], limits: limits)
        #expect(summary.rejectedByReason == ["RECORD_TOO_LARGE": 1])
        #expect(quarantine.first?["source"]?["line"] == 11)
        #expect(quarantine.first?["originalTruncated"] == true)
        try expectValidLanded(summary, manager)
    }

    @Test func aTruncatedCompressedStreamIsReportedAndEarlierRecordsLand() throws {
        // Large enough that the damage is met while reading, past libarchive's first read-ahead.
        let many = EventGenerator(households: 2_000, seed: 4).generate().events
        let archive = try ImportFixtures.write("cut.jsonl.gz", container: .plain, compression: .gzip,
                                               members: [("cut.jsonl", ImportFixtures.jsonLines(many[...]))])
        let data = try #require(FileManager.default.contents(atPath: archive))
        _ = FileManager.default.createFile(atPath: archive, contents: data.prefix(data.count / 2))
        let (summary, manager, _) = try run([archive])
        #expect(summary.problems.contains { $0.code == "ARCHIVE_CORRUPT" })
        #expect(summary.appended > 0)
        #expect(try manager.events(limit: 10_000).events.count == summary.appended)
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)
    }

    @Test func archivesNestedTooDeepStop() throws {
        var path = try ImportFixtures.write("level0.tar", container: .tar, compression: .none,
                                            members: [("events.jsonl", ImportFixtures.jsonLines(Self.valid[...]))])
        for level in 1...4 {
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            path = try ImportFixtures.write("level\(level).tar", container: .tar, compression: .gzip, members: [("inner-\(level).tar", bytes)])
        }
        let (summary, _, _) = try run([path])
        #expect(summary.problems.map(\.code) == ["NESTED_ARCHIVE"])
        #expect(summary.appended == 0)
    }

    @Test func nonUTF8TextIsRejectedLineByLine() throws {
        var bytes = ImportFixtures.jsonLines(Self.valid[..<5])
        bytes += Array(#"{"guid":"latin1","name":""#.utf8) + [0xE9, 0x74, 0xE9] + Array(#""}"#.utf8) + [0x0A]
        bytes += ImportFixtures.jsonLines(Self.valid[5...])
        let archive = try ImportFixtures.write("latin1.tar.bz2", container: .tar, compression: .bzip2, members: [("x.jsonl", bytes)])
        let (summary, manager, quarantine) = try run([archive])
        #expect(summary.rejectedByReason == ["INVALID_JSON": 1])
        #expect(quarantine.first?["originalBase64"] != nil, "bytes that are not UTF-8 are kept, as base64")
        try expectValidLanded(summary, manager)
    }

    @Test func emptyAndMissingFilesAreReported() throws {
        let empty = ImportFixtures.path("empty.jsonl")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let withEmptyMember = try ImportFixtures.write("hollow.tar", container: .tar, compression: .none, members: [
            ("nothing.jsonl", []), ("events.jsonl", ImportFixtures.jsonLines(Self.valid[...])),
        ])
        let (summary, manager, _) = try run([empty, withEmptyMember, ImportFixtures.path("absent.jsonl")])
        #expect(summary.problems.map(\.code) == ["EMPTY_FILE", "EMPTY_FILE", "FILE_NOT_FOUND"])
        try expectValidLanded(summary, manager)
    }

    @Test func invalidRecordsGoToQuarantineWithTheirSourceAndOriginalText() throws {
        var bytes = ImportFixtures.jsonLines(Self.valid[...])
        bytes += Array(#"{"guid":"no-data","entityGuid":"p","type":"create-individual","timestamp":"2024-01-01T00:00:00Z","userId":"u"}"#.utf8) + [0x0A]
        let archive = try ImportFixtures.write("mixed.tgz", container: .tar, compression: .gzip, members: [("in/mixed.jsonl", bytes)])
        let (summary, manager, quarantine) = try run([archive])
        #expect(summary.rejectedByReason == ["INVALID_FORM": 1])
        let line = try #require(quarantine.first)
        #expect(line["source"]?["member"] == "in/mixed.jsonl")
        #expect(line["source"]?["line"] == .number(JSONNumber(Self.valid.count + 1)))
        #expect(line["field"] == "data")
        #expect(line["original"]?.stringValue?.contains("no-data") == true)
        try expectValidLanded(summary, manager)
    }
}
