import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Validate, store and apply events from a file or stdin.",
        discussion: """
            Input: one event object, a JSON array of events, or JSON Lines. Malformed records are \
            reported with their location and reason and are not stored; valid records land. \
            Re-submitting the same events changes nothing. Exit code 2 when any record was rejected \
            or conflicted with a stored event.

            Example:
              datacollect submit --db registry.sqlite new-events.jsonl
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("Events file (.json or .jsonl), or - for stdin.", valueName: "FILE"))
    var input: String = "-"

    @Option(help: "Events per transaction.")
    var batchSize: Int = 1_000

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() throws {
        try runReportingFailures {
            let records = try RecordReader.read(path: input)
            let summary = try EventSubmission(manager: try store.manager(), batchSize: batchSize).submit(records)
            if output.json {
                Console.printJSON(summary.jsonValue)
            } else {
                Console.print(summary.text)
            }
            if !summary.isClean { throw ExitCodes.rejectedInput }
        }
    }
}
