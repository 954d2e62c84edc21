public import ArgumentParser
import DataCollectReports

/// `datacollect`: the auditors' and data officers' command line. The composition root of the
/// CLI: each subcommand wires the library to a SQLite store and prints the result.
public struct DataCollectCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "datacollect",
        abstract: "Offline-first, event-sourced registration data: submit, inspect, replay and audit.",
        discussion: "Exit codes: 0 ok, 1 usage, 2 rejected input, 3 integrity failure, 4 not found (docs/CLI.md).",
        version: DataCollectVersion.current,
        subcommands: [
            InitCommand.self, SubmitCommand.self, ImportCommand.self, ExportCommand.self, ValidateExportCommand.self, EntitiesCommand.self, EntityCommand.self,
            EventsCommand.self, PendingCommand.self, AuditCommand.self, DuplicatesCommand.self,
            StateCommand.self, HistoryCommand.self, DiffCommand.self,
            PolicyCommand.self, RetentionCommand.self, AnonymizeCommand.self, EraseCommand.self, ScanCommand.self,
            StateHashCommand.self, RebuildCommand.self, CheckpointCommand.self, VerifyCommand.self,
            ProveCommand.self, ConsistencyCommand.self, RedactCommand.self, GenerateCommand.self, DemoCommand.self,
            ReportCommand.self, ServeCommand.self, UserCommand.self, SyncCommand.self, StatusCommand.self, ExternalSyncCommand.self,
        ]
    )

    public init() {}
}

extension DataCollectCommand {
    /// Parses `CommandLine.arguments`, runs the command and exits with its code.
    public static func runFromCommandLine() async {
        await main()
    }
}
