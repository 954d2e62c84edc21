import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// `datacollect demo`: the end-to-end run of the README's first command, on the embedded SQLite default.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demo on a generated data set, ending with every report.",
        discussion: """
            Generates a registry as a device-style .tar.gz archive (with a few malformed records) and \
            a late offline batch, imports them, signs a checkpoint and verifies, asks time-travel \
            questions, runs the example retention and anonymization policies of Policies/examples \
            (dry run, then applied), verifies again (redactions reported, not tampering), writes a \
            subject export and an archive export (BagIt), and writes every report.

            Example: datacollect demo --households 500 --out /tmp/demo
            """)

    @Option(help: "Number of households to generate.")
    var households: Int = 2_000

    @Option(help: "Random seed of the data set.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Folder for the demo's files (its database, archives, exports and reports are replaced).",
                               valueName: "DIR"))
    var out: String = "demo-output"

    @Option(help: ArgumentHelp("The example policies to run.", valueName: "DIR"))
    var policies: String = "Policies/examples"

    @Flag(help: "Print only the final summary.")
    var quiet = false

    func validate() throws {
        guard (1...1_000_000).contains(households) else { throw ValidationError("--households must be between 1 and 1000000.") }
    }

    func run() throws {
        try runReportingFailures {
            let started = Date()
            var run = try DemoRun(out: out, quiet: quiet)
            let set = try run.generate(households: households, seed: seed)
            try run.importArchives()
            try run.showStore()
            try run.checkpointAndVerify(title: "4. Signing a checkpoint and verifying the audit trail:")
            try run.timeTravel(late: set.late)
            try run.replayShuffled(set.events, seed: seed)
            let policyFolder = try DemoPolicies.prepare(from: policies, into: "\(out)/policies")
            try run.retention(policy: "\(policyFolder)/household-registry-retention.yaml")
            try run.anonymization(policy: "\(policyFolder)/research-extract.yaml", profile: "research-extract")
            try run.proveAndRedact(set.events)
            try run.checkpointAndVerify(title: "10. Verifying again after the policy runs:")
            try run.exports()
            let reports = try run.reports(retentionPolicy: "\(policyFolder)/household-registry-retention.yaml",
                                          anonymizationPolicy: "\(policyFolder)/research-extract.yaml", profile: "research-extract")
            let seconds = Date().timeIntervalSince(started)
            Console.print("Done in \(String(format: "%.1f", seconds)) s: \(run.summaryLine)")
            Console.print("Reports (open report.html in a browser):")
            for path in reports { Console.print("  \(path)/report.html") }
            Console.print("Explore: datacollect entities --db \(run.database) --limit 20")
        }
    }
}
