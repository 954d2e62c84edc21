import DataCollectIntegrity

/// Applies events one by one, in the order given, to a workspace: the heart of invariant 2.
///
/// Each event applies completely or not at all. A pending event is retried as soon as an
/// applied event touches an entity it waits on, so the result depends only on the set of
/// events and their (timestamp, guid) order, not on the order they arrived in.
final class Fold {
    let registry: ApplierRegistry
    let workspace: ProjectionWorkspace

    init(registry: ApplierRegistry, workspace: ProjectionWorkspace) {
        self.registry = registry
        self.workspace = workspace
    }

    /// Applies one event, then retries the pending events it may have unblocked.
    /// Everything this does is one fold step: the versions it produces carry the event's order key.
    func process(_ event: Event) throws {
        workspace.beginStep(event.orderKey)
        let touched = try attempt(event)
        if let touched { try retryPending(after: touched) }
        try workspace.endStep()
    }

    /// Returns the entities the event touched, or nil when it did not apply.
    private func attempt(_ event: Event) throws -> Set<String>? {
        let references = registry.references(of: event)
        let status: EventStatus
        var touched: Set<String> = []
        if let applier = registry.applier(for: event.type) {
            let context = ApplyContext(event: event, workspace: workspace)
            do {
                switch try applier.apply(event, in: context) {
                case .applied:
                    status = .applied
                    touched = context.touched
                case .pending(let reason): status = .pending(reason)
                case .skipped(let reason): status = .skipped(reason)
                }
            } catch let error as DataCollectError {
                status = .skipped(error)
            }
        } else {
            // Only possible for events stored before their custom applier was unregistered.
            status = .pending(DataCollectError(
                .unknownEventType, field: "type",
                message: "No event applier is registered for this event type; the event waits until one is."))
        }

        switch status {
        case .applied:
            try workspace.commitEvent(event.guid)
            workspace.clearPending(event.guid)
            workspace.recordOutcome(of: event, status: status, touched: touched.union(references))
            return touched
        case .pending:
            workspace.rollbackEvent()
            workspace.markPending(event, references: references)
            workspace.recordOutcome(of: event, status: status, touched: references)
            return nil
        case .skipped(let reason):
            workspace.rollbackEvent()
            workspace.clearPending(event.guid)
            workspace.recordOutcome(of: event, status: status, touched: references)
            workspace.auditOutsideEvent(AuditEntry(
                guid: DeterministicID.make("audit", event.guid, event.entityGuid, "event-not-applied"),
                timestamp: event.timestamp, userId: event.userId, action: "event-not-applied",
                eventGuid: event.guid, entityGuid: event.entityGuid,
                changes: ["eventType": .string(event.type), "code": .string(reason.code.rawValue),
                          "reason": .string(reason.message)]))
            return nil
        }
    }

    private func retryPending(after touched: Set<String>) throws {
        var worklist = touched
        while !worklist.isEmpty {
            let waiting = try workspace.pendingEvents(touching: worklist)
            worklist = []
            for event in waiting {
                if let status = workspace.status(ofEvent: event.guid), status.name != "pending" { continue }
                if let newlyTouched = try attempt(event) { worklist.formUnion(newlyTouched) }
            }
        }
    }
}
