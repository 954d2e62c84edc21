public import DataCollectIntegrity

/// A form submission: the only way anything changes. Wire-compatible with the existing system's
/// `FormSubmission` JSON (`guid, entityGuid, type, data, timestamp, userId, syncLevel`).
///
/// ```swift
/// let event = Event(guid: "e-1", entityGuid: "person-1", type: "create-individual",
///                   data: ["name": "Amina Diallo"],
///                   timestamp: EventTimestamp(parsing: "2024-03-01T08:00:00Z")!, userId: "collector-7")
/// ```
public struct Event: Sendable, Hashable {
    public var guid: String
    public var entityGuid: String
    public var type: String
    public var data: [String: JSONValue]
    /// The author's clock (valid time), normalised to UTC milliseconds.
    public var timestamp: EventTimestamp
    public var userId: String
    /// How far the event has travelled. Not part of the event's identity: it changes as it syncs.
    public var syncLevel: SyncLevel

    public init(
        guid: String, entityGuid: String, type: String, data: [String: JSONValue],
        timestamp: EventTimestamp, userId: String, syncLevel: SyncLevel = .local
    ) {
        self.guid = guid
        self.entityGuid = entityGuid
        self.type = type
        self.data = data
        self.timestamp = timestamp
        self.userId = userId
        self.syncLevel = syncLevel
    }

    /// The position of this event in every fold: by capture time, then by guid.
    public var orderKey: EventOrderKey { EventOrderKey(timestamp: timestamp, guid: guid) }

    /// The wire JSON of the event.
    public var jsonValue: JSONValue {
        .object([
            "guid": .string(guid),
            "entityGuid": .string(entityGuid),
            "type": .string(type),
            "data": .object(data),
            "timestamp": .string(timestamp.iso8601),
            "userId": .string(userId),
            "syncLevel": .number(JSONNumber(syncLevel.rawValue)),
        ])
    }

    /// Canonical JSON (RFC 8785) of everything that identifies the event: all fields but
    /// `syncLevel`. Two deliveries of one event are the same when these bytes are equal.
    public var identityBytes: [UInt8] {
        var identity = jsonValue.objectValue ?? [:]
        identity["syncLevel"] = nil
        return JSONValue.object(identity).canonicalBytes
    }

    /// SHA-256 of ``identityBytes``, lowercase hex.
    public var contentHash: String { Digest.sha256Hex(identityBytes) }
}

/// The total order of events: `(timestamp, guid)`. Guids are ASCII (the validator enforces it),
/// so this order is the same as byte order in every store.
public struct EventOrderKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let timestamp: EventTimestamp
    public let guid: String

    public init(timestamp: EventTimestamp, guid: String) {
        self.timestamp = timestamp
        self.guid = guid
    }

    public static func < (lhs: EventOrderKey, rhs: EventOrderKey) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        return lhs.guid.utf8.lexicographicallyPrecedes(rhs.guid.utf8)
    }

    /// `timestamp|guid`, which sorts as text in the same order (used as a stored watermark).
    public var description: String { "\(timestamp.iso8601)|\(guid)" }

    public init?(text: String) {
        guard let bar = text.firstIndex(of: "|"),
              let timestamp = EventTimestamp(parsing: String(text[..<bar]))
        else { return nil }
        self.init(timestamp: timestamp, guid: String(text[text.index(after: bar)...]))
    }
}
