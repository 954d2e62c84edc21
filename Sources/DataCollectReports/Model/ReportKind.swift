/// The kinds of report `datacollect report` writes, each with its own JSON Schema
/// (`Reports/schemas/<kind>.schema.json`).
public enum ReportKind: String, Sendable, Hashable, CaseIterable {
    /// What `verify` checked, the checkpoints, redactions by policy run, any failure pinpointed.
    case verification
    /// The import runs recorded in the audit trail: sources, outcomes, rejections with locations.
    case `import`
    /// A policy's retention rules: per rule what matched, is due, held or skipped, and the runs applied.
    case retention
    /// A policy profile's anonymization: k-anonymity and l-diversity before and after, the runs applied.
    case anonymization
    /// The state at a time T, and what changed between T1 and T2.
    case timeTravel = "time-travel"
    /// Events per day by type and by collector, sync lag, entities by type over time.
    case activity
    /// What left the store: the exports recorded in the audit trail, for whom, with which checkpoint.
    case export

    /// The file name of the kind's JSON Schema.
    public var schemaFileName: String { "\(rawValue).schema.json" }
}
