import DataCollectIntegrity
import Foundation

extension KAnonymityModel {
    /// Makes a release k-anonymous (and l-diverse, when given) over the quasi-identifiers, as
    /// ARX and sdcMicro do: generalize further where a ladder exists, then suppress what is left.
    ///
    /// Records are grouped into equivalence classes by the canonical JSON of their
    /// quasi-identifier values (a missing value counts as `null`). While more records sit in
    /// classes smaller than k (or with fewer than l sensitive values) than the budget allows
    /// (`maxSuppression` × subjects), one quasi-identifier is generalized one level up its
    /// ``GeneralizationLadder`` — the one whose step leaves the fewest records to suppress (ties:
    /// the earlier quasi-identifier). Then those records' quasi-identifiers become `"*"`. The
    /// suppressed records, alike in every quasi-identifier, must themselves number at least k (and
    /// hold l sensitive values); records are moved into them until they do.
    ///
    /// Deterministic: records are processed and returned sorted by guid.
    ///
    /// ```swift
    /// let model = KAnonymityModel(quasiIdentifiers: ["dateOfBirth", "sex"], k: 5, maxSuppression: 0.05)
    /// let result = try model.enforce(on: records, profile: "research")
    /// result.achievedK          // ≥ 5
    /// result.generalizationSteps  // ["dateOfBirth": 1, "sex": 0]: years became decades
    /// ```
    ///
    /// - Throws: ``AnonymizationError`` `INVALID_MODEL` for unusable parameters, or
    ///   `PRIVACY_MODEL_NOT_MET` (saying the k achieved, how many subjects would need suppression
    ///   and the budget) when no ladder step is left and the budget is still exceeded, or when
    ///   every subject would be suppressed.
    /// - Parameter hierarchies: quasi-identifier → the child → parent table its profile
    ///   generalizes it with; such a quasi-identifier climbs one more level per step.
    public func enforce(on records: [SubjectRecord], lDiversity: LDiversityModel? = nil, profile: String? = nil,
                        hierarchies: [String: [String: String]] = [:])
        throws(AnonymizationError) -> PrivacyModelResult
    {
        try validate(profile: profile)
        try lDiversity?.validate(profile: profile)
        let sorted = records.enumerated().sorted { ($0.element.guid, $0.offset) < ($1.element.guid, $1.offset) }.map(\.element)
        let count = sorted.count
        let l = lDiversity?.l ?? 1
        let sensitive = sorted.map { record in
            lDiversity.map { (record.values[$0.sensitiveAttribute] ?? .null).canonicalString } ?? ""
        }
        // Column-wise quasi-identifier values, then row-wise for the plans.
        var columns = quasiIdentifiers.map { name in sorted.map { $0.values[name] ?? .null } }
        let ladders = zip(quasiIdentifiers, columns).map { name, column in
            hierarchies[name].map(GeneralizationLadder.hierarchy) ?? GeneralizationLadder.detect(column)
        }
        var steps = [Int](repeating: 0, count: quasiIdentifiers.count)
        let budget = maxSuppression * Double(count)
        func rows(_ columns: [[JSONValue]]) -> [[JSONValue]] {
            (0..<count).map { record in columns.map { $0[record] } }
        }

        var plan = SuppressionPlan(rows: rows(columns), sensitive: sensitive, k: k, l: l)
        while Double(plan.suppressed.count) > budget || (count > 0 && plan.suppressed.count == count) {
            var best: (qi: Int, column: [JSONValue], plan: SuppressionPlan)?
            for (qi, ladder) in ladders.enumerated() {
                guard let ladder, let column = ladder.step(columns[qi], stepsTaken: steps[qi]) else { continue }
                var candidate = columns
                candidate[qi] = column
                let candidatePlan = SuppressionPlan(rows: rows(candidate), sensitive: sensitive, k: k, l: l)
                if best.map({ candidatePlan.suppressed.count < $0.plan.suppressed.count }) ?? true {
                    best = (qi, column, candidatePlan)
                }
            }
            guard let best else {
                throw notMet(plan: plan, count: count, lDiversity: lDiversity, profile: profile)
            }
            columns[best.qi] = best.column
            steps[best.qi] += 1
            plan = best.plan
        }
        return result(sorted: sorted, columns: columns, plan: plan, sensitive: sensitive,
                      steps: steps, lDiversity: lDiversity)
    }

