import DataCollectCore
import DataCollectIntegrity

/// The `import` report: every import run the audit trail records (newest last) — its archives,
/// the counts by outcome, the rejections by reason, and the first rejected records with their
/// locations (archive, member, line or index; never the record's content, which stays in the
/// quarantine file).
public struct ImportReport: Sendable {
    /// The audit action import runs are recorded under.
    public var auditAction: String

    public init(auditAction: String = "import") {
        self.auditAction = auditAction
    }

    public func build(_ context: ReportContext) throws -> Report {
        let runs = try context.auditEntries(actions: [auditAction]).map(ImportRun.init)
        let totals = runs.reduce(into: ImportRun.Totals()) { $0.add($1) }
        let reasons = runs.reduce(into: [String: Int]()) { all, run in all.merge(run.rejectedByReason, uniquingKeysWith: +) }
        let headline = runs.isEmpty ? "No import has been recorded in this database."
            : "\(runs.count) import run(s): \(ReportFormat.count(totals.read)) records read, \(ReportFormat.count(totals.appended)) appended, "
            + "\(ReportFormat.count(totals.alreadyPresent)) already present, \(ReportFormat.count(totals.conflicts)) conflicting, "
            + "\(ReportFormat.count(totals.rejected)) rejected."
        var sections = [ReportSection(title: "Outcomes", blocks: [
            .paragraph("Every record read is accounted for: appended, already present (the same event imported before), "
                + "conflicting (the same guid with different content: never overwritten) or rejected into the quarantine file."),
            .chart(outcomeChart(runs)),
            .table(runTable(runs)),
        ])]
        var rejectionBlocks: [ReportBlock] = [.paragraph(
            "A rejected record never stops an import and is never dropped silently: it is written, with its location and "
            + "reason, to the run's quarantine file, which holds its original text. This report shows where, never what.")]
        if !reasons.isEmpty {
            let ordered = reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            rejectionBlocks.append(.chart(ReportChart(
                id: "rejections-by-reason", title: "Rejected records by reason", style: .groupedBars,
                categories: ordered.map(\.key), series: [.init(name: "records", values: ordered.map { Double($0.value) })],
                xAxisLabel: "Reason code", yAxisLabel: "Rejected records", unit: "records",
                caption: "Reason codes are explained in docs/CLI.md.")))
        }
        rejectionBlocks.append(.table(problemTable(runs)))
        sections.append(ReportSection(title: "Rejected records", blocks: rejectionBlocks))
        sections.append(ReportSection(title: "Archives read", blocks: [.table(archiveTable(runs))]))
        return Report(
            kind: .import, title: "Imports", generatedAt: context.now, inputs: try context.inputs(),
            status: totals.rejected > 0 || totals.conflicts > 0 ? .attention : .ok, headline: headline,
            summary: [
                "runs": ReportFormat.number(runs.count), "read": ReportFormat.number(totals.read),
                "appended": ReportFormat.number(totals.appended), "alreadyPresent": ReportFormat.number(totals.alreadyPresent),
                "conflicts": ReportFormat.number(totals.conflicts), "rejected": ReportFormat.number(totals.rejected),
                "rejectedByReason": ReportFormat.counts(reasons),
            ],
            sections: sections)
    }

    private func outcomeChart(_ runs: [ImportRun]) -> ReportChart {
        ReportChart(
            id: "outcomes-by-run", title: "Records by outcome, per import run", style: .stackedBars,
            categories: runs.map(\.label),
            series: [
                .init(name: "appended", values: runs.map { Double($0.appended) }),
                .init(name: "already present", values: runs.map { Double($0.alreadyPresent) }),
                .init(name: "conflicting", values: runs.map { Double($0.conflicts) }),
                .init(name: "rejected", values: runs.map { Double($0.rejected) }),
            ],
            xAxisLabel: "Import run", yAxisLabel: "Records", unit: "records",
            caption: "A re-import of the same archive shows as already present: imports are idempotent.")
    }

