extension EventStore {
    /// Grows `component` until no stored event links it to an entity outside; returns the
    /// guids of the events that touch it. This is what a re-fold of any of these entities
    /// covers.
    public func closeComponent(_ component: inout Set<String>) throws -> Set<String> {
        var events: Set<String> = []
        var frontier = component
        while !frontier.isEmpty {
            let newEvents = try eventGuids(touching: frontier).subtracting(events)
            events.formUnion(newEvents)
            let reached = try entityGuids(touchedBy: newEvents).subtracting(component)
            component.formUnion(reached)
            frontier = reached
        }
        return events
    }
}
