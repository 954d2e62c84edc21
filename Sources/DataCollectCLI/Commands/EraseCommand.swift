import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy

/// `datacollect erase --subject GUID --reason TEXT --db FILE [--apply]`: the right to erasure.
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a subject (an individual, or a household with its own members): every value redacted, a tombstone, an audit entry.",
        discussion: """
            A dry run (the default) shows what would be erased. --apply erases the values of every \
            event that holds the subject's data — including the household event that listed a \
            member — from the events, the audit trail and the time-travel versions, deletes the \
            subject, and scrubs the database files so no byte of the values remains.

            Example:
              datacollect erase --db registry.sqlite --subject ind-940 \\
                --reason "erasure request 2026-031" --apply --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var runOptions: PolicyRunOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The entity to erase.", valueName: "GUID"))
    var subject: String

    @Option(help: "Why (recorded in the audit trail; no personal data).")
    var reason: String

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let erasure = SubjectErasure(manager: manager, actor: runOptions.actor)
            let scope = try erasure.scope(of: subject)
            guard runOptions.apply else {
                if output.json {
                    Console.printJSON(["subject": .string(subject), "entities": .array(scope.entities.map(JSONValue.string)),
                                       "events": .number(JSONNumber(scope.events))])
                } else {
                    Console.print("Dry run: erasing \(subject) would erase \(scope.entities.count) entities "
                        + "(\(scope.entities.joined(separator: ", "))) and the values of \(scope.events) events; run with --apply.")
                }
                return
            }
            let report = try erasure.erase(subject: subject, reason: reason, now: .now())
            if output.json {
                Console.printJSON(report.jsonValue)
            } else {
                Console.print("Erased \(subject): \(report.entities) entities, \(report.redactedFields) fields in "
                    + "\(report.redactedEvents) events (run \(report.runID)).")
            }
        }
    }
}
