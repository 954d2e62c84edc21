public import DataCollectCore
public import DataCollectIntegrity

/// What an export's audit entry records about the store it was made from, so that an export
/// report can say which checkpoint the package answers to: the events log's size and the latest
/// signed checkpoint of it (size, root, time) when there is one.
public enum ExportProvenance {
    public static func details(of store: any DataStore) throws -> [String: JSONValue] {
        try store.read { transaction in
            let size = try transaction.logHead(.events).size
            var details: [String: JSONValue] = ["eventsLogSize": .number(JSONNumber(Int(size)))]
            if let checkpoint = try transaction.checkpoints(log: .events).last {
                details["checkpoint"] = [
                    "size": .number(JSONNumber(Int(checkpoint.size))), "rootHash": .string(checkpoint.rootHash.hexString),
                    "createdAt": .string(checkpoint.createdAt.iso8601),
                ]
            } else {
                details["checkpoint"] = .null
            }
            return details
        }
    }

    /// The provenance plus the recipient, when one was named.
    static func details(of store: any DataStore, recipient: String?, merging extra: [String: JSONValue]) throws -> [String: JSONValue] {
        var details = try Self.details(of: store).merging(extra) { _, new in new }
        if let recipient { details["recipient"] = .string(recipient) }
        return details
    }
}
