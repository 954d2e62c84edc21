import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The counts behind the activity report, read from the store in pages of events.
struct ActivityTally {
    struct Collector {
        var events = 0
        var days: Set<String> = []
        var first: EventTimestamp
        var last: EventTimestamp
    }

    /// How far a capture time may be after the arrival before the event counts as future-dated
    /// (device clocks drift by seconds or minutes).
    static let clockTolerance: Int64 = 5 * 60 * 1_000

    var events = 0
    /// Events whose capture time is later than their arrival in this store (by more than the
    /// tolerance): policy runs read at a clock ahead of today, or a device clock set wrong.
    /// They are counted by type and collector, but not by day or in the sync lag.
    var futureDatedByType: [String: Int] = [:]
    var futureDated: Int { futureDatedByType.values.reduce(0, +) }
    /// Day (UTC) → event type → events (events captured no later than they arrived).
    var perDay: [String: [String: Int]] = [:]
    var byType: [String: Int] = [:]
    var byCollector: [String: Collector] = [:]
    var lagsMilliseconds: [Int64] = []
    /// Entity type → when each live entity was created.
    var entitiesByType: [String: [EventTimestamp]] = [:]

    static func read(_ store: any DataStore, pageSize: Int = 5_000) throws -> ActivityTally {
        var tally = ActivityTally()
        var after: Int64 = 0
        while true {
            let page = try store.read { try $0.events(afterSeq: after, limit: pageSize) }
            guard let last = page.last else { break }
            for stored in page { tally.add(stored) }
            after = last.seq
        }
        try store.read { transaction in
            try transaction.forEachRecord { record in
                tally.entitiesByType[record.entity.type.rawValue, default: []].append(record.createdBy.timestamp)
            }
        }
        return tally
    }

    private mutating func add(_ stored: StoredEvent) {
        let event = stored.event
        let day = ReportFormat.day(event.timestamp)
        events += 1
        byType[event.type, default: 0] += 1
        let lag = stored.recordedAt.epochMilliseconds - event.timestamp.epochMilliseconds
        if lag < -Self.clockTolerance {
            futureDatedByType[event.type, default: 0] += 1
        } else {
            perDay[day, default: [:]][event.type, default: 0] += 1
            lagsMilliseconds.append(lag)
        }
        var collector = byCollector[event.userId] ?? Collector(first: event.timestamp, last: event.timestamp)
        collector.events += 1
        collector.days.insert(day)
        if event.timestamp.epochMilliseconds < collector.first.epochMilliseconds { collector.first = event.timestamp }
        if event.timestamp.epochMilliseconds > collector.last.epochMilliseconds { collector.last = event.timestamp }
        byCollector[event.userId] = collector
    }

    /// Every day (UTC, `YYYY-MM-DD`) from `first` to `last`, both included, so that a chart's
    /// time axis has no silent gaps.
    static func days(from first: String, to last: String) -> [String] {
        guard let start = EventTimestamp(parsing: "\(first)T00:00:00Z"), let end = EventTimestamp(parsing: "\(last)T00:00:00Z")
        else { return [first, last] }
        let day: Int64 = 86_400_000
        return stride(from: start.epochMilliseconds, through: end.epochMilliseconds, by: Int(day)).map {
            ReportFormat.day(EventTimestamp(epochMilliseconds: $0))
        }
    }

    /// "2026-11-03" → "2026-W45" (ISO 8601 week-numbering year and week).
    static func isoWeek(_ day: String) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return day }
        let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = components.weekOfYear ?? 0
        return "\(components.yearForWeekOfYear ?? parts[0])-W\(week < 10 ? "0" : "")\(week)"
    }
}

/// The distribution of sync lags: percentiles and counts in fixed, readable ranges.
struct LagDistribution {
    /// Upper bounds (exclusive) of the ranges, in milliseconds; the last range is open.
    static let bucketBounds: [Int64] = [60_000, 600_000, 3_600_000, 21_600_000, 86_400_000, 604_800_000, 2_592_000_000]
    static let bucketLabels = ["< 1 min", "1–10 min", "10 min–1 h", "1–6 h", "6–24 h", "1–7 days", "7–30 days", "≥ 30 days"]

    let sorted: [Int64]
    let bucketCounts: [Int]

    init(_ lags: [Int64]) {
        sorted = lags.sorted()
        var counts = [Int](repeating: 0, count: Self.bucketLabels.count)
        for lag in sorted {
            counts[Self.bucketBounds.firstIndex { lag < $0 } ?? Self.bucketBounds.count] += 1
        }
        bucketCounts = counts
    }

    /// The nearest-rank percentile (0 when there are no events).
    func percentile(_ fraction: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    var jsonValue: JSONValue {
        [
            "median": .number(JSONNumber(Int(percentile(0.5)))), "p90": .number(JSONNumber(Int(percentile(0.9)))),
            "p99": .number(JSONNumber(Int(percentile(0.99)))), "max": .number(JSONNumber(Int(percentile(1)))),
            "buckets": .array(zip(Self.bucketLabels, bucketCounts).map { ["range": .string($0), "events": .number(JSONNumber($1))] }),
        ]
    }
}
