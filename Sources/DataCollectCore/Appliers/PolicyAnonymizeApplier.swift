import DataCollectIntegrity

/// `policy-anonymize`, reserved for policy runs: replaces the entity's data with the derived
/// values in `data.data` (pseudonyms, generalised dates…) after the run erased the originals,
/// so replay and time travel show the anonymized state and never the original. Clients cannot
/// submit it; `EntityDataManager.submitPolicyEvents(_:in:)` can.
struct PolicyAnonymizeApplier: EventApplier {
    let eventType = ApplierRegistry.policyAnonymizeType

    func validate(_ event: Event) throws(DataCollectError) {
        guard case .object? = event.data["data"] else {
            throw DataCollectError(.invalidForm, field: "data.data", message: "A policy-anonymize event carries the new data as an object.")
        }
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        let guid = event.entityGuid
        if try context.isDeleted(guid) { return .skipped(ApplyContext.deleted(guid)) }
        guard try context.entity(guid) != nil else { return .pending(ApplyContext.notFound(guid)) }
        try context.replaceData(of: guid, with: event.data["data"]?.objectValue ?? [:], auditAction: eventType)
        return .applied
    }
}
