import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectReports

/// `datacollect report KIND --db FILE [--out DIR]`: reports for people and machines.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report: report.html (charts, readable when printed), report.json (with a JSON Schema) and CSV tables.",
        discussion: """
            Each report goes to Reports/<kind>-<UTC time>/ unless --out names a folder (which must be \
            new or empty), states what it was made from (database, log heads and checkpoints, policy \
            file hash, tool version) and is recorded in the audit trail with the SHA-256 of its \
            report.json. Reports count, and name entities and fields; they never show field values.

            Example:
              datacollect report activity --db registry.sqlite
              datacollect report retention --db registry.sqlite \\
                --policy Policies/examples/household-retention.yaml
            """,
        subcommands: [
            VerificationReportCommand.self, ImportReportCommand.self, RetentionReportCommand.self,
            AnonymizationReportCommand.self, TimeTravelReportCommand.self, ActivityReportCommand.self, ExportReportCommand.self,
        ])
}

/// The options every report kind shares.
struct ReportOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The folder to write the report to (default: Reports/<kind>-<UTC time>).", valueName: "DIR"))
    var out: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: ArgumentHelp("Who makes the report (recorded in the audit trail; default: $DATACOLLECT_USER, then $USER).",
                               valueName: "NAME"))
    var user: String?

    /// The context a report kind is built in, with the options given recorded as its parameters.
    func context(_ parameters: [ReportInputs.Parameter]) throws -> ReportContext {
        ReportContext(manager: try store.manager(), database: store.db, parameters: parameters)
    }

    /// Writes the report, records it in the audit trail, prints where it went (or its JSON
    /// summary), and exits 3 when the report found an integrity failure.
    func publish(_ report: Report, context: ReportContext) throws {
        let folder = out ?? ReportWriter.defaultFolder(for: report.kind, at: report.generatedAt)
        let written = try ReportPublisher(manager: context.manager, actor: auditActor(user)).publish(report, to: folder)
        if output.json {
            Console.printJSON([
                "kind": .string(report.kind.rawValue), "status": .string(report.status.rawValue), "headline": .string(report.headline),
                "folder": .string(written.folder), "files": .array(written.files.map(JSONValue.string)),
            ])
        } else if !quiet {
            Console.print(report.headline)
            Console.print("Wrote \(written.folder)/report.html, report.json and \(written.files.count - 2) CSV table(s).")
        }
        if report.status == .failure { throw ExitCodes.integrityFailure }
    }
}
