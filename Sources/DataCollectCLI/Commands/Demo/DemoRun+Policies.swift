import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy

extension DemoRun {
    /// How far after the data set's first capture the demo reads retention clocks: about three
    /// and a half years, when the example policy's 18-month and three-year periods have run out
    /// for much of the registry (a look ahead, as `policy apply --now` allows).
    static let retentionLookAheadDays: Int64 = 1_270

    /// The time the demo reads retention clocks at.
    var retentionClock: EventTimestamp {
        EventTimestamp(epochMilliseconds: dataStart.epochMilliseconds + Self.retentionLookAheadDays * 86_400_000)
    }

    /// Step 7: the example retention policy, dry run first, then applied.
    mutating func retention(policy path: String) throws {
        let now = retentionClock
        say("7. Retention with \(path), clocks read at \(now.iso8601):")
        let policy = try loadPolicy(path)
        var runner = PolicyRunner(manager: manager, policy: policy, actor: "demo-officer")
        let plan = try runner.planRetention(now: now)
        for rule in plan.rules {
            say("   dry run, \(rule.rule): \(rule.matched) matched, \(rule.due) due, \(rule.held) held by legal holds, "
                + "\(rule.notYetDue) not yet due")
        }
        let keys = try loadKeys(policy, policyPath: path)
        let bar = ProgressBar(quiet: quiet, label: "   rewriting subjects")
        runner.progress = { bar.update(records: $0, of: $1) }
        let report = try runner.applyRetention(plan) { $0.rewriteTransform(keys: keys) }
        bar.finish()
        say("   applied run \(report.runID): \(report.subjects) subjects, \(report.redactedFields) fields erased, "
            + "\(plan.holds.count) held subjects untouched.")
        facts.append("retention erased or anonymized \(report.subjects) subjects (\(plan.holds.count) held)")
    }

    /// Step 8: the research-extract profile, dry run (the privacy models it achieves), then
    /// applied as a release package; the registry itself is left as it is.
    mutating func anonymization(policy path: String, profile name: String) throws {
        say("8. Anonymization with profile \(name) of \(path):")
        let policy = try loadPolicy(path)
        guard let profile = policy.profile(named: name) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "The policy \(path) has no profile named \(name).")
        }
        let anonymization: ProfileAnonymization
        do {
            anonymization = try ProfileAnonymization(profile: profile, keys: try loadKeys(policy, policyPath: path), store: manager.store)
        } catch let error as AnonymizationError where error.code == .privacyModelNotMet {
            // A small registry cannot always hide everyone in a crowd of k: no release is made.
            say("   refused, no release written: \(error.description)")
            facts.append("the \(name) release refused (its privacy model cannot be met at this size)")
            return
        }
        say("   dry run: \(anonymization.derived.count) entities" + AnonymizeCommand.modelText(anonymization.model) + ".")
        let release = "\(out)/research-extract-release.tar.gz"
        try AnonymizeCommand.writeRelease(anonymization, policy: policy, to: release, format: .tarGz, manager: manager,
                                          actor: "demo-officer")
        say("   applied: the release \(release) (individuals.csv, households.csv, release.json), recorded as an export.")
        facts.append("a \(name) release with k = \(anonymization.model?.achievedK ?? 0)")
    }
}
