import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a BagIt export package of the store.",
        discussion: """
            The archive profile holds everything at full fidelity (events with their seals, the \
            audit trail, redactions, checkpoints, entities) as a BagIt package (RFC 8493) whose \
            data/ is also a Frictionless Data Package. Importing it into an empty database gives \
            the same state hash and log roots. The export is recorded in the audit trail.

            Examples:
              datacollect export --db registry.sqlite --out archive.tar.gz \\
                --format tar.gz --user auditor-1
              datacollect export --db registry.sqlite --profile subject \\
                --subject hh-1042 --out hh-1042 --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progress: ProgressOptions

    @Option(help: ArgumentHelp("Where to write the package (must not exist).", valueName: "PATH"))
    var out: String

    @Option(help: "Package format: dir, tar.gz or zip.")
    var format: String = "dir"

    @Option(help: "Export profile: archive (the whole store) or subject (one person or household).")
    var profile: String = "archive"

    @Option(help: "With --profile subject: the person's or household's guid.")
    var subject: String?

    @Option(help: "Who exports (recorded in the audit trail).")
    var user: String

    @Option(help: ArgumentHelp("Whom the package is for (recorded in the audit trail; shown by the export report).",
                               valueName: "NAME"))
    var recipient: String?

    func validate() throws {
        guard ArchiveExporter.Format(rawValue: format) != nil else { throw ValidationError("--format must be dir, tar.gz or zip.") }
        guard profile == "archive" || profile == "subject" else { throw ValidationError("--profile must be archive or subject.") }
        guard (profile == "subject") == (subject != nil) else {
            throw ValidationError("--subject GUID goes with --profile subject, and only with it.")
        }
    }

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            let packageFormat = ArchiveExporter.Format(rawValue: format) ?? .dir
            let tool = "datacollect \(DataCollectCommand.configuration.version)"
            let receipt: ExportReceipt
            if let subject {
                receipt = try SubjectExporter(manager: manager).export(subject: subject, to: out, format: packageFormat, actor: user,
                                                                       tool: tool, recipient: recipient)
            } else {
                let bar = progress.bar(output, label: "writing records")
                receipt = try ArchiveExporter(manager: manager) { bar.update(records: $0, of: $1) }
                    .export(to: out, format: packageFormat, actor: user, tool: tool, recipient: recipient)
                bar.finish()
            }
            if output.json {
                Console.printJSON([
                    "path": .string(receipt.path), "events": .number(JSONNumber(receipt.events)),
                    "auditEntries": .number(JSONNumber(receipt.auditEntries)),
                    "entities": .number(JSONNumber(receipt.entities)), "stateHash": .string(receipt.stateHash),
                ])
            } else {
                Console.print("Exported \(receipt.events) events, \(receipt.auditEntries) audit entries and "
                    + "\(receipt.entities) entities to \(receipt.path)"
                    + (receipt.stateHash.isEmpty ? "." : " (state hash \(receipt.stateHash))."))
            }
        }
    }
}

struct ValidateExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-export",
        abstract: "Check an export package: every RFC 8493 rule, then restore and verify its logs.",
        discussion: """
        Exit code 3 when anything is wrong.

        Example:
          datacollect validate-export archive.tar.gz \\
            --verifier-key registry.verifier-key
        """)

    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp("The package (directory, .tar.gz or .zip).", valueName: "PATH"))
    var path: String

    @Option(help: ArgumentHelp("The verifier key to check checkpoints with (default: the one in the package).", valueName: "KEY|FILE"))
    var verifierKey: String?

    func run() throws {
        try runReportingFailures {
            let report = try BagValidator(verifierKey: verifierKey.map(SigningKeyFile.verifierKey)).validate(path)
            if output.json {
                Console.printJSON([
                    "valid": .bool(report.isValid), "payloadFiles": .number(JSONNumber(report.payloadFiles)),
                    "problems": .array(report.problems.map(JSONValue.string)),
                    "integrity": report.integrity?.jsonValue ?? .null,
                ])
            } else {
                for problem in report.problems { Console.print("PROBLEM: \(problem)") }
                if let integrity = report.integrity { Console.print(VerifyCommand.summary(integrity)) }
                Console.print(report.isValid ? "VALID (\(report.payloadFiles) payload files)" : "INVALID")
            }
            if !report.isValid { throw ExitCodes.integrityFailure }
        }
    }
}
