public import DataCollectIntegrity

/// Picks an entity's state at several valid times at once. Fed the entity's versions newest
/// step first, each time takes the first version at or before it.
public struct AsOfSelection {
    public let times: [EventTimestamp]
    /// One slot per time: the state in force (nil: not created yet, or deleted).
    public private(set) var states: [[UInt8]?]
    private var filled: [Bool]
    private var remaining: Int

    public init(times: [EventTimestamp]) {
        self.times = times
        states = Array(repeating: nil, count: times.count)
        filled = Array(repeating: false, count: times.count)
        remaining = times.count
    }

    /// True once every time has its version: older versions no longer matter.
    public var isComplete: Bool { remaining == 0 }

    /// Offers the next version, newest first. `state` is read only when some time takes it.
    public mutating func offer(stepTime: EventTimestamp, state: () -> [UInt8]?) {
        var read: [UInt8]??
        for slot in times.indices where !filled[slot] && stepTime <= times[slot] {
            if read == nil { read = .some(state()) }
            states[slot] = read ?? nil
            filled[slot] = true
            remaining -= 1
        }
    }

    /// Starts over for the next entity.
    public mutating func reset() {
        for slot in times.indices {
            states[slot] = nil
            filled[slot] = false
        }
        remaining = times.count
    }

    /// Whether the entity exists at any of the times.
    public var existsAtAnyTime: Bool { states.contains { $0 != nil } }
}

extension EntityVersion {
    /// Whether a store that knew what it knew at `knownAt` (nil: now) had this version.
    public func isKnown(at knownAt: EventTimestamp?) -> Bool {
        guard let knownAt else { return recordedTo == nil }
        return recordedFrom <= knownAt && recordedTo.map { knownAt < $0 } ?? true
    }
}
