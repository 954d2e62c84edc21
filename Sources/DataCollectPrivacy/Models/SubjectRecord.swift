public import DataCollectIntegrity

/// One subject (an individual) of a release, after the profile's operators: the input and the
/// output of the privacy-model engine (``KAnonymityModel/enforce(on:lDiversity:profile:)``).
public struct SubjectRecord: Sendable, Hashable {
    public var guid: String
    /// The subject's household; households are the unit of the household risk
    /// (``PrivacyModelResult/achievedHouseholdK``). nil: the subject counts as its own household.
    public var householdGuid: String?
    public var values: [String: JSONValue]

    public init(guid: String, householdGuid: String? = nil, values: [String: JSONValue]) {
        self.guid = guid
        self.householdGuid = householdGuid
        self.values = values
    }
}
