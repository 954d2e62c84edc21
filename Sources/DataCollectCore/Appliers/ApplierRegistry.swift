import DataCollectIntegrity

/// The appliers a store folds events with: the built-ins (the existing system's eight types,
/// `household-exited`, and the policy runs' reserved type) plus registered custom ones.
///
/// Built-in types cannot be replaced (the existing system's docs promised otherwise, its code
/// did not; replacing them would let two replicas fold the same events differently).
///
/// ```swift
/// var registry = ApplierRegistry.builtIn
/// try registry.register(MarkVisited())
/// ```
public struct ApplierRegistry: Sendable {
    private var appliers: [String: any EventApplier]

    /// The built-in event types: the existing system's eight, and `household-exited` (a
    /// household left the programme: the business event retention rules count from).
    public static let builtInTypes: [String] = [
        "create-individual", "update-individual", "create-group", "update-group",
        "add-member", "remove-member", "delete-entity", "resolve-duplicate", "household-exited",
    ]

    /// Event types only policy runs may write (see ``EntityDataManager/submitPolicyEvents(_:in:)``).
    public static let policyAnonymizeType = "policy-anonymize"
    public static let reservedTypes: [String] = [policyAnonymizeType]

    public static var builtIn: ApplierRegistry {
        var appliers: [String: any EventApplier] = [:]
        for applier: any EventApplier in [
            IndividualUpsertApplier(eventType: "create-individual"),
            IndividualUpsertApplier(eventType: "update-individual"),
            GroupUpsertApplier(eventType: "create-group"),
            GroupUpsertApplier(eventType: "update-group"),
            AddMemberApplier(), RemoveMemberApplier(), DeleteEntityApplier(), ResolveDuplicateApplier(),
            HouseholdExitApplier(), PolicyAnonymizeApplier(),
        ] {
            appliers[applier.eventType] = applier
        }
        return ApplierRegistry(appliers: appliers)
    }

    private init(appliers: [String: any EventApplier]) {
        self.appliers = appliers
    }

    /// Adds an applier for a new event type.
    public mutating func register(_ applier: any EventApplier) throws(DataCollectError) {
        guard !Self.builtInTypes.contains(applier.eventType), !Self.reservedTypes.contains(applier.eventType) else {
            throw DataCollectError(
                .invalidForm, field: "type",
                message: "The built-in event type \(applier.eventType) cannot be replaced by a custom applier.")
        }
        guard !applier.eventType.isEmpty else {
            throw DataCollectError(.invalidForm, field: "type", message: "A custom applier needs an event type.")
        }
        appliers[applier.eventType] = applier
    }

    public func applier(for type: String) -> (any EventApplier)? { appliers[type] }

    /// The applier for the event, or the error that rejects an unknown type at the door.
    public func requireApplier(for event: Event) throws(DataCollectError) -> any EventApplier {
        guard let applier = appliers[event.type] else {
            throw DataCollectError(
                .unknownEventType, field: "type",
                message: "No event applier is registered for this event type, so the event cannot be accepted.")
        }
        return applier
    }

    /// Referenced entities of an event; just its target when its type is unknown.
    func references(of event: Event) -> Set<String> {
        appliers[event.type]?.referencedEntities(in: event) ?? [event.entityGuid]
    }
}
