import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectReports
import Foundation

struct VerificationReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verification",
        abstract: "What verify checked, the checkpoints, redactions by policy run, any failure pinpointed (exit 3 on a failure).",
        discussion: """
        Example:
          datacollect report verification --db registry.sqlite \\
            --verifier-key auditor.pub
        """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The verifier key, or a file holding it (default: the key recorded in the store).",
                               valueName: "KEY|FILE"))
    var verifierKey: String?

    @Option(help: ArgumentHelp("A signed checkpoint you kept, to check against today's log (repeatable).", valueName: "FILE"))
    var checkpoint: [String] = []

    func run() throws {
        try runReportingFailures {
            let notes = try checkpoint.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the checkpoint file \(path).")
                }
                return String(decoding: data, as: UTF8.self)
            }
            var parameters = checkpoint.map { ReportInputs.Parameter("--checkpoint", $0) }
            if verifierKey != nil { parameters.insert(ReportInputs.Parameter("--verifier-key", "given"), at: 0) }
            let context = try options.context(parameters)
            let verifier = IntegrityVerifier(verifierKey: verifierKey.map(SigningKeyFile.verifierKey), externalCheckpoints: notes)
            try options.publish(try VerificationReport(verifier: verifier).build(context), context: context)
        }
    }
}

struct ImportReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "The imports recorded in the audit trail: sources, counts by outcome and reason, rejected records with locations.",
        discussion: """
        Example:
          datacollect report import --db registry.sqlite
        """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try runReportingFailures {
            let context = try options.context([])
            try options.publish(try ImportReport().build(context), context: context)
        }
    }
}

struct RetentionReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Per retention rule: matched, due, held, skipped (a dry run: nothing changes), and the runs applied.",
        discussion: """
        Example:
          datacollect report retention --db registry.sqlite \\
            --policy Policies/examples/household-retention.yaml
        """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The policy file (YAML).", valueName: "FILE"))
    var policy: String

    @Option(help: ArgumentHelp("The time the retention clocks are read at (default: now). \(TimePoint.acceptedFormats).",
                               valueName: "TIME"))
    var now: String?

    func run() throws {
        try runReportingFailures {
            let loaded = try loadPolicy(policy)
            let time = try now.map { try TimePoint.parse($0, option: "--now") } ?? EventTimestamp.now()
            let context = try options.context([.init("--policy", policy), .init("--now", time.iso8601)])
            let report = RetentionReport(policy: loaded, policyFile: policyFile(policy, loaded), at: time)
            try options.publish(try report.build(context), context: context)
        }
    }
}

struct AnonymizationReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymization",
        abstract: "A profile's operators and k-anonymity / l-diversity before and after (a dry run: nothing changes), and the runs applied.",
        discussion: """
        Example:
          datacollect report anonymization --db registry.sqlite \\
            --policy Policies/examples/research-extract.yaml --profile research
        """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The policy file (YAML).", valueName: "FILE"))
    var policy: String

    @Option(help: "The anonymization profile of the policy.")
    var profile: String

    func run() throws {
        try runReportingFailures {
            let loaded = try loadPolicy(policy)
            guard let chosen = loaded.profile(named: profile) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "The policy has no profile named \(profile); it has: "
                    + loaded.profiles.map(\.name).joined(separator: ", ") + ".")
            }
            let context = try options.context([.init("--policy", policy), .init("--profile", profile)])
            let report = AnonymizationReport(policy: loaded, policyFile: policyFile(policy, loaded), profile: chosen,
                                             keys: try loadKeys(loaded, policyPath: policy))
            try options.publish(try report.build(context), context: context)
        }
    }
}

struct TimeTravelReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time-travel",
        abstract: "The state at a time T, and what changed between T1 and T2 (entities and fields, never values).",
        discussion: """
            Defaults: --as-of 30 days ago, --from the same time, --to now.

            Example:
              datacollect report time-travel --db registry.sqlite --as-of 2026-10-01 \\
                --to 2026-11-01
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("The state as of this capture time (default: 30 days ago). \(TimePoint.acceptedFormats).",
                               valueName: "TIME"))
    var asOf: String?

    @Option(help: ArgumentHelp("The diff's start (default: --as-of).", valueName: "TIME"))
    var from: String?

    @Option(help: ArgumentHelp("The diff's end (default: now).", valueName: "TIME"))
    var to: String?

    @Option(help: ArgumentHelp("As the store knew it at this time (default: now).", valueName: "TIME"))
    var knownAt: String?

    func run() throws {
        try runReportingFailures {
            let now = EventTimestamp.now()
            let asOfTime = try asOf.map { try TimePoint.parse($0, option: "--as-of") }
                ?? EventTimestamp(epochMilliseconds: now.epochMilliseconds - 30 * 86_400_000)
            let fromTime = try from.map { try TimePoint.parse($0, option: "--from") } ?? asOfTime
            let toTime = try to.map { try TimePoint.parse($0, option: "--to") } ?? now
            let knownAtTime = try knownAt.map { try TimePoint.parse($0, option: "--known-at") }
            guard fromTime.epochMilliseconds <= toTime.epochMilliseconds else {
                throw CommandFailure(exit: ExitCodes.usage, message: "--from (\(fromTime.iso8601)) is after --to (\(toTime.iso8601)).")
            }
            var parameters: [ReportInputs.Parameter] = [.init("--as-of", asOfTime.iso8601), .init("--from", fromTime.iso8601),
                                                        .init("--to", toTime.iso8601)]
            if let knownAtTime { parameters.append(.init("--known-at", knownAtTime.iso8601)) }
            let context = try options.context(parameters)
            let report = TimeTravelReport(asOf: asOfTime, from: fromTime, to: toTime, knownAt: knownAtTime)
            try options.publish(try report.build(context), context: context)
        }
    }
}

struct ActivityReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Events per day by type and by collector, sync lag, entities by type over time.",
        discussion: """
        Example:
          datacollect report activity --db registry.sqlite \\
            --out Reports/activity-november
        """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try runReportingFailures {
            let context = try options.context([])
            try options.publish(try ActivityReport().build(context), context: context)
        }
    }
}

struct ExportReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "What left the store: every export, who made it, for whom, its scope and checkpoint.",
        discussion: """
        Example:
          datacollect report export --db registry.sqlite
        """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try runReportingFailures {
            let context = try options.context([])
            try options.publish(try ExportReport().build(context), context: context)
        }
    }
}

/// The policy file as a report states it: its path, the SHA-256 of its bytes, name and version.
func policyFile(_ path: String, _ policy: PrivacyPolicy) -> ReportInputs.PolicyFile {
    ReportInputs.PolicyFile(path: path, sha256: policy.sourceSHA256, name: policy.metadata.name, version: policy.metadata.version)
}
