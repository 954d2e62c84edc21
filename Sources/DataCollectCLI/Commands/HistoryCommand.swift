import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

/// `datacollect history GUID`: every version of one entity, with who changed what.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every version of an entity: event, type, author, capture and recorded time, changed fields old → new.",
        discussion: """
        --known-at K shows the history as the store knew it at K. Every query is recorded in the audit trail.

        Example:
          datacollect history --db registry.sqlite --user auditor-1 hh-1042
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var timeTravel: TimeTravelOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The entity guid.")
    var guid: String

    func run() throws {
        try runReportingFailures {
            let knownAt = try timeTravel.knownAtTime()
            let manager = try store.manager()
            try timeTravel.recordQuery("history", manager: manager, entityGuid: guid, times: ["knownAt": knownAt])
            let entries = try manager.history(of: guid, knownAt: knownAt)
            guard !entries.isEmpty else {
                throw DataCollectError(.entityNotFound, field: "guid",
                                       message: "No entity with this guid has a history in this store (as known at that time).")
            }
            if output.json {
                Console.printJSON(.array(entries.map(\.jsonValue)))
                return
            }
            for entry in entries {
                let what = entry.entity.map { "version \($0.version)" } ?? "deleted"
                Console.print("\(entry.version.step.timestamp.iso8601)  \(what)  known from \(entry.version.recordedFrom.iso8601)")
                for stored in entry.events {
                    Console.print("  \(stored.event.type) by \(stored.event.userId)  event \(stored.event.guid)  "
                        + "captured \(stored.event.timestamp.iso8601), recorded \(stored.recordedAt.iso8601)")
                }
                for change in entry.changes {
                    Console.print("    \(change.field): \(change.old?.canonicalString ?? "—") → \(change.new?.canonicalString ?? "—")")
                }
            }
            Console.print("\(entries.count) versions, known at \(knownAt?.iso8601 ?? "now")")
        }
    }
}
