import DataCollectIntegrity
public import ArgumentParser

/// The exit codes of every command (the table in `docs/CLI.md`).
public enum ExitCodes {
    /// Everything worked.
    public static let ok = ExitCode(0)
    /// The command line or an input file could not be used.
    public static let usage = ExitCode(1)
    /// Some input records were rejected (or conflicted with stored ones); the valid ones landed.
    public static let rejectedInput = ExitCode(2)
    /// The store is damaged or fails verification.
    public static let integrityFailure = ExitCode(3)
    /// The entity or event asked for does not exist.
    public static let notFound = ExitCode(4)
}
