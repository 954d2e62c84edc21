public import DataCollectCore
public import DataCollectIntegrity

/// A profile applied to every live entity of a store, with its privacy models enforced over
/// the individuals (one record per person, with their household, as sdcMicro does): the derived
/// values each entity gets, computed before anything is written. Entities this profile already
/// anonymized are left out (a second run has nothing to do).
public struct ProfileAnonymization: Sendable {
    public let profile: AnonymizationProfile
    /// Entity → its anonymized data.
    public let derived: [String: [String: JSONValue]]
    /// The achieved k, household k, l and suppression; nil without a privacy model.
    public let model: PrivacyModelResult?
    /// Every live individual with its household (the first group listing it, by guid), in guid order.
    public let individuals: [(guid: String, household: String?)]
    /// Every live group, in guid order.
    public let households: [String]

    /// With `enforcingModels` false, only the operators run and `model` is nil: what a report
    /// shows when the privacy model cannot be met. A release is always made with it true.
    public init(profile: AnonymizationProfile, keys: KeyRing, store: any DataStore, enforcingModels: Bool = true) throws {
        var derived: [String: [String: JSONValue]] = [:]
        var subjects: [SubjectRecord] = []
        var people: [(guid: String, household: String?)] = []
        var groups: [String] = []
        // One pass over the store: records, groups and who anonymized what last.
        let index = try SubjectIndex(store: store, eventTypes: [], auditActions: [])
        for guid in index.guids {
            guard let entity = index.records[guid]?.entity else { continue }
            // The household: itself for a group, the first group (by guid) listing an individual.
            let home = entity.type == .group ? guid : index.parents[guid]?.first
            if entity.type == .group { groups.append(guid) } else { people.append((guid, home)) }
            guard index.anonymizedBy[guid] != profile.name else { continue }
            let values = try profile.anonymize(entity.data, context: RecordContext(entityGuid: guid, householdGuid: home, keys: keys))
            derived[guid] = values
            if entity.type == .individual {
                subjects.append(SubjectRecord(guid: guid, householdGuid: home, values: values))
            }
        }
        let model = enforcingModels ? try profile.enforcePrivacyModels(on: subjects) : nil
        for record in model?.records ?? [] { derived[record.guid] = record.values }
        self.profile = profile
        self.derived = derived
        self.model = model
        self.individuals = people
        self.households = groups
    }

    /// The transform a rewrite uses: the precomputed values of the entity.
    public var transform: RewriteTransform {
        let derived = self.derived
        let profile = self.profile
        return { entity, _, _ in
            guard let values = derived[entity] else {
                throw PolicyRunError(message: "Profile \(profile.name) has no values for an entity that appeared during the run; run it again.")
            }
            return values
        }
    }
}

extension AnonymizationProfile {
    /// The per-record transform (operators only, no privacy model), for retention rules that
    /// anonymize the subjects they make due.
    public func rewriteTransform(keys: KeyRing) -> RewriteTransform {
        let profile = self
        return { entity, household, data in
            try profile.anonymize(data, context: RecordContext(entityGuid: entity, householdGuid: household, keys: keys))
        }
    }
}
