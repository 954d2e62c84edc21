import DataCollectCore
import DataCollectIntegrity
public import DataCollectPrivacy

/// The `anonymization` report: what a policy profile does to the store's individuals — its
/// operators field by field, and the re-identification risk over its quasi-identifiers before
/// (the data as stored) and after (the release the profile would make): k, household k, l,
/// suppression, and the sizes of the equivalence classes. A dry run: this report changes no
/// data. The runs of the profile already applied are listed.
public struct AnonymizationReport: Sendable {
    public var policy: PrivacyPolicy
    public var policyFile: ReportInputs.PolicyFile
    public var profile: AnonymizationProfile
    public var keys: KeyRing

    public init(policy: PrivacyPolicy, policyFile: ReportInputs.PolicyFile, profile: AnonymizationProfile, keys: KeyRing) {
        self.policy = policy
        self.policyFile = policyFile
        self.profile = profile
        self.keys = keys
    }

    public func build(_ context: ReportContext) throws -> Report {
        let store = context.manager.store
        // When the privacy model cannot be met, the report still shows the risk before and
        // after the operators alone, and says why no release can be made.
        var modelNotMet: String?
        let anonymization: ProfileAnonymization
        do {
            anonymization = try ProfileAnonymization(profile: profile, keys: keys, store: store)
        } catch let error as AnonymizationError where error.code == .privacyModelNotMet {
            modelNotMet = error.description
            anonymization = try ProfileAnonymization(profile: profile, keys: keys, store: store, enforcingModels: false)
        }
        let quasiIdentifiers = profile.kAnonymity?.quasiIdentifiers ?? []
        let sensitive = profile.lDiversity?.sensitiveAttribute
        let original = try store.read { transaction in
            try anonymization.individuals.compactMap { person in
                try transaction.record(guid: person.guid).map {
                    SubjectRecord(guid: person.guid, householdGuid: person.household, values: $0.entity.data)
                }
            }
        }
        let released = anonymization.model?.records
            ?? original.compactMap { record in anonymization.derived[record.guid].map { SubjectRecord(guid: record.guid, householdGuid: record.householdGuid, values: $0) } }
        let before = EquivalenceClasses(original, quasiIdentifiers: quasiIdentifiers, sensitive: sensitive)
        let after = EquivalenceClasses(released, quasiIdentifiers: quasiIdentifiers, sensitive: sensitive)
        let runs = try PolicyRunRecord.runs(context, kind: "anonymize", policy: policy.metadata.name)
            .filter { $0.profile == profile.name }
        let model = anonymization.model
        var headline = quasiIdentifiers.isEmpty
            ? "Profile \(profile.name) would rewrite \(ReportFormat.count(anonymization.derived.count)) entities; it declares no privacy model."
            : "Profile \(profile.name): k = \(before.smallestClass) in the data as stored, k = \(model?.achievedK ?? after.smallestClass) "
            + "in the release (required \(profile.kAnonymity?.k ?? 0)), with \(ReportFormat.count(model?.suppressedSubjects ?? 0)) of "
            + "\(ReportFormat.count(released.count)) individuals suppressed."
        if let modelNotMet {
            headline = "Profile \(profile.name) cannot make a release: its privacy model is not met. "
                + "k = \(before.smallestClass) in the data as stored, k = \(after.smallestClass) after its operators alone. "
                + modelNotMet
        }
        var summary: [String: JSONValue] = [
            "profile": .string(profile.name), "dryRun": true, "entities": ReportFormat.number(anonymization.derived.count),
            "individuals": ReportFormat.number(released.count), "quasiIdentifiers": .array(quasiIdentifiers.map(JSONValue.string)),
            "before": before.jsonValue, "after": after.jsonValue, "appliedRuns": .array(runs.map(\.jsonValue)),
        ]
        if let modelNotMet { summary["modelNotMet"] = .string(modelNotMet) }
        if let model {
            summary["requiredK"] = ReportFormat.number(profile.kAnonymity?.k ?? 0)
            summary["achievedK"] = ReportFormat.number(model.achievedK)
            summary["achievedHouseholdK"] = ReportFormat.number(model.achievedHouseholdK)
            summary["achievedL"] = model.achievedL.map(ReportFormat.number) ?? .null
            summary["suppressedSubjects"] = ReportFormat.number(model.suppressedSubjects)
            summary["suppressionRate"] = ReportFormat.number(model.suppressionRate)
            summary["generalizationSteps"] = ReportFormat.counts(model.generalizationSteps)
        }
        return Report(
            kind: .anonymization, title: "Anonymization: profile \(profile.name) of \(policy.metadata.name) \(policy.metadata.version)",
            generatedAt: context.now, inputs: try context.inputs(policy: policyFile), status: modelNotMet == nil ? .ok : .attention, headline: headline,
            summary: summary,
            sections: [
                riskSection(before: before, after: after, model: model, quasiIdentifiers: quasiIdentifiers),
                ReportSection(title: "Operators", blocks: [
                    .paragraph("What the profile does to each field. Fields it does not name are handled by its "
                        + "other-fields rule: \(profile.otherFields.rawValue)."),
                    .table(operatorTable()),
                ]),
                ReportSection(title: "Runs applied", blocks: [.table(PolicyRunRecord.table(runs))]),
            ])
    }

