public import DataCollectIntegrity

/// `resolve-duplicate`: dismisses every listed pair (`data.duplicates`, the existing system's
/// PostgreSQL adapter dismissed only the first) and, with `data.shouldDelete: true`, deletes the
/// event's target as `delete-entity` does. A dismissed pair is never flagged again.
struct ResolveDuplicateApplier: EventApplier {
    let eventType = "resolve-duplicate"

    func validate(_ event: Event) throws(DataCollectError) {
        _ = try pairs(event)
        if let flag = event.data["shouldDelete"], !flag.isNull, flag.boolValue == nil {
            throw DataCollectError(.invalidForm, field: "data.shouldDelete",
                                   message: "shouldDelete must be true or false.")
        }
    }

    func referencedEntities(in event: Event) -> Set<String> {
        let listed = (try? pairs(event)) ?? []
        return listed.reduce(into: [event.entityGuid]) { $0.formUnion([$1.0, $1.1]) }
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        for (entity, duplicate) in try pairs(event) {
            context.dismissDuplicate(entity, duplicate)
        }
        context.audit(eventType, entityGuid: event.entityGuid, changes: .object(event.data))
        if event.data["shouldDelete"]?.boolValue == true, try context.entity(event.entityGuid) != nil {
            try context.deleteEntity(event.entityGuid)
        }
        return .applied
    }

    private func pairs(_ event: Event) throws(DataCollectError) -> [(String, String)] {
        guard let list = event.data["duplicates"]?.arrayValue, !list.isEmpty else {
            throw DataCollectError(.invalidForm, field: "data.duplicates",
                                   message: "The event must list the pairs it resolves in data.duplicates.")
        }
        var result: [(String, String)] = []
        for (index, item) in list.enumerated() {
            guard let entity = item["entityGuid"]?.stringValue, !entity.isEmpty,
                  let duplicate = item["duplicateGuid"]?.stringValue, !duplicate.isEmpty
            else {
                throw DataCollectError(.invalidForm, field: "data.duplicates[\(index)]",
                                       message: "Each pair needs an entityGuid and a duplicateGuid.")
            }
            result.append((entity, duplicate))
        }
        return result
    }
}
