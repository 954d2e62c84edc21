public import DataCollectCore
import DataCollectIntegrity

/// The `verification` report: every log recomputed (commitments, leaves, chain, Merkle root)
/// against its signed checkpoints, redactions by policy run, and the first failure pinpointed.
public struct VerificationReport: Sendable {
    public var verifier: IntegrityVerifier

    public init(verifier: IntegrityVerifier) {
        self.verifier = verifier
    }

    public func build(_ context: ReportContext) throws -> Report {
        let result = try verifier.verify(context.manager.store)
        let (checkpoints, redactions) = try context.manager.store.read { transaction in
            (try LogName.allCases.flatMap { try transaction.checkpoints(log: $0) },
             try LogName.allCases.flatMap { try transaction.redactions(log: $0) })
        }
        let runs = RedactionRun.group(redactions)
        let records = result.logs.reduce(0) { $0 + $1.recordsChecked }
        let headline = result.failure.map { "Integrity failure: \($0.description)" }
            ?? "Intact: \(ReportFormat.count(records)) records in \(result.logs.count) logs recomputed and matched "
            + "their signed checkpoints; \(ReportFormat.count(redactions.count)) redacted fields, all recorded."
        var sections = [ReportSection(title: "Result", blocks: resultBlocks(result))]
        if let failure = result.failure { sections.append(failureSection(failure)) }
        sections.append(ReportSection(title: "Logs", blocks: [
            .paragraph("Each log was read in seq order. For every record, each field value still present was checked "
                + "against its salted commitment, the leaf rebuilt, the hash chain extended and the Merkle tree rebuilt; "
                + "the roots were compared with every signed checkpoint."),
            .table(logTable(result)),
        ]))
        sections.append(ReportSection(title: "Checkpoints", blocks: [.table(checkpointTable(checkpoints))]))
        sections.append(redactionSection(runs))
        return Report(
            kind: .verification, title: "Verification of the audit trail", generatedAt: context.now,
            inputs: try context.inputs(), status: result.isIntact ? .ok : .failure, headline: headline,
            summary: summary(result, runs: runs, checkpoints: checkpoints.count), sections: sections)
    }

    private func resultBlocks(_ result: IntegrityReport) -> [ReportBlock] {
        var facts = [ReportFact("Result", result.isIntact ? "intact" : "INTEGRITY FAILURE")]
        for log in result.logs {
            facts.append(ReportFact("\(log.log.rawValue) log", "\(ReportFormat.count(log.recordsChecked)) records, "
                + "\(ReportFormat.count(log.fieldsChecked)) field values, \(ReportFormat.count(log.checkpointsChecked)) checkpoints checked"))
        }
        facts.append(ReportFact("Checkpoint signatures checked against",
                                result.verifierKeyFromAuditor ? "the verifier key given by the auditor"
                                    : "the verifier key recorded in the database (give --verifier-key to check against your own copy)"))
        return [.facts(facts)]
    }

    private func failureSection(_ failure: IntegrityReport.Failure) -> ReportSection {
        var facts = [ReportFact("Code", failure.kind.rawValue), ReportFact("Log", failure.log.rawValue)]
        if let seq = failure.seq { facts.append(ReportFact("First broken seq", String(seq))) }
        if let guid = failure.guid { facts.append(ReportFact("Record guid", guid)) }
        facts.append(ReportFact("What differs", failure.message))
        return ReportSection(title: "Failure", blocks: [
            .paragraph("The log does not match what was recorded and signed. Everything before this point checked out; "
                + "nothing after it can be trusted until the cause is found. Keep this database file unchanged as evidence."),
            .facts(facts),
        ])
    }

    private func logTable(_ result: IntegrityReport) -> ReportTable {
        ReportTable(
            name: "logs", title: "Logs checked",
            columns: [.init("log", "Log"), .init("records", "Records", .integer), .init("fieldsChecked", "Field values checked", .integer),
                      .init("redactedFields", "Redacted fields", .integer), .init("checkpointsChecked", "Checkpoints checked", .integer),
                      .init("treeSize", "Tree size", .integer), .init("rootHash", "Merkle root (SHA-256)")],
            rows: result.logs.map { log in
                [.string(log.log.rawValue), ReportFormat.number(log.recordsChecked), ReportFormat.number(log.fieldsChecked),
                 ReportFormat.number(log.redactedFieldsByPolicyRun.values.reduce(0, +)), ReportFormat.number(log.checkpointsChecked),
                 ReportFormat.number(Int(log.size)), .string(log.rootHash.hexString)]
            })
    }

