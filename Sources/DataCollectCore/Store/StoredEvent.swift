import DataCollectIntegrity

/// An event as a store holds it: with its place in this store's log and what the fold made of it.
public struct StoredEvent: Sendable, Hashable {
    public var event: Event
    /// Position in this store's log (arrival order). Cursors page by it, never by author time.
    public var seq: Int64
    /// When this store recorded the event (transaction time).
    public var recordedAt: EventTimestamp
    public var status: EventStatus

    public init(event: Event, seq: Int64, recordedAt: EventTimestamp, status: EventStatus) {
        self.event = event
        self.seq = seq
        self.recordedAt = recordedAt
        self.status = status
    }
}

/// What the fold made of a stored event.
public enum EventStatus: Sendable, Hashable {
    /// The event changed state.
    case applied
    /// Well-formed, but waits for events this store has not seen (its group's creation, say).
    /// It takes effect as soon as the fold includes them.
    case pending(DataCollectError)
    /// Well-formed, but it can never take effect here (its entity was deleted, say).
    case skipped(DataCollectError)

    /// `applied`, `pending` or `skipped`, as stored.
    public var name: String {
        switch self {
        case .applied: "applied"
        case .pending: "pending"
        case .skipped: "skipped"
        }
    }

    public var reason: DataCollectError? {
        switch self {
        case .applied: nil
        case .pending(let reason), .skipped(let reason): reason
        }
    }

    /// Rebuilds a status from its stored parts.
    public init(name: String, reason: DataCollectError?) {
        let reason = reason ?? DataCollectError(.storeCorrupted, message: "The reason was not stored.")
        switch name {
        case "applied": self = .applied
        case "pending", "new": self = .pending(reason)
        default: self = .skipped(reason)
        }
    }
}

/// The result of appending one event to a log.
public enum AppendOutcome: Sendable, Hashable {
    /// New: stored under this sequence number.
    case appended(seq: Int64)
    /// The same event (same guid, same content) was already stored: nothing changed.
    case alreadyPresent(seq: Int64)
    /// An event with this guid but different content is stored: nothing was overwritten.
    case conflict(seq: Int64)
}

/// A pair the data officer dismissed with a `resolve-duplicate` event ("keep both").
/// Stored with the guids in ascending order, so a dismissal covers both directions.
public struct DismissedDuplicate: Sendable, Hashable {
    public var firstGuid: String
    public var secondGuid: String
    public var eventGuid: String

    public init(_ a: String, _ b: String, eventGuid: String) {
        let ordered = a.utf8.lexicographicallyPrecedes(b.utf8)
        firstGuid = ordered ? a : b
        secondGuid = ordered ? b : a
        self.eventGuid = eventGuid
    }
}
