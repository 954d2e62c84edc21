import DataCollectIntegrity

/// Size limits applied at the door, so one hostile record cannot exhaust a device or a server.
public struct EventLimits: Sendable, Hashable {
    /// Longest guid or entityGuid, in characters.
    public var maxGuidLength: Int = 128
    /// Longest event type name.
    public var maxTypeLength: Int = 64
    /// Longest userId.
    public var maxUserIdLength: Int = 256
    /// Largest `data` payload, as canonical JSON bytes (1 MiB by default).
    public var maxDataBytes: Int = 1 << 20
    /// Deepest nesting of objects and arrays inside `data`.
    public var maxDataDepth: Int = 32

    public init() {}
    public static let `default` = EventLimits()
}
