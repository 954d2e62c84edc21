public import DataCollectIntegrity

/// A pair of entities that may be the same: `entityGuid` is the newer one (created later in
/// fold order), `duplicateGuid` the one it matched, as in the existing system's wire format.
public struct PotentialDuplicate: Sendable, Hashable {
    public var entityGuid: String
    public var duplicateGuid: String

    public init(entityGuid: String, duplicateGuid: String) {
        self.entityGuid = entityGuid
        self.duplicateGuid = duplicateGuid
    }

    public var jsonValue: JSONValue {
        ["entityGuid": .string(entityGuid), "duplicateGuid": .string(duplicateGuid)]
    }

    /// All pairs among entities sharing a match key, minus the dismissed ones, sorted.
    static func pairs(
        sharing keys: [(matchKey: String, guid: String, createdBy: EventOrderKey)],
        dismissed: Set<DismissedDuplicate>
    ) -> [PotentialDuplicate] {
        let dismissedPairs = Set(dismissed.map { [$0.firstGuid, $0.secondGuid] })
        var result: [PotentialDuplicate] = []
        for (_, members) in Dictionary(grouping: keys, by: \.matchKey) {
            let ordered = members.sorted { $0.createdBy < $1.createdBy }
            for later in ordered.indices {
                for earlier in ordered.indices where earlier < later {
                    let a = ordered[later].guid
                    let b = ordered[earlier].guid
                    let key = a.utf8.lexicographicallyPrecedes(b.utf8) ? [a, b] : [b, a]
                    if !dismissedPairs.contains(key) {
                        result.append(PotentialDuplicate(entityGuid: a, duplicateGuid: b))
                    }
                }
            }
        }
        return result.sorted {
            ($0.entityGuid, $0.duplicateGuid) < ($1.entityGuid, $1.duplicateGuid)
        }
    }
}
