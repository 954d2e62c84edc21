import DataCollectIntegrity

/// One partition of the records into equivalence classes (same quasi-identifier values, by
/// canonical JSON) and the records that must be suppressed for k-anonymity and l-diversity.
///
/// Suppressed records all read `"*"` in every quasi-identifier, so together they form one more
/// class that anyone can see. That class is held to the same standard: if it would have fewer
/// than k records (or fewer than l sensitive values), records are moved into it from the largest
/// classes that stay k-anonymous and l-diverse without them, else whole smallest classes.
struct SuppressionPlan {
    /// Visible classes: record indices, ascending; classes in order of their first record.
    private(set) var classes: [[Int]] = []
    /// Suppressed record indices, ascending.
    private(set) var suppressed: [Int] = []
    /// The smallest class before any suppression (0 when there are no records).
    private(set) var smallestClass = 0

    /// - Parameters:
    ///   - rows: per record, its quasi-identifier values.
    ///   - sensitive: per record, the canonical JSON of its sensitive value (all equal without l-diversity).
    init(rows: [[JSONValue]], sensitive: [String], k: Int, l: Int) {
        var indexOfKey: [String: Int] = [:]
        var all: [[Int]] = []
        for (record, row) in rows.enumerated() {
            let key = row.map(\.canonicalString).joined(separator: "\u{1F}")
            if let index = indexOfKey[key] {
                all[index].append(record)
            } else {
                indexOfKey[key] = all.count
                all.append([record])
            }
        }
        smallestClass = all.map(\.count).min() ?? 0
        var suppressedSet: [Int] = []
        for members in all {
            if members.count < k || SensitiveTally(members.map { sensitive[$0] }).distinct < l {
                suppressedSet.append(contentsOf: members)
            } else {
                classes.append(members)
            }
        }
        if !suppressedSet.isEmpty {
            topUp(&suppressedSet, sensitive: sensitive, k: k, l: l)
        }
        suppressed = suppressedSet.sorted()
    }

    /// Grows the suppressed group until it has at least k records and l sensitive values, or no
    /// visible class is left.
    private mutating func topUp(_ group: inout [Int], sensitive: [String], k: Int, l: Int) {
        var tally = SensitiveTally(group.map { sensitive[$0] })
        while group.count < k || tally.distinct < l, !classes.isEmpty {
            let needsValue = tally.distinct < l
            if let (classIndex, position) = movableRecord(sensitive: sensitive, k: k, l: l,
                                                          newValueFor: needsValue ? tally : nil) {
                let record = classes[classIndex].remove(at: position)
                group.append(record)
                tally.add(sensitive[record])
                continue
            }
            // No single record can leave its class: take the smallest whole class, preferring one
            // that brings a sensitive value the group lacks.
            let candidates = classes.indices.filter { index in
                !needsValue || classes[index].contains { !tally.contains(sensitive[$0]) }
            }
            let pool = candidates.isEmpty ? Array(classes.indices) : candidates
            let chosen = pool.min { classes[$0].count < classes[$1].count }!
            for record in classes[chosen] {
                group.append(record)
                tally.add(sensitive[record])
            }
            classes.remove(at: chosen)
        }
    }

    /// A record whose class stays k-anonymous and l-diverse without it, from the largest class
    /// (ties: the earlier class), the record with the latest guid first. With `newValueFor`, only
    /// a record whose sensitive value that tally lacks.
    private func movableRecord(sensitive: [String], k: Int, l: Int, newValueFor tally: SensitiveTally?)
        -> (classIndex: Int, position: Int)?
    {
        let order = classes.indices.sorted { classes[$0].count > classes[$1].count || (classes[$0].count == classes[$1].count && $0 < $1) }
        for classIndex in order where classes[classIndex].count > k {
            let members = classes[classIndex]
            let classTally = SensitiveTally(members.map { sensitive[$0] })
            for position in members.indices.reversed() {
                let value = sensitive[members[position]]
                guard classTally.distinct(without: value) >= l else { continue }
                if let tally, tally.contains(value) { continue }
                return (classIndex, position)
            }
        }
        return nil
    }
}
