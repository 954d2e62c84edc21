/// What the privacy-model engine did to a release and what the release achieves.
public struct PrivacyModelResult: Sendable, Hashable {
    /// The smallest equivalence class over the quasi-identifiers, suppressed subjects excluded
    /// (0 for an empty release).
    public var achievedK: Int
    /// The fewest distinct households in one equivalence class (suppressed subjects excluded):
    /// the risk per household, as sdcMicro measures it with household ids.
    public var achievedHouseholdK: Int
    /// The fewest distinct values of the sensitive attribute in one class; nil without l-diversity.
    public var achievedL: Int?
    /// Subjects whose quasi-identifiers were all replaced by `"*"` (``suppressionMarker``).
    public var suppressedSubjects: Int
    /// ``suppressedSubjects`` over the number of subjects (0 for an empty release).
    public var suppressionRate: Double
    /// Quasi-identifier → how many ladder steps generalized it further (0: untouched).
    public var generalizationSteps: [String: Int]
    /// The released records, sorted by guid.
    public var records: [SubjectRecord]

    /// The value a suppressed quasi-identifier is replaced with.
    public static let suppressionMarker = "*"

    public init(achievedK: Int, achievedHouseholdK: Int, achievedL: Int?, suppressedSubjects: Int,
                suppressionRate: Double, generalizationSteps: [String: Int], records: [SubjectRecord]) {
        self.achievedK = achievedK
        self.achievedHouseholdK = achievedHouseholdK
        self.achievedL = achievedL
        self.suppressedSubjects = suppressedSubjects
        self.suppressionRate = suppressionRate
        self.generalizationSteps = generalizationSteps
        self.records = records
    }
}
