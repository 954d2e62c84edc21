/// Limits that keep a hostile archive from hurting the machine. All configurable.
public struct ArchiveLimits: Sendable, Hashable {
    /// Largest single record (a JSON line or array element), in bytes. Default 16 MiB.
    public var maxRecordBytes: Int = 16 << 20
    /// Most bytes one archive may expand to. Default 64 GiB.
    public var maxExpandedBytes: Int64 = 64 << 30
    /// Largest expansion ratio (expanded ÷ compressed bytes read), checked once more than
    /// `ratioGraceBytes` were expanded. Default 1000.
    public var maxExpansionRatio: Double = 1_000
    public var ratioGraceBytes: Int64 = 16 << 20
    /// How deep containers may nest (a .jsonl.gz in a .tar.gz counts 1). Default 3.
    public var maxNestingDepth: Int = 3

    public init() {}
}