    private func runTable(_ runs: [ImportRun]) -> ReportTable {
        ReportTable(
            name: "import-runs", title: "Import runs",
            columns: [.init("run", "Run"), .init("at", "Recorded at", .timestamp), .init("by", "By"),
                      .init("archives", "Archives"), .init("read", "Read", .integer), .init("appended", "Appended", .integer),
                      .init("alreadyPresent", "Already present", .integer), .init("conflicts", "Conflicting", .integer),
                      .init("rejected", "Rejected", .integer), .init("refolded", "Entities re-folded", .integer),
                      .init("quarantine", "Quarantine file")],
            rows: runs.map { run in
                [.string(run.label), .string(run.at.iso8601), .string(run.actor), .string(run.archives.map(\.name).joined(separator: ", ")),
                 ReportFormat.number(run.read), ReportFormat.number(run.appended), ReportFormat.number(run.alreadyPresent),
                 ReportFormat.number(run.conflicts), ReportFormat.number(run.rejected), ReportFormat.number(run.refolded),
                 run.quarantine.map(JSONValue.string) ?? .null]
            },
            emptyText: "No import has been recorded.")
    }

    private func problemTable(_ runs: [ImportRun]) -> ReportTable {
        ReportTable(
            name: "rejected-examples", title: "Rejected records (the first of each run), with their locations",
            columns: [.init("run", "Run"), .init("archive", "Archive"), .init("member", "Member"), .init("line", "Line", .integer),
                      .init("index", "Index", .integer), .init("code", "Reason"), .init("field", "Field"), .init("message", "Message")],
            rows: runs.flatMap { run in
                run.problems.map { problem in
                    let source = problem.nested("source")
                    return [.string(run.label), .string(source.string("archive").map(Self.fileName) ?? ""),
                            source.string("member").map(JSONValue.string) ?? .null,
                            source.object["line"] ?? .null, source.object["index"] ?? .null,
                            .string(problem.string("code") ?? ""), problem.string("field").map(JSONValue.string) ?? .null,
                            .string(problem.string("message") ?? "")]
                }
            },
            emptyText: "No record was rejected.")
    }

    private func archiveTable(_ runs: [ImportRun]) -> ReportTable {
        ReportTable(
            name: "archives", title: "Archives read",
            columns: [.init("run", "Run"), .init("name", "Archive"), .init("bytes", "Size (bytes)", .integer)],
            rows: runs.flatMap { run in run.archives.map { [.string(run.label), .string($0.name), ReportFormat.number($0.bytes)] } })
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// One import run, read back from its audit entry.
struct ImportRun: Sendable {
    struct Archive: Sendable {
        var name: String
        var bytes: Int
    }

    struct Totals {
        var read = 0, appended = 0, alreadyPresent = 0, conflicts = 0, rejected = 0

        mutating func add(_ run: ImportRun) {
            read += run.read
            appended += run.appended
            alreadyPresent += run.alreadyPresent
            conflicts += run.conflicts
            rejected += run.rejected
        }
    }

    var label: String
    var at: EventTimestamp
    var actor: String
    var archives: [Archive]
    var read, appended, alreadyPresent, conflicts, rejected, refolded: Int
    var rejectedByReason: [String: Int]
    var quarantine: String?
    var problems: [AuditDetails]

    init(_ stored: StoredAuditEntry) {
        let details = AuditDetails(stored.entry)
        label = "#\(stored.seq)"
        at = stored.entry.timestamp
        actor = stored.entry.userId
        archives = details.array("archives").map { value in
            let archive = AuditDetails(value)
            return Archive(name: archive.string("name") ?? "", bytes: archive.int("bytes"))
        }
        read = details.int("read")
        appended = details.int("appended")
        alreadyPresent = details.int("alreadyPresent")
        conflicts = details.int("conflicts")
        rejected = details.int("rejected")
        refolded = details.int("refoldedEntities")
        rejectedByReason = details.counts("rejectedByReason")
        quarantine = details.string("quarantine")
        problems = details.array("problems").map(AuditDetails.init)
    }
}
