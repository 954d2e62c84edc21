public import DataCollectIntegrity

/// An entity's current state (`modified`) beside its reference state (`initial`).
///
/// `initial` has one meaning everywhere (the existing system had several, by backend and event
/// type): the state last acknowledged by a sync server (set when a sync's push and pull both
/// succeeded, see ``EntityDataManager/acknowledgeState(exceptTouchedBy:)``) or, for an entity
/// never acknowledged or re-folded since, its state right after the event that created it.
/// "Has local changes" is `initial.version != modified.version`.
public struct EntityPair: Sendable, Hashable {
    public var guid: String { modified.guid }
    public var initial: Entity
    public var modified: Entity

    public init(initial: Entity, modified: Entity) {
        self.initial = initial
        self.modified = modified
    }

    public var hasLocalChanges: Bool { initial.version != modified.version }

    public var jsonValue: JSONValue {
        .object(["guid": .string(guid), "initial": initial.jsonValue, "modified": modified.jsonValue])
    }
}
