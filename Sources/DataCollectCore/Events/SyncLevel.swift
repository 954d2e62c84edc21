import DataCollectIntegrity

/// How far an event has travelled, as in the existing system's wire format (an integer).
public enum SyncLevel: Int, Sendable, Codable, Hashable, CaseIterable {
    /// Only on the device that recorded it.
    case local = 0
    /// Exchanged with the DataCollect sync server.
    case remote = 1
    /// Came from or went to an external system.
    case external = 2
}
