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

    public init(profile: AnonymizationProfile, keys: KeyRing, store: any DataStore) throws {
        var derived: [String: [String: JSONValue]] = [:]
        var individuals: [SubjectRecord] = []
        let done = try SubjectIndex(store: store, eventTypes: [], auditActions: []).anonymizedBy.filter { $0.value == profile.name }
        try store.read { transaction in
            var records: [EntityRecord] = []
            var household: [String: String] = [:]
            try transaction.forEachRecord { record in
                records.append(record)
                if record.entity.type == .group {
                    for member in record.entity.memberIds where household[member] == nil { household[member] = record.entity.guid }
                }
            }
            for record in records where done[record.entity.guid] == nil {
                let guid = record.entity.guid
                let home = record.entity.type == .group ? guid : household[guid]
                let values = try profile.anonymize(record.entity.data,
                                                   context: RecordContext(entityGuid: guid, householdGuid: home, keys: keys))
                derived[guid] = values
                if record.entity.type == .individual {
                    individuals.append(SubjectRecord(guid: guid, householdGuid: home, values: values))
                }
            }
        }
        let model = try profile.enforcePrivacyModels(on: individuals)
        for record in model?.records ?? [] { derived[record.guid] = record.values }
        self.profile = profile
        self.derived = derived
        self.model = model
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
