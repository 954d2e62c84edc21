import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Erase fields of an event (values and salts) while keeping the log verifiable.",
        discussion: """
            The values leave the event, the audit trail and the entity state; their commitments \
            stay, so every root and checkpoint still verifies, and datacollect verify reports the \
            redaction under its policy run. Normally run by a privacy policy; this command is for \
            a single decision (an erasure request, say).

            Example:
              datacollect redact --db registry.sqlite evt-5521 --field phone \\
                --reason "erasure request 2026-031" --policy-run request-2026-031 \\
                --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The event guid.")
    var eventGuid: String

    @Option(name: .customLong("field"), help: "A data field to erase (repeatable; default: all).")
    var fields: [String] = []

    @Option(help: "Why (recorded in the audit trail).")
    var reason: String

    @Option(help: "The policy run or decision this redaction belongs to.")
    var policyRun: String

    @Option(help: "Who decided (recorded in the audit trail).")
    var user: String

    func run() throws {
        try runReportingFailures {
            let result = try store.manager().redact(eventGuid: eventGuid, fields: fields.isEmpty ? nil : fields,
                                                    reason: reason, policyRun: policyRun, actor: user)
            if output.json {
                Console.printJSON([
                    "eventGuid": .string(result.eventGuid), "fields": .array(result.eventFields.map(JSONValue.string)),
                    "auditEntries": .number(JSONNumber(result.auditFields.count)),
                    "refoldedEntities": .number(JSONNumber(result.refoldedEntities)),
                ])
            } else {
                Console.print("Erased \(result.eventFields.count) fields of \(result.eventGuid) "
                    + "(\(result.eventFields.joined(separator: ", "))) and their values in \(result.auditFields.count) audit entries.")
            }
        }
    }
}
