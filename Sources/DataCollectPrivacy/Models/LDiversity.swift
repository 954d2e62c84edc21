/// Distinct l-diversity: within every equivalence class, at least `l` distinct values of the
/// sensitive attribute (compared by canonical JSON; a missing value counts as `null`), so that
/// knowing someone's class does not reveal their sensitive value. Classes that violate it are
/// suppressed like classes smaller than k, within the same budget.
extension LDiversityModel {
    func validate(profile: String?) throws(AnonymizationError) {
        guard l >= 1 else {
            throw AnonymizationError(.invalidModel, profile: profile, field: sensitiveAttribute,
                                     message: "l-diversity needs l of 1 or more.")
        }
        guard !sensitiveAttribute.isEmpty else {
            throw AnonymizationError(.invalidModel, profile: profile,
                                     message: "l-diversity needs a sensitive attribute.")
        }
    }
}

/// How often each sensitive value occurs in a set of records: a multiset of canonical JSON texts.
struct SensitiveTally {
    private(set) var counts: [String: Int] = [:]

    var distinct: Int { counts.count }

    init<Values: Sequence>(_ values: Values) where Values.Element == String {
        for value in values { add(value) }
    }

    mutating func add(_ value: String) { counts[value, default: 0] += 1 }

    func contains(_ value: String) -> Bool { counts[value] != nil }

    /// The number of distinct values left after removing one occurrence of `value`.
    func distinct(without value: String) -> Int { counts[value] == 1 ? distinct - 1 : distinct }
}
