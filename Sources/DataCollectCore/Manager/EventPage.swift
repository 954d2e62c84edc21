import DataCollectIntegrity

/// A page of the event log, by `seq` cursor (never by author timestamp, which skipped events
/// at page boundaries and lost late arrivals in the existing system).
public struct EventPage: Sendable, Hashable {
    public var events: [StoredEvent]
    /// Pass as `afterSeq` to get the next page; nil when this page is the last.
    public var nextCursor: Int64?
}
