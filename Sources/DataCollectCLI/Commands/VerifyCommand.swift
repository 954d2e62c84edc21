import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the event log and the audit trail are intact.",
        discussion: """
            Recomputes every field commitment, leaf, hash-chain link and Merkle root, and checks \
            every stored checkpoint's signature and root. With --checkpoint, also proves that a \
            checkpoint you kept (for example from an earlier audit) is consistent with today's log: \
            this detects a database restored from an older copy. Redactions made through \
            datacollect are reported by policy run, not as tampering. Exit code 3 on \\
              any failure.

            Example:
              datacollect verify --db registry.sqlite \\
                --verifier-key registry.verifier-key \\
                --checkpoint audit-2026-06.checkpoint
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progress: ProgressOptions

    @Option(help: ArgumentHelp("The verifier key, or a file holding it (default: the key recorded in the store).",
                               valueName: "KEY|FILE"))
    var verifierKey: String?

    @Option(help: ArgumentHelp("A signed checkpoint you kept, to check against today's log (repeatable).", valueName: "FILE"))
    var checkpoint: [String] = []

    func run() throws {
        try runReportingFailures {
            let notes = try checkpoint.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the checkpoint file \(path).")
                }
                return String(decoding: data, as: UTF8.self)
            }
            let verifier = IntegrityVerifier(verifierKey: verifierKey.map(SigningKeyFile.verifierKey), externalCheckpoints: notes,
                                             progress: ProgressBar.perLog(quiet: progress.quiet || output.json))
            let report: IntegrityReport
            do {
                report = try verifier.verify(try store.openStore())
            } catch let error as DataCollectError {
                throw error
            } catch {
                throw CommandFailure(exit: ExitCodes.integrityFailure, message: "Verification could not complete: \(error)")
            }
            if output.json {
                Console.printJSON(report.jsonValue)
            } else {
                Console.print(Self.summary(report))
            }
            if !report.isIntact { throw ExitCodes.integrityFailure }
        }
    }

    static func summary(_ report: IntegrityReport) -> String {
        var lines: [String] = []
        for log in report.logs {
            var line = "\(log.log.rawValue) log: \(log.recordsChecked) records, \(log.fieldsChecked) field commitments checked, "
                + "\(log.checkpointsChecked) checkpoints checked, root \(log.rootHash.hexString)"
            if !log.redactedFieldsByPolicyRun.isEmpty {
                let runs = log.redactedFieldsByPolicyRun.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }
                line += "; redacted fields: " + runs.joined(separator: ", ")
            }
            lines.append(line)
        }
        if !report.verifierKeyFromAuditor {
            lines.append("Signatures were checked with the key recorded in the store; pass --verifier-key to use yours.")
        }
        if let failure = report.failure {
            lines.append("FAILED: \(failure)")
        } else {
            lines.append("INTACT")
        }
        return lines.joined(separator: "\n")
    }
}
