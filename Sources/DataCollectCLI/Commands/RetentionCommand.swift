import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy

/// `datacollect retention --policy FILE --db FILE [--now T] [--apply]`.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Apply a policy's retention rules: show what is due (dry run, the default), or erase or anonymize it (--apply).",
        discussion: """
            Rules are taken in file order; a subject belongs to the first rule that makes it due; \
            legal holds always win and are listed. --apply erases values through redaction (verify \
            stays green and reports them by run), writes one audit entry for the run, and scrubs the \
            erased bytes from the database files. Running the same policy again changes nothing.

            Examples:
              datacollect retention --db registry.sqlite \\
                --policy Policies/examples/household-registry-retention.yaml
              datacollect retention --db registry.sqlite \\
                --policy Policies/examples/household-registry-retention.yaml --apply \\
                --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var runOptions: PolicyRunOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progress: ProgressOptions

    @Option(help: ArgumentHelp("The policy file (YAML).", valueName: "FILE"))
    var policy: String

    @Option(help: ArgumentHelp("The time the retention clocks are read at (default: now). \(TimePoint.acceptedFormats).",
                               valueName: "TIME"))
    var now: String?

    func run() throws {
        try runReportingFailures {
            let loaded = try loadPolicy(policy)
            let time = try now.map { try TimePoint.parse($0, option: "--now") } ?? EventTimestamp.now()
            let manager = try store.manager()
            var runner = PolicyRunner(manager: manager, policy: loaded, actor: runOptions.actor)
            let plan = try runner.planRetention(now: time)
            guard runOptions.apply else {
                if output.json { Console.printJSON(plan.jsonValue) } else { Self.printPlan(plan, dryRun: true) }
                return
            }
            let keys = try loadKeys(loaded, policyPath: policy)
            let bar = progress.bar(output, label: "rewriting subjects")
            runner.progress = { bar.update(records: $0, of: $1) }
            let report = try runner.applyRetention(plan) { $0.rewriteTransform(keys: keys) }
            bar.finish()
            if output.json {
                Console.printJSON(.object(["plan": plan.jsonValue, "applied": report.jsonValue]))
            } else {
                Self.printPlan(plan, dryRun: false)
                Console.print("Applied run \(report.runID): \(report.subjects) subjects (\(report.entities) entities), "
                    + "\(report.redactedFields) fields erased in \(report.redactedEvents) events, \(report.writtenEvents) events written.")
            }
        }
    }

    static func printPlan(_ plan: RetentionPlan, dryRun: Bool) {
        Console.print((dryRun ? "Dry run" : "Retention") + " at \(plan.now.iso8601):")
        for rule in plan.rules {
            Console.print("  \(rule.rule): \(rule.matched) matched, \(rule.due) due, \(rule.held) held, "
                + "\(rule.notYetDue) not yet due, \(rule.noClock) without a clock, \(rule.alreadyDone) already done"
                + (rule.examples.isEmpty ? "" : "; e.g. " + rule.examples.joined(separator: ", ")))
        }
        for hold in plan.holds {
            Console.print("  held by \(hold.hold) (\(hold.reason)): \(hold.entity), due under \(hold.rule)")
        }
        let entities = plan.subjects.reduce(0) { $0 + $1.entities.count }
        Console.print("  \(plan.subjects.count) subjects (\(entities) entities) " + (dryRun ? "would be changed; run with --apply to change them." : "due."))
    }
}
