import DataCollectCore
import DataCollectIntegrity
import DataCollectReports

/// A report built in code for the renderer tests: every block type, every chart style, an
/// empty chart and an empty table, a table longer than its HTML limit, and hostile strings
/// wherever the model takes text.
enum SampleReports {
    static let script = "<script>alert(1)</script>"
    static let formula = "=cmd|' /C calc'!A0"
    static let quotes = "O'Brien said \"hi\" & left"
    /// Text with control characters that must not reach the HTML (kept: tab and line feed).
    static let controls = "bell\u{07} nul\u{00} cr\r esc\u{1B} del\u{7F} c1\u{85} tab\tnewline\n."

    static let generatedAt = EventTimestamp(epochMilliseconds: 1_709_280_900_000)  // 2024-03-01T08:15:00Z
    static let days = 120

    static func report(kind: ReportKind = .activity) -> Report {
        Report(
            kind: kind, title: "Sample report \(script)", generatedAt: generatedAt, inputs: inputs, status: .attention,
            headline: "3 collectors sent 1,234 events; 2 rules need attention. \(quotes)",
            summary: ["events": 1_234, "note": .string(script)],
            sections: [overview, activity, rules, lag, empty])
    }

    static let inputs = ReportInputs(
        database: "registry \(script).sqlite", toolVersion: "0.1.0",
        logs: [
            .init(log: .events, size: 1_234, rootHash: String(repeating: "ab", count: 32)),
            .init(log: .audit, size: 17, rootHash: String(repeating: "0f", count: 32)),
        ],
        checkpoints: [.init(log: .events, size: 1_200, rootHash: String(repeating: "cd", count: 32),
                            createdAt: EventTimestamp(epochMilliseconds: 1_709_200_000_000))],
        policy: .init(path: "Policies/\(quotes).yaml", sha256: String(repeating: "e3", count: 32), name: "household-retention",
                      version: "2"),
        parameters: [.init("--policy", "Policies/x.yaml"), .init("--note", script)])

    static var overview: ReportSection {
        ReportSection(title: "Overview \(script)", blocks: [
            .paragraph("This paragraph holds \(script), \(quotes) and \(controls)"),
            .facts([ReportFact("Events", "1,234"), ReportFact("Collectors", "3"), ReportFact(script, quotes)]),
        ])
    }

    /// The stacked chart over 120 days, and its table (longer than the HTML shows).
    static var activity: ReportSection {
        let categories = (0..<days).map { day in "day-\(day + 1)" }
        let types = ["individual-upsert", "group-upsert", "resolve-duplicate"]
        let series = types.enumerated().map { index, type in
            ReportChart.Series(name: type, values: (0..<days).map { Double(($0 * (index + 3)) % 17 + index) })
        }
        let rows: [[JSONValue]] = categories.enumerated().map { day, category in
            let total = series.reduce(0) { $0 + $1.values[day] }
            return [.string(category), .number(JSONNumber(Int(total)))]
        }
        return ReportSection(title: "Activity", blocks: [
            .chart(ReportChart(id: "events-per-day", title: "Events per day, by type", style: .stackedBars, categories: categories,
                               series: series, xAxisLabel: "Day of capture (UTC)", yAxisLabel: "Captured", unit: "events",
                               caption: "By the time the event was captured on the device.")),
            .table(ReportTable(name: "events-per-day", title: "Events per day",
                               columns: [.init("day", "Day"), .init("events", "Events", .integer)], rows: rows)),
        ])
    }

    /// Grouped bars with hostile categories, and a table with every kind of cell.
    static var rules: ReportSection {
        ReportSection(title: "Rules", blocks: [
            .chart(ReportChart(id: "before-after", title: "Subjects before and after \(quotes)", style: .groupedBars,
                               categories: ["old-households", script, quotes, "no-subjects"],
                               series: [.init(name: "before", values: [120, 45, 7, 0]), .init(name: "after \(script)", values: [12, 45, 3, -5])],
                               xAxisLabel: "Rule", yAxisLabel: "Subjects", unit: "subjects", caption: "Lower is better.")),
            .table(ReportTable(
                name: "rules", title: "Rules \(script)",
                columns: [.init("rule", "Rule"), .init("matched", "Matched", .integer), .init("rate", "Rate", .number),
                          .init("checkedAt", "Checked at", .timestamp), .init("note", "Note")],
                rows: [
                    ["old-households", 1_234_567, 0.25, "2024-03-01T08:15:00.000Z", .string(formula)],
                    [.string(script), -3, .number(JSONNumber(1234.5) ?? JSONNumber(0)), .null, .string(quotes)],
                    ["+plus", 0, 1e-7, "not a time", "line one\nline two, with comma"],
                    ["@at", .null, .null, .null, "-minus"],
                ])),
        ])
    }

    /// A histogram with huge values (compact labels).
    static var lag: ReportSection {
        ReportSection(title: "Sync lag", blocks: [
            .chart(ReportChart(id: "sync-lag", title: "Sync lag", style: .histogram,
                               categories: ["< 1 min", "1–10 min", "10–60 min", "1–6 h", "6–24 h", "> 1 day"],
                               series: [.init(name: "events", values: [3_400_000, 1_200_000, 450_000, 12_000, 900, 4])],
                               xAxisLabel: "Lag (recordedAt − timestamp)", yAxisLabel: "Events", unit: "events")),
        ])
    }

    /// A chart without categories, one with only zeros, and a table without rows.
    static var empty: ReportSection {
        ReportSection(title: "Nothing to show", blocks: [
            .chart(ReportChart(id: "no-categories", title: "Exports per month", style: .stackedBars, categories: [],
                               series: [.init(name: "exports", values: [])], xAxisLabel: "Month", yAxisLabel: "Exports",
                               unit: "exports")),
            .chart(ReportChart(id: "all-zero", title: "Rejected records", style: .groupedBars, categories: ["a", "b"],
                               series: [.init(name: "records", values: [0, 0])], xAxisLabel: "Reason", yAxisLabel: "Records",
                               unit: "records")),
            .table(ReportTable(name: "holds", title: "Legal holds", columns: [.init("hold", "Hold"), .init("subjects", "Subjects", .integer)],
                               rows: [], emptyText: "No legal hold applies.")),
        ])
    }

    /// The charts of ``report(kind:)`` by id.
    static func chart(_ id: String) -> ReportChart? {
        report().charts.first { $0.id == id }
    }
}
