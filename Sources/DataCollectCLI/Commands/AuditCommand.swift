import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show an entity's audit trail, newest first.",
        discussion: """
        Example:
          datacollect audit --db registry.sqlite hh-1042
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The entity guid.")
    var guid: String

    func run() throws {
        try runReportingFailures {
            let entries = try store.manager().auditTrail(entityGuid: guid)
            if output.json {
                Console.printJSON(.array(entries.map { stored in
                    var object = stored.entry.jsonValue.objectValue ?? [:]
                    object["seq"] = .number(JSONNumber(Int(stored.seq)))
                    object["recordedAt"] = .string(stored.recordedAt.iso8601)
                    return .object(object)
                }))
                return
            }
            // Field values are personal data: the table shows which fields changed, not their values.
            Console.print(TableFormatter.table(
                headers: ["timestamp", "action", "userId", "eventGuid", "fields"],
                rows: entries.map {
                    [$0.entry.timestamp.iso8601, $0.entry.action, $0.entry.userId, $0.entry.eventGuid,
                     ($0.entry.changes.objectValue?.keys.sorted() ?? []).joined(separator: " ")]
                }))
            Console.print("\(entries.count) entries (use --json for the recorded values)")
        }
    }
}
