import DataCollectCore

/// The subjects of a run packed into batches that never split a connected component.
///
/// Each batch is one transaction that re-folds every component its subjects touch, whole (so
/// that no erased value survives in the projection or its history). A component spread over
/// n batches would be re-folded n times; at a million events, moves between households make
/// most of the registry one component, so batches of a fixed count of subjects re-folded it
/// once per batch.
enum ComponentBatches {
    /// Whole components in the order of their first subject, subjects in their given order
    /// within each, packed into batches of up to `limit` subjects; a component with more
    /// subjects than `limit` is a batch of its own.
    static func plan(_ subjects: [[String]], limit: Int, in transaction: any StoreTransaction) throws -> [[[String]]] {
        var componentOf: [String: Int] = [:]
        var components: [[[String]]] = []
        for subject in subjects {
            let number: Int
            if let known = subject.lazy.compactMap({ componentOf[$0] }).first {
                number = known
            } else {
                var component = Set(subject)
                _ = try transaction.closeComponent(&component)
                number = components.count
                components.append([])
                for entity in component { componentOf[entity] = number }
            }
            components[number].append(subject)
        }
        var batches: [[[String]]] = []
        var current: [[String]] = []
        for component in components {
            if !current.isEmpty, current.count + component.count > limit {
                batches.append(current)
                current = []
            }
            current += component
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