    private func checkpointTable(_ checkpoints: [StoredCheckpoint]) -> ReportTable {
        ReportTable(
            name: "checkpoints", title: "Signed checkpoints in the store",
            columns: [.init("log", "Log"), .init("size", "Tree size", .integer), .init("rootHash", "Root hash"),
                      .init("createdAt", "Signed at", .timestamp)],
            rows: checkpoints.sorted { ($0.createdAt.epochMilliseconds, $0.log.rawValue) < ($1.createdAt.epochMilliseconds, $1.log.rawValue) }
                .map { [.string($0.log.rawValue), ReportFormat.number(Int($0.size)), .string($0.rootHash.hexString), .string($0.createdAt.iso8601)] },
            emptyText: "No checkpoint has been signed yet: run datacollect checkpoint.")
    }

    private func redactionSection(_ runs: [RedactionRun]) -> ReportSection {
        var blocks: [ReportBlock] = [.paragraph(
            "Redaction deletes a value and its salt and keeps the commitment, so the logs still verify. "
            + "Every redaction below is recorded with its policy run and reason; none of them counts as tampering.")]
        if !runs.isEmpty {
            blocks.append(.chart(ReportChart(
                id: "redactions-by-run", title: "Redacted fields by policy run", style: .groupedBars,
                categories: runs.map(\.policyRun), series: [.init(name: "fields", values: runs.map { Double($0.fields) })],
                xAxisLabel: "Policy run", yAxisLabel: "Redacted fields", unit: "fields",
                caption: "How many field values each run erased.")))
        }
        blocks.append(.table(ReportTable(
            name: "redactions", title: "Redactions by policy run",
            columns: [.init("policyRun", "Policy run"), .init("log", "Log"), .init("reason", "Reason"), .init("records", "Records", .integer),
                      .init("fields", "Fields", .integer), .init("first", "First", .timestamp), .init("last", "Last", .timestamp)],
            rows: runs.map { run in
                [.string(run.policyRun), .string(run.log), .string(run.reason), ReportFormat.number(run.records),
                 ReportFormat.number(run.fields), .string(run.first.iso8601), .string(run.last.iso8601)]
            },
            emptyText: "Nothing has been redacted.")))
        return ReportSection(title: "Redactions", blocks: blocks)
    }

    private func summary(_ result: IntegrityReport, runs: [RedactionRun], checkpoints: Int) -> [String: JSONValue] {
        [
            "intact": .bool(result.isIntact),
            "verifierKeyFromAuditor": .bool(result.verifierKeyFromAuditor),
            "recordsChecked": ReportFormat.number(result.logs.reduce(0) { $0 + $1.recordsChecked }),
            "checkpointsInStore": ReportFormat.number(checkpoints),
            "logs": .array(result.logs.map(\.jsonValue)),
            "redactionRuns": .array(runs.map { run in
                ["policyRun": .string(run.policyRun), "log": .string(run.log), "reason": .string(run.reason),
                 "records": ReportFormat.number(run.records), "fields": ReportFormat.number(run.fields)]
            }),
            "failure": result.failure?.jsonValue ?? .null,
        ]
    }
}

/// The redactions of one policy run in one log.
struct RedactionRun: Sendable, Hashable {
    var policyRun: String
    var log: String
    var reason: String
    var records: Int
    var fields: Int
    var first: EventTimestamp
    var last: EventTimestamp

    static func group(_ redactions: [Redaction]) -> [RedactionRun] {
        Dictionary(grouping: redactions) { "\($0.log.rawValue)|\($0.policyRun)" }.values.compactMap { group in
            guard let sample = group.first else { return nil }
            let times = group.map(\.redactedAt).sorted { $0.epochMilliseconds < $1.epochMilliseconds }
            return RedactionRun(policyRun: sample.policyRun, log: sample.log.rawValue, reason: sample.reason,
                                records: Set(group.map(\.recordSeq)).count, fields: group.count,
                                first: times.first ?? sample.redactedAt, last: times.last ?? sample.redactedAt)
        }
        .sorted { ($0.first.epochMilliseconds, $0.policyRun, $0.log) < ($1.first.epochMilliseconds, $1.policyRun, $1.log) }
    }
}
