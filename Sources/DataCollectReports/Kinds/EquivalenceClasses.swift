import DataCollectIntegrity
import DataCollectPrivacy

/// The equivalence classes of a set of individuals over quasi-identifiers (records alike in
/// every quasi-identifier, a missing value counting as null): the figures a risk report shows.
struct EquivalenceClasses {
    static let sizeBucketLabels = ["1", "2", "3–4", "5–9", "10–19", "20+"]
    private static let sizeBucketFloors = [1, 2, 3, 5, 10, 20]

    /// Class sizes, one per class.
    let sizes: [Int]
    let householdCounts: [Int]
    let diversities: [Int]
    /// Individuals whose class size falls in each bucket of ``sizeBucketLabels``.
    let individualsBySizeBucket: [Int]

    init(_ records: [SubjectRecord], quasiIdentifiers: [String], sensitive: String?) {
        let classes = Dictionary(grouping: records) { record in
            JSONValue.array(quasiIdentifiers.map { record.values[$0] ?? .null }).canonicalString
        }.values
        sizes = classes.map(\.count)
        householdCounts = classes.map { members in Set(members.map { $0.householdGuid ?? $0.guid }).count }
        diversities = sensitive.map { attribute in
            classes.map { members in Set(members.map { ($0.values[attribute] ?? .null).canonicalString }).count }
        } ?? []
        var buckets = [Int](repeating: 0, count: Self.sizeBucketLabels.count)
        for size in sizes {
            let bucket = Self.sizeBucketFloors.lastIndex { size >= $0 } ?? 0
            buckets[bucket] += size
        }
        individualsBySizeBucket = buckets
    }

    var smallestClass: Int { sizes.min() ?? 0 }
    var smallestHouseholdClass: Int { householdCounts.min() ?? 0 }
    var smallestDiversity: Int { diversities.min() ?? 0 }

    func individuals(inClassesSmallerThan k: Int) -> Int { sizes.filter { $0 < k }.reduce(0, +) }

    var jsonValue: JSONValue {
        [
            "classes": ReportFormat.number(sizes.count), "k": ReportFormat.number(smallestClass),
            "householdK": ReportFormat.number(smallestHouseholdClass),
            "l": diversities.isEmpty ? .null : ReportFormat.number(smallestDiversity),
            "individualsByClassSize": .object(Dictionary(uniqueKeysWithValues: zip(Self.sizeBucketLabels, individualsBySizeBucket.map(ReportFormat.number)))),
        ]
    }
}

/// How an operator reads in a report: its name and parameters, never a key.
enum OperatorLabel {
    static func text(_ op: AnonymizationOperator) -> String {
        switch op {
        case .redact: "redact"
        case .replace: "replace (fixed value)"
        case .mask(let first, let last, let character): "mask (keep first \(first), last \(last), with \(character))"
        case .pseudonymize(let key, _, let length): "pseudonymize (HMAC-SHA-256 with key \(key), \(length) characters)"
        case .hash: "hash (SHA-256)"
        case .generalizeDate(let granularity): "generalize date to \(granularity.rawValue)"
        case .generalizeNumber(let width): "generalize number to width \(width)"
        case .bucket(let buckets): "generalize number to \(buckets.count) buckets"
        case .generalizeHierarchy(_, let levels): "generalize by hierarchy (\(levels) level\(levels == 1 ? "" : "s"))"
        case .dateShift(let days, _): "shift dates by up to ±\(days) days per household"
        case .round(let step): "round to \(step)"
        case .drop: "drop"
        case .keep: "keep"
        }
    }
}
