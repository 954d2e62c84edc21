import DataCollectCore
import DataCollectIntegrity

/// The `export` report: what left the store — every export the audit trail records, with who
/// made it, for whom, its scope (the whole store, one subject, an anonymized release) and the
/// checkpoint the package answers to.
public struct ExportReport: Sendable {
    public init() {}

    public func build(_ context: ReportContext) throws -> Report {
        let exports = try context.auditEntries(actions: ["export"]).map(ExportRecord.init)
        let byKind = Dictionary(grouping: exports, by: \.kind).mapValues(\.count)
        let headline = exports.isEmpty ? "Nothing has been exported from this database."
            : "\(exports.count) export(s): " + ExportRecord.Kind.allCases.compactMap { kind in
                byKind[kind].map { "\($0) \(kind.label)" }
            }.joined(separator: ", ") + "."
        let months = Array(Set(exports.map(\.month))).sorted()
        var blocks: [ReportBlock] = [.paragraph(
            "Every export is recorded in the audit trail before its package is written, so the package itself holds the "
            + "record of its own making. Archive exports carry every event with its seals; subject exports carry one person's "
            + "or household's data with inclusion proofs; releases carry anonymized tables only.")]
        if !exports.isEmpty {
            blocks.append(.chart(ReportChart(
                id: "exports-by-month", title: "Exports per month, by kind", style: .stackedBars, categories: months,
                series: ExportRecord.Kind.allCases.map { kind in
                    .init(name: kind.label, values: months.map { month in Double(exports.filter { $0.month == month && $0.kind == kind }.count) })
                },
                xAxisLabel: "Month (UTC)", yAxisLabel: "Exports", unit: "exports")))
        }
        blocks.append(.table(exportTable(exports)))
        let unanchored = exports.filter { $0.checkpointSize == nil }.count
        return Report(
            kind: .export, title: "What left the store", generatedAt: context.now, inputs: try context.inputs(),
            status: unanchored > 0 ? .attention : .ok, headline: headline,
            summary: [
                "exports": ReportFormat.number(exports.count),
                "byKind": ReportFormat.counts(Dictionary(uniqueKeysWithValues: byKind.map { ($0.key.rawValue, $0.value) })),
                "withoutCheckpoint": ReportFormat.number(unanchored),
            ],
            sections: [
                ReportSection(title: "Exports", blocks: blocks),
                ReportSection(title: "Checkpoints", blocks: [.paragraph(unanchored == 0
                    ? "Every export names the signed checkpoint of the events log it was made against: its inclusion proofs "
                        + "and restored roots can be checked against that checkpoint."
                    : "\(unanchored) export(s) were made when no signed checkpoint of the events log existed, or before "
                        + "exports recorded one: run datacollect checkpoint before exporting, so that the recipient can verify.")]),
            ])
    }

    private func exportTable(_ exports: [ExportRecord]) -> ReportTable {
        ReportTable(
            name: "exports", title: "Exports",
            columns: [.init("at", "Made at", .timestamp), .init("by", "Made by"), .init("kind", "Kind"), .init("scope", "Scope"),
                      .init("recipient", "For"), .init("output", "Package"), .init("entities", "Entities", .integer),
                      .init("logSize", "Events in the log", .integer), .init("checkpointSize", "Checkpoint size", .integer),
                      .init("checkpointRoot", "Checkpoint root"), .init("checkpointAt", "Checkpoint signed at", .timestamp)],
            rows: exports.map { export in
                [.string(export.at.iso8601), .string(export.actor), .string(export.kind.label), .string(export.scope),
                 export.recipient.map(JSONValue.string) ?? .null, export.output.map(JSONValue.string) ?? .null,
                 export.entities.map(ReportFormat.number) ?? .null, export.logSize.map(ReportFormat.number) ?? .null,
                 export.checkpointSize.map(ReportFormat.number) ?? .null, export.checkpointRoot.map(JSONValue.string) ?? .null,
                 export.checkpointAt.map(JSONValue.string) ?? .null]
            },
            emptyText: "Nothing has been exported.")
    }
}

/// One export, read back from its audit entry.
struct ExportRecord: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case archive, subject, release

        var label: String {
            switch self {
            case .archive: "archive export"
            case .subject: "subject export"
            case .release: "anonymized release"
            }
        }
    }

    var at: EventTimestamp
    var actor: String
    var kind: Kind
    var scope: String
    var recipient: String?
    var output: String?
    var entities: Int?
    var logSize: Int?
    var checkpointSize: Int?
    var checkpointRoot: String?
    var checkpointAt: String?

    var month: String { String(at.iso8601.prefix(7)) }

    init(_ stored: StoredAuditEntry) {
        let entry = stored.entry
        let details = AuditDetails(entry)
        at = entry.timestamp
        actor = entry.userId
        if entry.entityGuid == "*" || details.string("profile") == "archive" {
            kind = .archive
            scope = "the whole store"
        } else if details.string("profile") == "subject" {
            kind = .subject
            scope = "subject \(entry.entityGuid)"
        } else {
            kind = .release
            scope = "profile \(details.string("profile") ?? "?") of policy \(details.string("policy") ?? "?")"
        }
        recipient = details.string("recipient")
        output = details.string("output")
        entities = details.object["entities"] == nil ? nil : details.int("entities")
        logSize = details.object["eventsLogSize"] == nil ? nil : details.int("eventsLogSize")
        let checkpoint = details.nested("checkpoint")
        checkpointSize = checkpoint.object.isEmpty ? nil : checkpoint.int("size")
        checkpointRoot = checkpoint.string("rootHash")
        checkpointAt = checkpoint.string("createdAt")
    }
}
