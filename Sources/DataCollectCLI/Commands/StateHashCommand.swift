import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct StateHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state-hash",
        abstract: "Print the canonical state hash (equal on every replica holding the same events).",
        discussion: """
        Example:
          datacollect state-hash --db registry.sqlite --as-of 2026-06-30 \\
            --user auditor-1
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var timeTravel: TimeTravelOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "The hash of the state as of this valid time (with --known-at: as known then). \(TimePoint.acceptedFormats).",
        valueName: "TIME"))
    var asOf: String?

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let events = try manager.store.read { try $0.eventCount() }
            let hash: String, entities: Int
            var scope = ""
            if asOf != nil || timeTravel.knownAt != nil {
                let asOfTime = try asOf.map { try TimePoint.parse($0, option: "--as-of") } ?? EventTimestamp(epochMilliseconds: .max)
                let knownAt = try timeTravel.knownAtTime()
                try timeTravel.recordQuery("state-hash", manager: manager,
                                           times: ["asOf": asOf == nil ? nil : asOfTime, "knownAt": knownAt])
                (hash, entities) = try manager.stateHash(asOf: asOfTime, knownAt: knownAt)
                scope = " as of \(asOf == nil ? "now" : asOfTime.iso8601), known at \(knownAt?.iso8601 ?? "now")"
            } else {
                hash = try manager.stateHash()
                entities = try manager.store.read { try $0.entityCount() }
            }
            if output.json {
                Console.printJSON(["stateHash": .string(hash), "entities": .number(JSONNumber(entities)),
                                   "events": .number(JSONNumber(events))])
            } else {
                Console.print("\(hash)  (\(entities) entities from \(events) events\(scope))")
            }
        }
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Re-derive all entity state from the events and compare state hashes.",
        discussion: """
        Exit code 3 when the rebuilt state differs from the stored one.

        Example:
          datacollect rebuild --db registry.sqlite
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progress: ProgressOptions

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let before = try manager.stateHash()
            let bar = progress.bar(output, label: "replaying events")
            try manager.rebuild { bar.update(records: $0, of: $1) }
            bar.finish()
            let after = try manager.stateHash()
            if output.json {
                Console.printJSON(["before": .string(before), "after": .string(after), "identical": .bool(before == after)])
            } else {
                Console.print("stored:  \(before)\nrebuilt: \(after)\n" + (before == after ? "identical" : "DIFFERENT"))
            }
            if before != after { throw ExitCodes.integrityFailure }
        }
    }
}
