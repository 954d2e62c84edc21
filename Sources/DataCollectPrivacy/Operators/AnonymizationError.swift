/// Why anonymization stopped: a record an operator cannot handle, a key that cannot be used, a
/// field the profile does not name, or a release that cannot meet its privacy model.
///
/// Every error names where it happened (profile, field, entity) and what is wrong, and **never the
/// value**: values are personal data, and errors end up in logs and terminals.
///
/// ```swift
/// // WRONG_TYPE [profile 'research', field 'dateOfBirth', entity 'p-1']:
/// //   generalizeDate expects a text date (YYYY-MM-DD or an ISO 8601 date-time), but the value is a number.
/// ```
public struct AnonymizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable, machine-readable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The value is of a JSON type the operator cannot handle (a number where a date is needed).
        public static let wrongType = Code(rawValue: "WRONG_TYPE")
        /// The text is not a date in an accepted form.
        public static let notADate = Code(rawValue: "NOT_A_DATE")
        /// The value is missing from a `generalizeHierarchy` table.
        public static let notInHierarchy = Code(rawValue: "NOT_IN_HIERARCHY")
        /// The number falls outside every bucket of a `bucket` operator.
        public static let outsideBuckets = Code(rawValue: "OUTSIDE_BUCKETS")
        /// The operator names a key the policy does not define (or the key ring does not hold).
        public static let unknownKey = Code(rawValue: "UNKNOWN_KEY")
        /// A key file cannot be read.
        public static let keyFileUnreadable = Code(rawValue: "KEY_FILE_UNREADABLE")
        /// A key file holds fewer than ``KeyRing/minimumKeyBytes`` bytes.
        public static let keyTooShort = Code(rawValue: "KEY_TOO_SHORT")
        /// An operator's parameters are unusable (a width of zero, a negative length, …).
        public static let invalidOperator = Code(rawValue: "INVALID_OPERATOR")
        /// The result would leave the range the operator can write (a shifted date before year 0).
        public static let outOfRange = Code(rawValue: "OUT_OF_RANGE")
        /// The profile says `otherFields: error` and the record has a field the profile does not name.
        public static let unnamedField = Code(rawValue: "UNNAMED_FIELD")
        /// A privacy model's parameters are unusable (k below 1, a suppression share above 1, …).
        public static let invalidModel = Code(rawValue: "INVALID_MODEL")
        /// k-anonymity / l-diversity cannot be met within the suppression budget.
        public static let privacyModelNotMet = Code(rawValue: "PRIVACY_MODEL_NOT_MET")
    }

    public let code: Code
    /// The anonymization profile being applied, when known.
    public let profile: String?
    /// The data field (the rule) the error concerns, when there is one.
    public let field: String?
    /// The guid of the entity whose record failed, when the error concerns one record.
    public let entityGuid: String?
    /// A sentence saying what is wrong and, where possible, how to fix it. Contains no field values.
    public let message: String

    public init(_ code: Code, profile: String? = nil, field: String? = nil, entityGuid: String? = nil,
                message: String) {
        self.code = code
        self.profile = profile
        self.field = field
        self.entityGuid = entityGuid
        self.message = message
    }

    public var description: String {
        var location: [String] = []
        if let profile { location.append("profile '\(profile)'") }
        if let field { location.append("field '\(field)'") }
        if let entityGuid { location.append("entity '\(entityGuid)'") }
        if location.isEmpty { return "\(code): \(message)" }
        return "\(code) [\(location.joined(separator: ", "))]: \(message)"
    }
}