    private func riskSection(before: EquivalenceClasses, after: EquivalenceClasses, model: PrivacyModelResult?,
                             quasiIdentifiers: [String]) -> ReportSection {
        guard !quasiIdentifiers.isEmpty else {
            return ReportSection(title: "Re-identification risk", blocks: [
                .paragraph("This profile declares no k-anonymity model, so no risk over quasi-identifiers is measured."),
            ])
        }
        var facts = [
            ReportFact("Quasi-identifiers", quasiIdentifiers.joined(separator: ", ")),
            ReportFact("k (smallest class of individuals), before → after", "\(before.smallestClass) → \(after.smallestClass)"),
            ReportFact("Household k, before → after", "\(before.smallestHouseholdClass) → \(after.smallestHouseholdClass)"),
            ReportFact("Individuals in classes smaller than \(profile.kAnonymity?.k ?? 0), before → after",
                       "\(ReportFormat.count(before.individuals(inClassesSmallerThan: profile.kAnonymity?.k ?? 0))) → "
                       + "\(ReportFormat.count(after.individuals(inClassesSmallerThan: profile.kAnonymity?.k ?? 0)))"),
        ]
        if let l = profile.lDiversity {
            facts.append(ReportFact("l (\(l.sensitiveAttribute)), before → after, required \(l.l)",
                                    "\(before.smallestDiversity) → \(after.smallestDiversity)"))
        }
        if let model {
            facts.append(ReportFact("Suppressed individuals", "\(ReportFormat.count(model.suppressedSubjects)) (\(ReportFormat.percent(model.suppressionRate)))"))
            let steps = model.generalizationSteps.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            facts.append(ReportFact("Generalized further by the model", steps.isEmpty ? "nothing"
                                        : steps.map { "\($0.key) (\($0.value) step\($0.value == 1 ? "" : "s"))" }.joined(separator: ", ")))
        }
        return ReportSection(title: "Re-identification risk", blocks: [
            .paragraph("Risk is measured per individual, with their household, as sdcMicro does: an equivalence class is the "
                + "individuals who share every quasi-identifier value. The smallest class is the k achieved; an individual in a "
                + "class of 1 can be singled out by anyone who knows those values."),
            .facts(facts),
            .chart(ReportChart(
                id: "class-sizes", title: "Individuals by the size of their equivalence class, before and after", style: .groupedBars,
                categories: EquivalenceClasses.sizeBucketLabels,
                series: [.init(name: "before", values: before.individualsBySizeBucket.map(Double.init)),
                         .init(name: "after", values: after.individualsBySizeBucket.map(Double.init))],
                xAxisLabel: "Size of the individual's equivalence class", yAxisLabel: "Individuals", unit: "individuals",
                caption: "Before: the data as stored. After: the release this profile makes (suppressed individuals form one class).")),
            .table(ReportTable(
                name: "class-sizes", title: "Individuals by equivalence-class size",
                columns: [.init("size", "Class size"), .init("before", "Before", .integer), .init("after", "After", .integer)],
                rows: EquivalenceClasses.sizeBucketLabels.indices.map { index in
                    [.string(EquivalenceClasses.sizeBucketLabels[index]), ReportFormat.number(before.individualsBySizeBucket[index]),
                     ReportFormat.number(after.individualsBySizeBucket[index])]
                })),
        ])
    }

    private func operatorTable() -> ReportTable {
        ReportTable(
            name: "operators", title: "Operators by field",
            columns: [.init("field", "Field"), .init("operator", "Operator")],
            rows: profile.fields.map { [.string($0.field), .string(OperatorLabel.text($0.op))] })
    }
}
