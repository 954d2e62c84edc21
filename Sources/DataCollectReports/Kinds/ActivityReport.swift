import DataCollectCore
import DataCollectIntegrity

/// The `activity` report: events per day by type and by collector, the sync lag (how long after
/// capture an event reached this store: recordedAt − timestamp), and live entities by type over
/// time. Reads the events page by page, so memory stays bounded by the number of days,
/// collectors and events' lags (eight bytes each).
public struct ActivityReport: Sendable {
    /// Up to this many days the events chart has a bar per day; beyond, a bar per ISO week.
    public var maxDailyBars = 120
    /// The chart of collectors shows the busiest this many.
    public var collectorsCharted = 15

    public init() {}

    public func build(_ context: ReportContext) throws -> Report {
        let tally = try ActivityTally.read(context.manager.store)
        let types = tally.byType.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        let days = tally.perDay.keys.sorted()
        let lag = LagDistribution(tally.lagsMilliseconds)
        var headline = tally.events == 0 ? "The store holds no events."
            : "\(ReportFormat.count(tally.events - tally.futureDated)) events captured between \(days.first ?? "") and \(days.last ?? "") "
            + "by \(tally.byCollector.count) collectors; median sync lag \(ReportFormat.duration(milliseconds: lag.percentile(0.5)))."
        if tally.futureDated > 0 {
            headline += " \(ReportFormat.count(tally.futureDated)) more carry a capture time later than their arrival."
        }
        return Report(
            kind: .activity, title: "Activity", generatedAt: context.now, inputs: try context.inputs(),
            status: .ok, headline: headline,
            summary: [
                "events": ReportFormat.number(tally.events),
                "firstDay": days.first.map(JSONValue.string) ?? .null, "lastDay": days.last.map(JSONValue.string) ?? .null,
                "collectors": ReportFormat.number(tally.byCollector.count),
                "eventsByType": ReportFormat.counts(tally.byType),
                "futureDatedEvents": ReportFormat.number(tally.futureDated),
                "syncLagMilliseconds": lag.jsonValue,
                "liveEntitiesByType": ReportFormat.counts(tally.entitiesByType.mapValues(\.count)),
            ],
            sections: [
                ReportSection(title: "Events over time", blocks: eventBlocks(tally, types: types, days: days)),
                ReportSection(title: "Collectors", blocks: collectorBlocks(tally)),
                ReportSection(title: "Sync lag", blocks: lagBlocks(lag)),
                ReportSection(title: "Entities over time", blocks: entityBlocks(tally)),
            ])
    }

    private func eventBlocks(_ tally: ActivityTally, types: [String], days: [String]) -> [ReportBlock] {
        let allDays = days.first.map { ActivityTally.days(from: $0, to: days.last ?? $0) } ?? []
        let weekly = allDays.count > maxDailyBars
        var weekOfDay: [String: String] = [:]
        var weeks: [String] = []
        if weekly {
            for day in allDays {
                let week = ActivityTally.isoWeek(day)
                weekOfDay[day] = week
                if weeks.last != week { weeks.append(week) }
            }
        }
        let buckets = weekly ? weeks : allDays
        var perWeek: [String: [String: Int]] = [:]
        for (day, counts) in tally.perDay where weekly {
            for (type, count) in counts { perWeek[weekOfDay[day] ?? day, default: [:]][type, default: 0] += count }
        }
        func count(_ bucket: String, _ type: String) -> Int {
            (weekly ? perWeek[bucket] : tally.perDay[bucket])?[type] ?? 0
        }
        let chart = ReportChart(
            id: "events-per-day", title: weekly ? "Events per week, by type" : "Events per day, by type", style: .stackedBars,
            categories: buckets, series: types.map { type in .init(name: type, values: buckets.map { Double(count($0, type)) }) },
            xAxisLabel: weekly ? "ISO week of capture (UTC)" : "Day of capture (UTC)", yAxisLabel: "Events", unit: "events",
            caption: "By the time the event was captured on the device (its timestamp), not when it arrived.")
        let table = ReportTable(
            name: "events-per-day", title: "Events per day, by type",
            columns: [.init("day", "Day (UTC)")] + types.map { .init($0, $0, .integer) } + [.init("total", "Total", .integer)],
            rows: days.map { day in
                let counts = tally.perDay[day] ?? [:]
                return [.string(day)] + types.map { ReportFormat.number(counts[$0] ?? 0) }
                    + [ReportFormat.number(counts.values.reduce(0, +))]
            },
            htmlRowLimit: 31)
        var blocks: [ReportBlock] = [.chart(chart), .table(table)]
        if tally.futureDated > 0 {
            let types = tally.futureDatedByType.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            blocks.append(.paragraph("\(ReportFormat.count(tally.futureDated)) events carry a capture time more than five minutes "
                + "later than their arrival in this store. Policy runs read at a clock ahead of today (policy apply --now) write "
                + "such events; from a device, it means its clock was set wrong. They are counted by type and collector, but left "
                + "out of the days above and of the sync lag."))
            blocks.append(.table(ReportTable(
                name: "future-dated", title: "Events captured later than they arrived, by type",
                columns: [.init("type", "Event type"), .init("events", "Events", .integer)],
                rows: types.map { [.string($0.key), ReportFormat.number($0.value)] })))
        }
        return blocks
    }

