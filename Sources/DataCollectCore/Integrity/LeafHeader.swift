public import DataCollectIntegrity

/// What of a record goes into its leaf in clear (never erasable) and what is committed field
/// by field (erasable). Append and verify both use these functions, so they cannot disagree.
public enum LeafHeader {
    /// An event's header: its ids, type, author, capture time and the time this store recorded
    /// it. `syncLevel` is left out: it changes as the event travels. `recordedAt` is in
    /// because "what did the server know on 1 March" depends on it.
    public static func event(_ stored: StoredEvent) -> [String: JSONValue] {
        [
            "guid": .string(stored.event.guid), "entityGuid": .string(stored.event.entityGuid),
            "type": .string(stored.event.type), "timestamp": .string(stored.event.timestamp.iso8601),
            "userId": .string(stored.event.userId), "recordedAt": .string(stored.recordedAt.iso8601),
        ]
    }

    /// An event's erasable values: the top-level fields of `data`.
    public static func eventValues(_ stored: StoredEvent) -> [String: JSONValue] {
        stored.event.data
    }

    /// An audit entry's header: everything but `changes`.
    public static func audit(_ stored: StoredAuditEntry) -> [String: JSONValue] {
        let entry = stored.entry
        return [
            "guid": .string(entry.guid), "timestamp": .string(entry.timestamp.iso8601),
            "userId": .string(entry.userId), "action": .string(entry.action),
            "eventGuid": .string(entry.eventGuid), "entityGuid": .string(entry.entityGuid),
            "recordedAt": .string(stored.recordedAt.iso8601),
        ]
    }

    /// An audit entry's erasable values: the top-level fields of `changes` (which can hold
    /// personal data: conflict values, member fields).
    public static func auditValues(_ stored: StoredAuditEntry) -> [String: JSONValue] {
        stored.entry.changes.objectValue ?? ["value": stored.entry.changes]
    }

    /// The header keys of a log's leaves in canonical (RFC 8785) order: the order in which the
    /// verifier writes them, and in which a store lays out ``SealedPage/header``.
    public static func keys(of log: LogName) -> [String] {
        switch log {
        case .events: eventKeys
        case .audit: auditKeys
        }
    }

    /// ``keys(of:)`` as JCS writes them, each followed by its colon (`"guid":`).
    static func quotedKeys(of log: LogName) -> [[UInt8]] {
        switch log {
        case .events: quotedEventKeys
        case .audit: quotedAuditKeys
        }
    }

    static let eventKeys = ["entityGuid", "guid", "recordedAt", "timestamp", "type", "userId"]
    static let auditKeys = ["action", "entityGuid", "eventGuid", "guid", "recordedAt", "timestamp", "userId"]
    private static let quotedEventKeys = eventKeys.map(LeafInputBuilder.quotedKey)
    private static let quotedAuditKeys = auditKeys.map(LeafInputBuilder.quotedKey)
}
