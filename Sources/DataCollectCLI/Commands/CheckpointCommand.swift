import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign and record the current size and root of the event and audit logs.",
        discussion: """
        Prints each checkpoint as a C2SP signed note (tlog-checkpoint), verifiable with the transparency-log tools.

        Example:
          datacollect checkpoint --db registry.sqlite --key registry.signing-key
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The signing key file (default <db>.signing-key).", valueName: "FILE"))
    var key: String?

    func run() throws {
        try runReportingFailures {
            let signer = try SigningKeyFile.load(key ?? SigningKeyFile.defaultPath(forDatabase: store.db))
            let checkpoints = try CheckpointWriter(signer: signer).checkpoint(try store.openStore(), at: .now())
            if output.json {
                Console.printJSON(.array(checkpoints.map(\.jsonValue)))
            } else {
                for checkpoint in checkpoints { Console.print(checkpoint.note) }
            }
        }
    }
}
