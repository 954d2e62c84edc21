/// A data officer's decisions, loaded from a YAML file in `Policies/`: how long personal data is
/// kept (retention rules), what must never be touched (legal holds), and how data is
/// de-identified (anonymization profiles). See `docs/POLICIES.md`.
public struct PrivacyPolicy: Sendable, Hashable {
    public var metadata: PolicyMetadata
    /// Key files that keyed operators (`pseudonymize`, `dateShift`) name; never inline keys.
    public var keys: [String: PolicyKey]
    public var retention: [RetentionRule]
    public var legalHolds: [LegalHold]
    public var profiles: [AnonymizationProfile]
    /// Patterns `datacollect scan` looks for in exports (phone numbers, national id formats).
    public var leftoverPatterns: [LeftoverPattern]
    /// SHA-256 (hex) of the policy file's bytes, recorded in every run's audit entry.
    public var sourceSHA256: String

    public init(metadata: PolicyMetadata, keys: [String: PolicyKey] = [:], retention: [RetentionRule] = [],
                legalHolds: [LegalHold] = [], profiles: [AnonymizationProfile] = [],
                leftoverPatterns: [LeftoverPattern] = [], sourceSHA256: String = "") {
        self.metadata = metadata
        self.keys = keys
        self.retention = retention
        self.legalHolds = legalHolds
        self.profiles = profiles
        self.leftoverPatterns = leftoverPatterns
        self.sourceSHA256 = sourceSHA256
    }

    public func profile(named name: String) -> AnonymizationProfile? {
        profiles.first { $0.name == name }
    }
}

public struct PolicyMetadata: Sendable, Hashable {
    public var name: String
    public var version: String
    public var owner: String
    public var legalBasis: String
    public var description: String?

    public init(name: String, version: String, owner: String, legalBasis: String, description: String? = nil) {
        self.name = name
        self.version = version
        self.owner = owner
        self.legalBasis = legalBasis
        self.description = description
    }
}

/// A secret a keyed operator uses, read from a file (relative paths: relative to the policy file).
public struct PolicyKey: Sendable, Hashable {
    public var file: String

    public init(file: String) { self.file = file }
}

/// A regular expression whose matches in an export are findings.
public struct LeftoverPattern: Sendable, Hashable {
    public var name: String
    public var regex: String

    public init(name: String, regex: String) {
        self.name = name
        self.regex = regex
    }
}
