import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// Archives made on the fly with our own writer (no binary fixtures), from generated events.
enum ImportFixtures {
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-import-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func path(_ name: String) -> String { "\(folder)/\(UUID().uuidString)-\(name)" }

    static let events: [Event] = EventGenerator(households: 60, seed: 9).generate().events

    static func jsonLines(_ events: ArraySlice<Event>) -> [UInt8] {
        events.flatMap { $0.jsonValue.canonicalBytes + [0x0A] }
    }

    static func jsonArray(_ events: ArraySlice<Event>) -> [UInt8] {
        JSONValue.array(events.map(\.jsonValue)).prettyPrinted().utf8.map { $0 }
    }

    static func write(_ name: String, container: ArchiveWriter.Container, compression: ArchiveWriter.Compression,
                      members: [(String, [UInt8])]) throws -> String {
        let path = path(name)
        let writer = try ArchiveWriter(path: path, container: container, compression: compression)
        for (member, bytes) in members { try writer.add(path: member, bytes: bytes) }
        try writer.close()
        return path
    }

    /// A fresh SQLite store and an importer writing its quarantine beside it.
    static func importer(limits: ArchiveLimits = ArchiveLimits(), batchSize: Int = 250) throws
        -> (EventImporter, EntityDataManager, quarantine: String) {
        let db = path("store.sqlite")
        let manager = EntityDataManager(store: try SQLiteStore(path: db))
        let quarantine = db + ".rejects.jsonl"
        let importer = EventImporter(manager: manager, options: .init(batchSize: batchSize, limits: limits, quarantinePath: quarantine))
        return (importer, manager, quarantine)
    }

    /// The state hash of the events submitted directly, for comparison.
    static func referenceHash(_ events: [Event]) throws -> String {
        let manager = EntityDataManager(store: InMemoryStore())
        try manager.submit(events)
        return try manager.stateHash()
    }

    static func quarantineLines(_ path: String) throws -> [JSONValue] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }
}
