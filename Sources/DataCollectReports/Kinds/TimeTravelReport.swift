public import DataCollectCore
import DataCollectIntegrity

/// The `time-travel` report: the state as of a time T (as the store knew it at K, or now), and
/// what changed between T1 and T2 — entities created, changed (which fields) and deleted.
/// Names entities and fields, never values.
public struct TimeTravelReport: Sendable {
    public var asOf: EventTimestamp
    public var from: EventTimestamp
    public var to: EventTimestamp
    public var knownAt: EventTimestamp?
    /// The chart of fields shows the most changed this many.
    public var fieldsCharted = 15

    public init(asOf: EventTimestamp, from: EventTimestamp, to: EventTimestamp, knownAt: EventTimestamp? = nil) {
        self.asOf = asOf
        self.from = from
        self.to = to
        self.knownAt = knownAt
    }

    public func build(_ context: ReportContext) throws -> Report {
        let manager = context.manager
        let state = try manager.entities(asOf: asOf, knownAt: knownAt)
        let stateHash = try manager.stateHash(asOf: asOf, knownAt: knownAt)
        let diff = try manager.diff(from: from, to: to, knownAt: knownAt)
        let typeAtEnd = Dictionary(try manager.entities(asOf: to, knownAt: knownAt).map { ($0.guid, $0.type) }) { first, _ in first }
        let changes = DiffRow.rows(diff, typeOf: { typeAtEnd[$0] })
        let stateByType = Dictionary(grouping: state, by: \.type).mapValues(\.count)
        let fieldCounts = diff.changed.reduce(into: [String: Int]()) { counts, change in
            for field in change.fields { counts[field.field, default: 0] += 1 }
        }
        let known = knownAt.map { "as the store knew it at \($0.iso8601)" } ?? "as the store knows it now"
        let headline = "As of \(asOf.iso8601), \(known): \(ReportFormat.count(state.count)) entities. "
            + "From \(from.iso8601) to \(to.iso8601): \(ReportFormat.count(diff.created.count)) created, "
            + "\(ReportFormat.count(diff.changed.count)) changed, \(ReportFormat.count(diff.deleted.count)) deleted."
        return Report(
            kind: .timeTravel, title: "Time travel", generatedAt: context.now, inputs: try context.inputs(), status: .ok,
            headline: headline,
            summary: [
                "asOf": .string(asOf.iso8601), "knownAt": knownAt.map { .string($0.iso8601) } ?? .null,
                "from": .string(from.iso8601), "to": .string(to.iso8601),
                "stateHash": .string(stateHash.hash), "entities": ReportFormat.number(state.count),
                "entitiesByType": ReportFormat.counts(Dictionary(uniqueKeysWithValues: stateByType.map { ($0.key.rawValue, $0.value) })),
                "created": ReportFormat.number(diff.created.count), "changed": ReportFormat.number(diff.changed.count),
                "deleted": ReportFormat.number(diff.deleted.count), "fieldsChanged": ReportFormat.counts(fieldCounts),
            ],
            sections: [
                ReportSection(title: "State as of \(asOf.iso8601)", blocks: [
                    .paragraph("The state every entity had at that time, \(known): built from the events captured up to then, "
                        + "as a device that had received them would have computed it. The state hash lets anyone who replays the "
                        + "same events check they get the same state."),
                    .facts([ReportFact("Entities", ReportFormat.count(state.count))]
                        + EntityType.allCases.map { ReportFact(Self.label($0), ReportFormat.count(stateByType[$0] ?? 0)) }
                        + [ReportFact("State hash", stateHash.hash)]),
                ]),
                ReportSection(title: "What changed from \(from.iso8601) to \(to.iso8601)", blocks: [
                    .chart(ReportChart(
                        id: "changes-by-type", title: "Entities created, changed and deleted", style: .groupedBars,
                        categories: ["created", "changed", "deleted"],
                        series: EntityType.allCases.map { type in
                            .init(name: Self.label(type), values: ["created", "changed", "deleted"].map { kind in
                                Double(changes.filter { $0.change == kind && $0.type == type.rawValue }.count)
                            })
                        },
                        xAxisLabel: "Change", yAxisLabel: "Entities", unit: "entities")),
                    .chart(fieldChart(fieldCounts)),
                    .table(ReportTable(
                        name: "changes", title: "Entities that changed",
                        columns: [.init("guid", "Entity"), .init("type", "Type"), .init("change", "Change"), .init("fields", "Fields changed")],
                        rows: changes.map { [.string($0.guid), .string($0.type), .string($0.change), .string($0.fields.joined(separator: ", "))] },
                        emptyText: "Nothing changed in this period.")),
                ]),
            ])
    }

    private func fieldChart(_ counts: [String: Int]) -> ReportChart {
        let top = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(fieldsCharted)
        return ReportChart(
            id: "fields-changed", title: "Fields changed most often", style: .groupedBars, categories: top.map(\.key),
            series: [.init(name: "entities", values: top.map { Double($0.value) })],
            xAxisLabel: "Field", yAxisLabel: "Entities where it changed", unit: "entities")
    }

    static func label(_ type: EntityType) -> String { type == .group ? "households (groups)" : "individuals" }
}

/// One row of the changes table.
struct DiffRow: Sendable {
    var guid: String
    var type: String
    var change: String
    var fields: [String]

    static func rows(_ diff: StateDiff, typeOf: (String) -> EntityType?) -> [DiffRow] {
        let created = diff.created.map { DiffRow(guid: $0.guid, type: $0.type.rawValue, change: "created", fields: $0.data.keys.sorted()) }
        let changed = diff.changed.map { change in
            DiffRow(guid: change.guid, type: typeOf(change.guid)?.rawValue ?? "", change: "changed",
                    fields: change.fields.map(\.field).sorted())
        }
        let deleted = diff.deleted.map { DiffRow(guid: $0.guid, type: $0.type.rawValue, change: "deleted", fields: []) }
        return (created + changed + deleted).sorted { ($0.change, $0.guid) < ($1.change, $1.guid) }
    }
}
