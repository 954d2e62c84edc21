import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

/// `datacollect diff --from T1 --to T2`: what changed in the whole state between two dates.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the entities created, changed (field by field) and deleted between two valid times.",
        discussion: """
        --known-at K compares the states as the store knew them at K. Every query is recorded in the audit trail.

        Example:
          datacollect diff --db registry.sqlite --from 2026-06-01 --to 2026-06-30 \\
            --user auditor-1
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var timeTravel: TimeTravelOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The earlier valid time. \(TimePoint.acceptedFormats).", valueName: "TIME"))
    var from: String

    @Option(help: ArgumentHelp("The later valid time.", valueName: "TIME"))
    var to: String

    func run() throws {
        try runReportingFailures {
            let fromTime = try TimePoint.parse(from, option: "--from")
            let toTime = try TimePoint.parse(to, option: "--to")
            let knownAt = try timeTravel.knownAtTime()
            let manager = try store.manager()
            try timeTravel.recordQuery("diff", manager: manager, times: ["from": fromTime, "to": toTime, "knownAt": knownAt])
            let diff = try manager.diff(from: fromTime, to: toTime, knownAt: knownAt)
            if output.json {
                Console.printJSON(diff.jsonValue)
                return
            }
            for entity in diff.created { Console.print("+ \(entity.guid)  \(entity.type.rawValue)  \(entity.name)") }
            for entity in diff.deleted { Console.print("- \(entity.guid)  \(entity.type.rawValue)  \(entity.name)") }
            for change in diff.changed {
                Console.print("~ \(change.guid)")
                for field in change.fields {
                    Console.print("    \(field.field): \(field.old?.canonicalString ?? "—") → \(field.new?.canonicalString ?? "—")")
                }
            }
            Console.print("\(diff.created.count) created, \(diff.changed.count) changed, \(diff.deleted.count) deleted "
                + "between \(fromTime.iso8601) and \(toTime.iso8601), known at \(knownAt?.iso8601 ?? "now")")
        }
    }
}
