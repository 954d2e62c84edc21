import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import Foundation
import Testing

@Suite("Import reads every supported layout", .serialized)
struct ImportFormatTests {
    struct Layout: Sendable, CustomTestStringConvertible {
        let container: ArchiveWriter.Container
        let compression: ArchiveWriter.Compression
        var testDescription: String { "\(container) + \(compression)" }
    }

    static let layouts: [Layout] = [ArchiveWriter.Container.plain, .tar, .zip].flatMap { container in
        [ArchiveWriter.Compression.none, .gzip, .xz, .zstd, .bzip2].map { Layout(container: container, compression: $0) }
    }

    @Test("every container and compression, with nested folders and mixed members", arguments: layouts)
    func layout(_ layout: Layout) throws {
        let events = ImportFixtures.events
        let third = events.count / 3
        let members: [(String, [UInt8])]
        if layout.container == .plain {
            members = [("events.jsonl", ImportFixtures.jsonLines(events[...]))]
        } else {
            // Inside a container: JSON Lines, a JSON array and a compressed member, in folders.
            let compressed = ImportFixtures.path("inner.jsonl.gz")
            let inner = try ArchiveWriter(path: compressed, container: .plain, compression: .gzip)
            try inner.add(path: "inner.jsonl", bytes: ImportFixtures.jsonLines(events[(2 * third)...]))
            try inner.close()
            members = [
                ("device-1/2024/part-a.jsonl", ImportFixtures.jsonLines(events[..<third])),
                ("device-2/part-b.json", ImportFixtures.jsonArray(events[third..<(2 * third)])),
                ("device-3/deep/er/part-c.ndjson.gz", Array(FileManager.default.contents(atPath: compressed) ?? Data())),
            ]
        }
        let archive = try ImportFixtures.write("batch", container: layout.container, compression: layout.compression, members: members)
        let (importer, manager, _) = try ImportFixtures.importer()
        let summary = try importer.importArchives([archive])
        #expect(summary.isClean, "\(summary.problems)")
        #expect(summary.read == events.count)
        #expect(summary.appended == events.count)
        #expect(try manager.stateHash() == ImportFixtures.referenceHash(events))
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)

        let again = try importer.importArchives([archive])
        #expect(again.appended == 0, "re-importing is a no-op")
        #expect(again.alreadyPresent == events.count)
    }

    @Test("the existing system's export shape, either key order")
    func existingExport() throws {
        let events = Array(ImportFixtures.events.prefix(40))
        for order in [["entities", "events"], ["events", "entities"]] {
            var text = "{"
            for (position, key) in order.enumerated() {
                if position > 0 { text += "," }
                text += key == "entities"
                    ? #""entities": [{"guid": "x", "initial": {"guid": "x", "data": {"name": "[skipped]"}}, "modified": {}}]"#
                    : "\"events\": " + JSONValue.array(events.map(\.jsonValue)).prettyPrinted()
            }
            text += "}"
            let archive = try ImportFixtures.write("export.json.gz", container: .plain, compression: .gzip,
                                                   members: [("export.json", Array(text.utf8))])
            let (importer, manager, _) = try ImportFixtures.importer()
            let summary = try importer.importArchives([archive])
            #expect(summary.isClean, "\(summary.problems)")
            #expect(summary.appended == events.count)
            #expect(try manager.stateHash() == ImportFixtures.referenceHash(events))
        }
    }

    @Test("a pretty-printed single event in a .json file is one record")
    func prettyPrintedEvent() throws {
        let event = ImportFixtures.events[0]
        let path = ImportFixtures.path("one.json")
        _ = FileManager.default.createFile(atPath: path, contents: Data(event.jsonValue.prettyPrinted().utf8))
        let (importer, _, _) = try ImportFixtures.importer()
        let summary = try importer.importArchives([path])
        #expect(summary.isClean && summary.appended == 1)
    }
}
