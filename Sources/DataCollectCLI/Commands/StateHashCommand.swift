import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct StateHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state-hash",
        abstract: "Print the canonical state hash (equal on every replica holding the same events).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let hash = try manager.stateHash()
            let counts = try manager.store.read { (try $0.entityCount(), try $0.eventCount()) }
            if output.json {
                Console.printJSON(["stateHash": .string(hash), "entities": .number(JSONNumber(counts.0)),
                                   "events": .number(JSONNumber(counts.1))])
            } else {
                Console.print("\(hash)  (\(counts.0) entities from \(counts.1) events)")
            }
        }
    }
}

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Re-derive all entity state from the events and compare state hashes.",
        discussion: "Exit code 3 when the rebuilt state differs from the stored one.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let before = try manager.stateHash()
            try manager.rebuild()
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
