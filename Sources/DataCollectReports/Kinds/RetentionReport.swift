public import DataCollectCore
import DataCollectIntegrity
public import DataCollectPrivacy

/// The `retention` report: what a policy's retention rules make due at a time — per rule what
/// matched, is due, is held, is not yet due, has no clock or was already done (a dry run: this
/// report changes no data) — the legal holds that win, and the runs already applied.
public struct RetentionReport: Sendable {
    public var policy: PrivacyPolicy
    public var policyFile: ReportInputs.PolicyFile
    /// The time the retention clocks are read at.
    public var at: EventTimestamp

    public init(policy: PrivacyPolicy, policyFile: ReportInputs.PolicyFile, at: EventTimestamp) {
        self.policy = policy
        self.policyFile = policyFile
        self.at = at
    }

    public func build(_ context: ReportContext) throws -> Report {
        let plan = try PolicyRunner(manager: context.manager, policy: policy, actor: "report").planRetention(now: at)
        let runs = try PolicyRunRecord.runs(context, kind: "retention", policy: policy.metadata.name)
        let entitiesDue = plan.subjects.reduce(0) { $0 + $1.entities.count }
        let headline = "At \(at.iso8601), \(ReportFormat.count(plan.subjects.count)) subjects (\(ReportFormat.count(entitiesDue)) entities) "
            + "are due under \(policy.metadata.name) \(policy.metadata.version); \(ReportFormat.count(plan.holds.count)) held by legal holds. "
            + "\(runs.count) run(s) applied so far."
        return Report(
            kind: .retention, title: "Retention: \(policy.metadata.name) \(policy.metadata.version)", generatedAt: context.now,
            inputs: try context.inputs(policy: policyFile), status: plan.subjects.isEmpty && plan.holds.isEmpty ? .ok : .attention,
            headline: headline,
            summary: [
                "at": .string(at.iso8601), "dryRun": true,
                "subjectsDue": ReportFormat.number(plan.subjects.count), "entitiesDue": ReportFormat.number(entitiesDue),
                "held": ReportFormat.number(plan.holds.count), "rules": ruleSummaries(plan),
                "appliedRuns": .array(runs.map(\.jsonValue)),
            ],
            sections: [
                ReportSection(title: "What the rules would do at \(at.iso8601)", blocks: [
                    .paragraph("A dry run: nothing was changed to make this report. Rules are taken in file order; a subject "
                        + "belongs to the first rule that makes it due; retention is a minimum, never early; legal holds always win."),
                    .chart(beforeAfterChart(plan)),
                    .chart(ruleChart(plan)),
                    .table(ruleTable(plan)),
                ]),
                ReportSection(title: "Legal holds", blocks: [.table(holdTable(plan))]),
                ReportSection(title: "Runs applied", blocks: [.table(PolicyRunRecord.table(runs))]),
                ReportSection(title: "The policy", blocks: [.facts([
                    ReportFact("Name and version", "\(policy.metadata.name) \(policy.metadata.version)"),
                    ReportFact("Owner", policy.metadata.owner), ReportFact("Legal basis", policy.metadata.legalBasis),
                    ReportFact("Rules", policy.retention.map(\.name).joined(separator: ", ")),
                    ReportFact("Legal holds", String(policy.legalHolds.count)),
                ])]),
            ])
    }

    private func beforeAfterChart(_ plan: RetentionPlan) -> ReportChart {
        ReportChart(
            id: "before-after", title: "Subjects holding personal data under each rule, before and after the run",
            style: .groupedBars, categories: plan.rules.map(\.rule),
            series: [
                .init(name: "before", values: plan.rules.map { Double($0.matched - $0.alreadyDone) }),
                .init(name: "after", values: plan.rules.map { Double($0.matched - $0.alreadyDone - $0.due) }),
            ],
            xAxisLabel: "Rule", yAxisLabel: "Subjects", unit: "subjects",
            caption: "After: what would remain if the run were applied now (held subjects remain).")
    }

    private func ruleChart(_ plan: RetentionPlan) -> ReportChart {
        ReportChart(
            id: "rules", title: "Subjects per rule, by outcome", style: .stackedBars, categories: plan.rules.map(\.rule),
            series: [
                .init(name: "due", values: plan.rules.map { Double($0.due) }),
                .init(name: "held", values: plan.rules.map { Double($0.held) }),
                .init(name: "not yet due", values: plan.rules.map { Double($0.notYetDue) }),
                .init(name: "no clock", values: plan.rules.map { Double($0.noClock) }),
                .init(name: "already done", values: plan.rules.map { Double($0.alreadyDone) }),
            ],
            xAxisLabel: "Rule", yAxisLabel: "Subjects matched", unit: "subjects")
    }

    private func ruleTable(_ plan: RetentionPlan) -> ReportTable {
        let actions = Dictionary(policy.retention.map { ($0.name, Self.label($0.then)) }) { first, _ in first }
        return ReportTable(
            name: "rules", title: "Per rule",
            columns: [.init("rule", "Rule"), .init("then", "Then"), .init("matched", "Matched", .integer), .init("due", "Due", .integer),
                      .init("held", "Held", .integer), .init("notYetDue", "Not yet due", .integer),
                      .init("noClock", "No clock", .integer), .init("alreadyDone", "Already done", .integer),
                      .init("examples", "First subjects due")],
            rows: plan.rules.map { rule in
                [.string(rule.rule), .string(actions[rule.rule] ?? ""), ReportFormat.number(rule.matched), ReportFormat.number(rule.due),
                 ReportFormat.number(rule.held), ReportFormat.number(rule.notYetDue), ReportFormat.number(rule.noClock),
                 ReportFormat.number(rule.alreadyDone), .string(rule.examples.joined(separator: " "))]
            })
    }

    static func label(_ action: RetentionAction) -> String {
        switch action {
        case .delete: "delete"
        case .anonymize(let profile): "anonymize: \(profile)"
        }
    }

    private func holdTable(_ plan: RetentionPlan) -> ReportTable {
        ReportTable(
            name: "holds", title: "Subjects kept by legal holds",
            columns: [.init("hold", "Hold"), .init("reason", "Reason"), .init("rule", "Would be due under"), .init("entity", "Entity")],
            rows: plan.holds.map { [.string($0.hold), .string($0.reason), .string($0.rule), .string($0.entity)] },
            emptyText: "No subject that is due is held.")
    }

    private func ruleSummaries(_ plan: RetentionPlan) -> JSONValue {
        .array(plan.rules.map { rule in
            [
                "rule": .string(rule.rule), "matched": ReportFormat.number(rule.matched), "due": ReportFormat.number(rule.due),
                "held": ReportFormat.number(rule.held), "notYetDue": ReportFormat.number(rule.notYetDue),
                "noClock": ReportFormat.number(rule.noClock), "alreadyDone": ReportFormat.number(rule.alreadyDone),
            ]
        })
    }
}
