import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print the RFC 9162 inclusion proof of an event in the event log.",
        discussion: """
        Example:
          datacollect prove --db registry.sqlite evt-5521 --json
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The event guid.")
    var eventGuid: String

    @Option(help: "Prove against the tree of this size (default: the whole log), e.g. a checkpoint's size.")
    var size: UInt64?

    func run() throws {
        try runReportingFailures {
            let proof = try LogProofs.inclusion(ofEvent: eventGuid, size: size, in: try store.openStore())
            if output.json {
                Console.printJSON(proof.jsonValue)
            } else {
                Console.print("event \(proof.recordGuid): leaf \(proof.leafIndex) of \(proof.treeSize)")
                Console.print("leaf hash \(proof.leafHash.hexString)")
                for (level, hash) in proof.auditPath.enumerated() { Console.print("path[\(level)] \(hash.hexString)") }
                Console.print("root \(proof.rootHash.hexString)")
            }
        }
    }
}

struct ConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Print the RFC 9162 consistency proof between two sizes of a log.",
        discussion: """
        Example:
          datacollect consistency --db registry.sqlite --from 8000 --to 9277 --json
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The older tree size.")
    var from: UInt64

    @Option(help: "The newer tree size (default: the whole log).")
    var to: UInt64?

    @Option(help: "events or audit.")
    var log: String = "events"

    func run() throws {
        try runReportingFailures {
            guard let name = LogName(rawValue: log) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "--log must be events or audit.")
            }
            let proof = try LogProofs.consistency(log: name, from: from, to: to, in: try store.openStore())
            if output.json {
                Console.printJSON(proof.jsonValue)
            } else {
                Console.print("\(proof.log.rawValue) log: \(proof.fromSize) → \(proof.toSize)")
                Console.print("root at \(proof.fromSize): \(proof.fromRoot.hexString)")
                Console.print("root at \(proof.toSize): \(proof.toRoot.hexString)")
                for (index, hash) in proof.proof.enumerated() { Console.print("proof[\(index)] \(hash.hexString)") }
            }
        }
    }
}
