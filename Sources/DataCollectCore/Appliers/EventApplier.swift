import DataCollectIntegrity

/// How one event type changes state. The built-in types are appliers like any other;
/// register more with ``ApplierRegistry/register(_:)``.
///
/// An applier must be a pure function of the event and the state it reads through the
/// ``ApplyContext``: no clock, no random numbers, no I/O. That is what makes every replica
/// reach the same state from the same events (DESIGN.md invariant 2).
///
/// ```swift
/// struct MarkVisited: EventApplier {
///     let eventType = "mark-visited"
///     func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
///         guard try context.entity(event.entityGuid) != nil else {
///             return .pending(DataCollectError(.entityNotFound, message: "The household is not registered yet."))
///         }
///         try context.mergeData(into: event.entityGuid, ["visited": true])
///         return .applied
///     }
/// }
/// ```
public protocol EventApplier: Sendable {
    /// The `type` of the events this applier handles.
    var eventType: String { get }

    /// Checks the payload's shape at the door, before anything is stored. Throw to reject the
    /// event as malformed. The default accepts any payload.
    func validate(_ event: Event) throws(DataCollectError)

    /// Every entity the event names in itself (its target, members, pairs). The store indexes
    /// events by these, so that a late event re-folds exactly the entities it can affect.
    /// The default is the event's `entityGuid`.
    func referencedEntities(in event: Event) -> Set<String>

    /// Applies the event. Return ``ApplyResult/pending(_:)`` when it refers to something this
    /// store has not seen yet, ``ApplyResult/skipped(_:)`` when it can never apply; any change
    /// made through the context is then discarded. A thrown ``DataCollectError`` counts as skipped.
    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult
}

extension EventApplier {
    public func validate(_ event: Event) throws(DataCollectError) {}
    public func referencedEntities(in event: Event) -> Set<String> { [event.entityGuid] }
}

/// The outcome of applying one event.
public enum ApplyResult: Sendable, Hashable {
    case applied
    case pending(DataCollectError)
    case skipped(DataCollectError)
}
