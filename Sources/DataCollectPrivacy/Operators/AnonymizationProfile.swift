public import DataCollectIntegrity

/// How one kind of release is de-identified: an operator per data field, what happens to the
/// fields it does not name, and the privacy models the result must meet.
public struct AnonymizationProfile: Sendable, Hashable {
    public var name: String
    /// Data field → operator, in the order written in the policy.
    public var fields: [FieldRule]
    public var otherFields: UnnamedFieldHandling
    public var kAnonymity: KAnonymityModel?
    public var lDiversity: LDiversityModel?

    public init(name: String, fields: [FieldRule], otherFields: UnnamedFieldHandling = .drop,
                kAnonymity: KAnonymityModel? = nil, lDiversity: LDiversityModel? = nil) {
        self.name = name
        self.fields = fields
        self.otherFields = otherFields
        self.kAnonymity = kAnonymity
        self.lDiversity = lDiversity
    }

    public func rule(for field: String) -> FieldRule? { fields.first { $0.field == field } }
}

public struct FieldRule: Sendable, Hashable {
    public var field: String
    public var op: AnonymizationOperator

    public init(field: String, op: AnonymizationOperator) {
        self.field = field
        self.op = op
    }
}

/// What a profile does with data fields it does not name. The default, `drop`, is data minimisation.
public enum UnnamedFieldHandling: String, Sendable, Hashable {
    case drop, keep, error
}

/// The operators, after Presidio's operators, Google Sensitive Data Protection's transforms
/// and ARX/sdcMicro's recodings (see `docs/POLICIES.md`).
public enum AnonymizationOperator: Sendable, Hashable {
    /// Remove the value (the field stays, as the redaction marker `null`).
    case redact
    /// A fixed value.
    case replace(JSONValue)
    /// Keep the first and last characters, mask the rest.
    case mask(keepFirst: Int, keepLast: Int, character: Character)
    /// Keyed HMAC-SHA-256 of the value: stable across runs and exports for one key.
    case pseudonymize(key: String, prefix: String, length: Int)
    /// Unkeyed SHA-256 (hex) — only for values that are not guessable.
    case hash
    case generalizeDate(DateGranularity)
    /// Numbers to `[lower, lower + width)` intervals, written "lower-upper".
    case generalizeNumber(width: Double)
    /// Numbers to explicit buckets; values outside every bucket fail.
    case bucket([NumberBucket])
    /// Strings up a hierarchy (village → district → province), `levels` steps.
    case generalizeHierarchy(table: [String: String], levels: Int)
    /// Dates moved by a pseudo-random offset within ±`maxDays`, the same for every date of one
    /// subject (individual or household), derived from the key.
    case dateShift(maxDays: Int, key: String)
    /// Numbers rounded to a multiple of `step`.
    case round(step: Double)
    /// The field is removed.
    case drop
    case keep
}

public enum DateGranularity: String, Sendable, Hashable {
    case year, quarter, month
}

public struct NumberBucket: Sendable, Hashable {
    /// Inclusive lower bound; nil: unbounded.
    public var min: Double?
    /// Exclusive upper bound; nil: unbounded.
    public var max: Double?
    public var label: String

    public init(min: Double?, max: Double?, label: String) {
        self.min = min
        self.max = max
        self.label = label
    }
}

/// k-anonymity over quasi-identifiers, measured per subject (and per household).
public struct KAnonymityModel: Sendable, Hashable {
    public var quasiIdentifiers: [String]
    public var k: Int
    /// The largest share of subjects that may be suppressed (0...1).
    public var maxSuppression: Double

    public init(quasiIdentifiers: [String], k: Int, maxSuppression: Double) {
        self.quasiIdentifiers = quasiIdentifiers
        self.k = k
        self.maxSuppression = maxSuppression
    }
}

/// Distinct l-diversity of one sensitive attribute within every equivalence class.
public struct LDiversityModel: Sendable, Hashable {
    public var sensitiveAttribute: String
    public var l: Int

    public init(sensitiveAttribute: String, l: Int) {
        self.sensitiveAttribute = sensitiveAttribute
        self.l = l
    }
}
