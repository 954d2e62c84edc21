import DataCollectCore
import DataCollectIntegrity

/// One applied policy run, read back from its `policy-run` audit entry.
struct PolicyRunRecord: Sendable {
    var runID: String
    var kind: String
    var policy: String
    var version: String
    var policySHA256: String
    var profile: String?
    var at: EventTimestamp
    var actor: String
    var subjects, entities, redactedEvents, redactedFields, writtenEvents, held: Int

    init(_ stored: StoredAuditEntry) {
        let details = AuditDetails(stored.entry)
        let counts = details.nested("counts")
        runID = details.string("runId") ?? ""
        kind = details.string("kind") ?? ""
        policy = details.string("policy") ?? ""
        version = details.string("version") ?? ""
        policySHA256 = details.string("policySHA256") ?? ""
        profile = details.string("profile")
        at = stored.entry.timestamp
        actor = stored.entry.userId
        subjects = counts.int("subjects")
        entities = counts.int("entities")
        redactedEvents = counts.int("redactedEvents")
        redactedFields = counts.int("redactedFields")
        writtenEvents = counts.int("writtenEvents")
        held = details.int("held")
    }

    /// The applied runs of one kind (`retention`, `anonymize`) of a policy, oldest first.
    static func runs(_ context: ReportContext, kind: String, policy: String) throws -> [PolicyRunRecord] {
        try context.auditEntries(actions: ["policy-run"]).map(PolicyRunRecord.init)
            .filter { $0.kind == kind && $0.policy == policy }
    }

    static func table(_ runs: [PolicyRunRecord]) -> ReportTable {
        ReportTable(
            name: "applied-runs", title: "Runs applied",
            columns: [.init("runId", "Run"), .init("at", "Applied at", .timestamp), .init("by", "By"),
                      .init("version", "Policy version"), .init("policySHA256", "Policy file SHA-256"),
                      .init("subjects", "Subjects", .integer), .init("entities", "Entities", .integer),
                      .init("redactedFields", "Fields erased", .integer), .init("writtenEvents", "Events written", .integer)],
            rows: runs.map { run in
                [.string(run.runID), .string(run.at.iso8601), .string(run.actor), .string(run.version), .string(run.policySHA256),
                 ReportFormat.number(run.subjects), ReportFormat.number(run.entities), ReportFormat.number(run.redactedFields),
                 ReportFormat.number(run.writtenEvents)]
            },
            emptyText: "No run of this policy has been applied to this database yet.")
    }

    var jsonValue: JSONValue {
        [
            "runId": .string(runID), "at": .string(at.iso8601), "by": .string(actor), "policyVersion": .string(version),
            "policySHA256": .string(policySHA256), "subjects": ReportFormat.number(subjects),
            "entities": ReportFormat.number(entities), "redactedFields": ReportFormat.number(redactedFields),
            "writtenEvents": ReportFormat.number(writtenEvents),
        ]
    }
}
