import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import Foundation

/// `datacollect anonymize --policy FILE --profile NAME --db FILE [--apply] (--in-place | --out EXPORT)`.
struct AnonymizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "Anonymize with a policy profile, in place or into a release package: a dry run (the default) reports the privacy models achieved.",
        discussion: """
            The profile's operators run on every entity; k-anonymity and l-diversity are enforced \
            over the individuals (one record per person, with their household). --apply --in-place \
            erases the originals through redaction and writes the derived values as policy-anonymize \
            events, so replay and time travel never show the originals. --apply --out EXPORT writes             a BagIt release (individuals.csv, households.csv, release.json; suppressed cells are *)             and leaves the store's data untouched (the export is recorded in the audit trail).

            Example:
              datacollect anonymize --db registry.sqlite \\
                --policy Policies/examples/research-extract.yaml \\
                --profile research-extract --apply --out release.tar.gz --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var runOptions: PolicyRunOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The policy file (YAML).", valueName: "FILE"))
    var policy: String

    @Option(help: "The anonymization profile of the policy.")
    var profile: String

    @Flag(name: .customLong("in-place"), help: "Anonymize the stored data itself.")
    var inPlace = false

    @Option(help: ArgumentHelp("Write an anonymized release package here instead.", valueName: "EXPORT"))
    var out: String?

    @Option(help: "Package format with --out: dir, tar.gz or zip.")
    var format: String = "tar.gz"

    func validate() throws {
        guard inPlace != (out != nil) else { throw ValidationError("Say either --in-place or --out EXPORT.") }
        guard ArchiveExporter.Format(rawValue: format) != nil else { throw ValidationError("--format must be dir, tar.gz or zip.") }
    }

    static func modelText(_ model: PrivacyModelResult?) -> String {
        guard let model else { return "" }
        return "; k = \(model.achievedK), household k = \(model.achievedHouseholdK)"
            + (model.achievedL.map { ", l = \($0)" } ?? "") + ", \(model.suppressedSubjects) subjects suppressed"
    }

    func run() throws {
        try runReportingFailures {
            let loaded = try loadPolicy(policy)
            guard let chosen = loaded.profile(named: profile) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "The policy has no profile named \(profile).")
            }
            let keys = try loadKeys(loaded, policyPath: policy)
            let manager = try store.manager()
            let anonymization = try ProfileAnonymization(profile: chosen, keys: keys, store: manager.store)
            var summary: [String: JSONValue] = ["profile": .string(chosen.name), "entities": .number(JSONNumber(anonymization.derived.count))]
            if let model = anonymization.model {
                summary["achievedK"] = .number(JSONNumber(model.achievedK))
                summary["achievedHouseholdK"] = .number(JSONNumber(model.achievedHouseholdK))
                summary["achievedL"] = model.achievedL.map { .number(JSONNumber($0)) } ?? .null
                summary["suppressedSubjects"] = .number(JSONNumber(model.suppressedSubjects))
            }
            if let out, runOptions.apply {
                try Self.writeRelease(anonymization, policy: loaded, to: out,
                                      format: ArchiveExporter.Format(rawValue: format) ?? .tarGz, manager: manager, actor: runOptions.actor)
                summary["export"] = .string(out)
                if output.json { Console.printJSON(.object(summary)) } else {
                    Console.print("Wrote the release \(out) with profile \(chosen.name)" + Self.modelText(anonymization.model) + ".")
                }
                return
            }
            guard runOptions.apply else {
                if output.json { Console.printJSON(.object(summary)) } else {
                    Console.print("Dry run: profile \(chosen.name) would " + (inPlace ? "rewrite" : "release")
                        + " \(anonymization.derived.count) entities" + Self.modelText(anonymization.model) + ". Run with --apply.")
                }
                return
            }
            let report = try PolicyRunner(manager: manager, policy: loaded, actor: runOptions.actor)
                .applyAnonymization(profile: chosen, transform: anonymization.transform, now: .now())
            summary["applied"] = report.jsonValue
            if output.json { Console.printJSON(.object(summary)) } else {
                Console.print("Anonymized \(report.entities) entities with \(chosen.name): \(report.redactedFields) original fields erased, "
                    + "\(report.writtenEvents) events written (run \(report.runID)).")
            }
        }
    }

    /// Writes an anonymized release package (BagIt) of a profile and records it in the audit
    /// trail as an export, with the checkpoint it answers to. The store's data stays as it is.
    static func writeRelease(_ anonymization: ProfileAnonymization, policy: PrivacyPolicy, to out: String,
                             format: ArchiveExporter.Format, manager: EntityDataManager, actor: String) throws {
        let now = EventTimestamp.now()
        let profile = anonymization.profile
        let tables = ReleaseTables(anonymization, policy: policy, at: now)
        try ReleasePackage.write(files: tables.files, info: [
            ("External-Description", "Anonymized release, profile \(profile.name) of policy \(policy.metadata.name) \(policy.metadata.version)"),
            ("Policy-SHA256", policy.sourceSHA256),
        ], to: out, format: format, at: now)
        var details = try ExportProvenance.details(of: manager.store)
        details.merge([
            "profile": .string(profile.name), "policy": .string(policy.metadata.name), "policySHA256": .string(policy.sourceSHA256),
            "entities": .number(JSONNumber(anonymization.derived.count)), "release": true,
            "output": .string(URL(fileURLWithPath: out).lastPathComponent),
        ]) { _, new in new }
        try manager.recordAccess(action: "export", actor: actor, entityGuid: "", details: details, at: now)
    }
}