    func validate(profile: String?) throws(AnonymizationError) {
        guard k >= 1 else {
            throw AnonymizationError(.invalidModel, profile: profile, message: "k-anonymity needs k of 1 or more.")
        }
        guard maxSuppression >= 0, maxSuppression <= 1 else {
            throw AnonymizationError(.invalidModel, profile: profile,
                                     message: "k-anonymity needs maxSuppression between 0 and 1 (a share of subjects).")
        }
        guard !quasiIdentifiers.isEmpty else {
            throw AnonymizationError(.invalidModel, profile: profile,
                                     message: "k-anonymity needs at least one quasi-identifier.")
        }
    }

    private func notMet(plan: SuppressionPlan, count: Int, lDiversity: LDiversityModel?, profile: String?)
        -> AnonymizationError
    {
        let target = lDiversity.map { "\(k)-anonymity and \($0.l)-diversity of '\($0.sensitiveAttribute)'" }
            ?? "\(k)-anonymity"
        let allowed = Int((maxSuppression * Double(count)).rounded(.down))
        let share = String(format: "%g", maxSuppression * 100)
        let detail = plan.suppressed.count == count
            ? "every one of the \(count) subjects would need suppression"
            : "\(plan.suppressed.count) of \(count) subjects would need suppression, more than the budget of "
                + "\(allowed) (maxSuppression \(share)%)"
        return AnonymizationError(
            .privacyModelNotMet, profile: profile,
            message: "The release cannot meet \(target). Even generalized as far as the ladders go, the smallest "
                + "group has \(plan.smallestClass) subject\(plan.smallestClass == 1 ? "" : "s") (achieved k = "
                + "\(plan.smallestClass)), and \(detail). Generalize the quasi-identifiers more in the profile, "
                + "use fewer quasi-identifiers, or raise maxSuppression.")
    }

    private func result(sorted: [SubjectRecord], columns: [[JSONValue]], plan: SuppressionPlan, sensitive: [String],
                        steps: [Int], lDiversity: LDiversityModel?) -> PrivacyModelResult {
        var released = sorted
        for (qi, name) in quasiIdentifiers.enumerated() where steps[qi] > 0 {
            for record in released.indices where released[record].values[name] != nil {
                released[record].values[name] = columns[qi][record]
            }
        }
        for record in plan.suppressed {
            for name in quasiIdentifiers {
                released[record].values[name] = .string(PrivacyModelResult.suppressionMarker)
            }
        }
        let households = plan.classes.map { members in
            Set(members.map { sorted[$0].householdGuid ?? "individual:" + sorted[$0].guid }).count
        }
        return PrivacyModelResult(
            achievedK: plan.classes.map(\.count).min() ?? 0,
            achievedHouseholdK: households.min() ?? 0,
            achievedL: lDiversity.map { _ in plan.classes.map { SensitiveTally($0.map { sensitive[$0] }).distinct }.min() ?? 0 },
            suppressedSubjects: plan.suppressed.count,
            suppressionRate: sorted.isEmpty ? 0 : Double(plan.suppressed.count) / Double(sorted.count),
            generalizationSteps: Dictionary(zip(quasiIdentifiers, steps), uniquingKeysWith: +),
            records: released)
    }
}

extension AnonymizationProfile {
    /// Enforces the profile's privacy models on records its operators produced; nil when the
    /// profile has none. l-diversity is measured over the k-anonymity quasi-identifiers.
    ///
    /// - Throws: ``AnonymizationError`` as ``KAnonymityModel/enforce(on:lDiversity:profile:)``,
    ///   and `INVALID_MODEL` for l-diversity without k-anonymity (no quasi-identifiers to group by).
    public func enforcePrivacyModels(on records: [SubjectRecord]) throws(AnonymizationError) -> PrivacyModelResult? {
        guard let kAnonymity else {
            guard lDiversity == nil else {
                throw AnonymizationError(.invalidModel, profile: name,
                                         message: "l-diversity needs k-anonymity in the same profile: its quasi-identifiers define the groups.")
            }
            return nil
        }
        var hierarchies: [String: [String: String]] = [:]
        for rule in fields {
            if case .generalizeHierarchy(let table, _) = rule.op { hierarchies[rule.field] = table }
        }
        return try kAnonymity.enforce(on: records, lDiversity: lDiversity, profile: name, hierarchies: hierarchies)
    }
}
