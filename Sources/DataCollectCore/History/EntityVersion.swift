public import DataCollectIntegrity

/// One version of an entity in the bitemporal history: its state right after one fold step.
///
/// - Valid time: the version holds from its fold step (the (timestamp, guid) of the event
///   being folded when it changed) until the entity's next version.
/// - Transaction time: the store knew this version from `recordedFrom` until `recordedTo`
///   (nil while it is still what the store knows). A late event re-folds history: the versions
///   it changes are closed at its `recordedAt` and their replacements open there.
public struct EntityVersion: Sendable, Hashable {
    public var entityGuid: String
    /// The fold step that produced this version.
    public var step: EventOrderKey
    /// The events whose application changed the entity in this step, in the order applied:
    /// usually the step's event alone; more when the step unblocked pending events (a late
    /// `create-individual` followed by the update that waited for it).
    public var eventGuids: [String]
    /// RFC 8785 canonical JSON of the entity's wire form; nil when the step deleted it.
    public var state: [UInt8]?
    public var recordedFrom: EventTimestamp
    public var recordedTo: EventTimestamp?

    public init(entityGuid: String, step: EventOrderKey, eventGuids: [String], state: [UInt8]?,
                recordedFrom: EventTimestamp, recordedTo: EventTimestamp? = nil) {
        self.entityGuid = entityGuid
        self.step = step
        self.eventGuids = eventGuids
        self.state = state
        self.recordedFrom = recordedFrom
        self.recordedTo = recordedTo
    }

    /// The entity, parsed from `state`; nil when deleted.
    public func entity() throws -> Entity? {
        guard let state else { return nil }
        return try Entity(json: JSONParser.parse(state))
    }
}

/// A version the fold produced, before the store gives it its transaction time.
struct VersionDraft: Sendable, Hashable {
    var entityGuid: String
    var step: EventOrderKey
    var eventGuids: [String]
    var state: [UInt8]?

    func known(from recordedAt: EventTimestamp) -> EntityVersion {
        EntityVersion(entityGuid: entityGuid, step: step, eventGuids: eventGuids, state: state, recordedFrom: recordedAt)
    }
}
