import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// Synthetic records and events (invented names, no real person) and throwaway stores.
enum Synthetic {
    /// A well-formed external record creating an individual `ext-<n>`.
    static func record(_ n: Int, name: String = "Synthetic Person") -> JSONValue {
        [
            "id": .string("ext-\(n)"), "type": "create-individual",
            "data": ["name": .string("\(name) \(n)"), "entityName": "individual"],
            "timestamp": .string("2024-03-\(String(format: "%02d", n))T08:00:00Z"),
        ]
    }

    /// A record whose `data` is a string: the decoder refuses it (field `data`).
    static func malformedRecord(_ n: Int) -> JSONValue {
        ["id": .string("ext-\(n)"), "type": "create-individual", "data": "not an object",
         "timestamp": .string("2024-03-\(String(format: "%02d", n))T08:00:00Z")]
    }

    /// A local event as a collector's device records it.
    static func localEvent(_ n: Int) -> Event {
        Event(guid: "local-\(n)", entityGuid: "person-\(n)", type: "create-individual",
              data: ["name": .string("Local Person \(n)")],
              timestamp: EventTimestamp(parsing: "2024-02-\(String(format: "%02d", n))T10:00:00Z")!, userId: "collector-1")
    }

    /// A fresh SQLite file path in a new temporary folder.
    static func temporaryDatabase() throws -> (folder: String, path: String) {
        let folder = NSTemporaryDirectory() + "datacollect-external-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder, folder + "/store.sqlite")
    }

    /// Every stored event, in `seq` order.
    static func events(in store: any DataStore) throws -> [StoredEvent] {
        try store.read { try $0.events(afterSeq: 0, limit: 10_000) }
    }
}
