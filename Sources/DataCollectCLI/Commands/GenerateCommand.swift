import DataCollectIntegrity
import ArgumentParser
import DataCollectGenerator
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic, reproducible synthetic event stream (JSON Lines).",
        discussion: """
        Households of 1–9 members, months of updates, moves, deletes, near-duplicates and a late offline batch. No real personal data.

        Example:
          datacollect generate --households 500 --seed 7 --out sample-events.jsonl
        """)

    @Option(help: "Number of households.")
    var households: Int = 1_000

    @Option(help: "Random seed: the same seed gives the same file.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Output file (.jsonl).", valueName: "FILE"))
    var out: String

    func validate() throws {
        guard (1...5_000_000).contains(households) else { throw ValidationError("--households must be between 1 and 5000000.") }
    }

    func run() throws {
        try runReportingFailures {
            let set = EventGenerator(households: households, seed: seed).generate()
            try JSONLinesWriter.write(set.events, to: out)
            Console.print("Wrote \(set.events.count) events for \(households) households to \(out) "
                + "(the last \(set.lateBatchCount) form a late offline batch).")
        }
    }
}