    private func collectorBlocks(_ tally: ActivityTally) -> [ReportBlock] {
        let ordered = tally.byCollector.sorted { ($1.value.events, $0.key) < ($0.value.events, $1.key) }
        let charted = ordered.prefix(collectorsCharted)
        return [
            .chart(ReportChart(
                id: "events-by-collector", title: "Events by collector (the busiest \(charted.count))", style: .groupedBars,
                categories: charted.map(\.key), series: [.init(name: "events", values: charted.map { Double($0.value.events) })],
                xAxisLabel: "Collector (user id)", yAxisLabel: "Events", unit: "events")),
            .table(ReportTable(
                name: "collectors", title: "Events by collector",
                columns: [.init("collector", "Collector"), .init("events", "Events", .integer), .init("days", "Days active", .integer),
                          .init("first", "First capture", .timestamp), .init("last", "Last capture", .timestamp)],
                rows: ordered.map { collector, activity in
                    [.string(collector), ReportFormat.number(activity.events), ReportFormat.number(activity.days.count),
                     .string(activity.first.iso8601), .string(activity.last.iso8601)]
                })),
        ]
    }

    private func lagBlocks(_ lag: LagDistribution) -> [ReportBlock] {
        [
            .paragraph("Sync lag is the time between capture on a device (the event's timestamp) and its recording in this "
                + "store (recordedAt). Long lags are offline devices; events with a negative lag (a device clock ahead) "
                + "count in the first range."),
            .facts([
                ReportFact("Median", ReportFormat.duration(milliseconds: lag.percentile(0.5))),
                ReportFact("90th percentile", ReportFormat.duration(milliseconds: lag.percentile(0.9))),
                ReportFact("99th percentile", ReportFormat.duration(milliseconds: lag.percentile(0.99))),
                ReportFact("Longest", ReportFormat.duration(milliseconds: lag.percentile(1))),
            ]),
            .chart(ReportChart(
                id: "sync-lag", title: "Sync lag", style: .histogram, categories: LagDistribution.bucketLabels,
                series: [.init(name: "events", values: lag.bucketCounts.map(Double.init))],
                xAxisLabel: "Lag (recordedAt − timestamp)", yAxisLabel: "Events", unit: "events")),
            .table(ReportTable(
                name: "sync-lag", title: "Sync lag distribution",
                columns: [.init("range", "Lag"), .init("events", "Events", .integer)],
                rows: zip(LagDistribution.bucketLabels, lag.bucketCounts).map { [.string($0), ReportFormat.number($1)] })),
        ]
    }

    private func entityBlocks(_ tally: ActivityTally) -> [ReportBlock] {
        let months = Array(Set(tally.entitiesByType.values.flatMap { $0.map { String($0.iso8601.prefix(7)) } })).sorted()
        let types = EntityType.allCases.filter { tally.entitiesByType[$0.rawValue] != nil }
        func cumulative(_ type: EntityType) -> [Int] {
            let created = tally.entitiesByType[type.rawValue] ?? []
            let perMonth = Dictionary(grouping: created) { String($0.iso8601.prefix(7)) }.mapValues(\.count)
            var running = 0
            return months.map { running += perMonth[$0] ?? 0; return running }
        }
        let series = types.map { (type: $0, counts: cumulative($0)) }
        return [
            .chart(ReportChart(
                id: "entities-over-time", title: "Live entities by type, by the month they were created (cumulative)",
                style: .stackedBars, categories: months,
                series: series.map { .init(name: $0.type == .group ? "households (groups)" : "individuals", values: $0.counts.map(Double.init)) },
                xAxisLabel: "Month of creation (UTC)", yAxisLabel: "Live entities", unit: "entities",
                caption: "Entities deleted since are not counted.")),
            .table(ReportTable(
                name: "entities-over-time", title: "Live entities by type and month of creation (cumulative)",
                columns: [.init("month", "Month")] + series.map { .init($0.type.rawValue, $0.type.rawValue, .integer) },
                rows: months.indices.map { index in [.string(months[index])] + series.map { ReportFormat.number($0.counts[index]) } })),
        ]
    }
}
