import ArgumentParser
import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import Foundation

/// `datacollect external-sync`: one external sync run against a local store.
struct ExternalSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external-sync",
        abstract: "Push this store's events to the external system of an app configuration, then pull its records.",
        discussion: """
        The app configuration's externalSync section ({type, url, auth?, extraFields?}) chooses the \
        adapter: webhook (JSON over HTTP, API key in the extra field apiKey) or mock-sync-server. \
        Pulled records are stored as events with syncLevel 2 (external); records that cannot be \
        stored are listed with the reason and pulled again next time. Cursors are kept in the store.

        Credentials for the run: --username, with the password on the first line of standard input \
        or of --password-file, never on the command line.

        Exit codes: 0 synced, 1 usage or configuration or external system failure, 2 some records \
        were refused.

        Example:
          datacollect external-sync --db device.sqlite --config survey-app.json \\
            --json
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The app configuration (JSON) whose externalSync section to run.", valueName: "APPCONFIG.json"))
    var config: String
    @Option(help: "A username for the external system; the password comes from standard input or --password-file.")
    var username: String?
    @Option(help: ArgumentHelp("Read the password from this file's first line instead of standard input.", valueName: "FILE"))
    var passwordFile: String?

    func validate() throws {
        guard passwordFile == nil || username != nil else {
            throw ValidationError("--password-file goes with --username.")
        }
    }

    func run() async throws {
        try await runReportingFailures {
            let settings = try loadConfiguration()
            let credentials = try readCredentials()
            let manager = try store.manager()
            let report: ExternalSyncReport
            do {
                report = try await WebhookAdapter.withHTTPClient { client in
                    let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: settings)
                    return try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize(credentials: credentials)
                }
            } catch let error as ExternalSyncError {
                throw CommandFailure(exit: ExitCodes.usage, message: error.description)
            }
            if output.json {
                Console.printJSON(report.jsonValue)
            } else {
                Console.print(Self.summary(report))
            }
            if !report.rejected.isEmpty { throw ExitCodes.rejectedInput }
        }
    }

    private func loadConfiguration() throws -> ExternalSyncConfig {
        let json = try AppConfigurationFile.read(config)
        do {
            return try ExternalSyncConfig(appConfiguration: json)
        } catch {
            throw CommandFailure(exit: ExitCodes.usage, message: error.description)
        }
    }

    private func readCredentials() throws -> ExternalSyncCredentials? {
        guard let username else { return nil }
        let line: String?
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the password file \(passwordFile).")
            }
            line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
        } else {
            line = readLine(strippingNewline: true)
        }
        guard let password = line, !password.isEmpty else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Give the password on the first line of standard input or of --password-file.")
        }
        return ExternalSyncCredentials(username: username, password: password)
    }

    static func summary(_ report: ExternalSyncReport) -> String {
        var lines = [
            "\(report.adapterType): pushed \(report.pushed) events in \(report.pushBatches) requests",
            "pulled \(report.pulled) records: \(report.applied) applied, \(report.alreadyPresent) already present, "
                + "\(report.rejected.count) refused",
        ]
        for rejection in report.rejected {
            lines.append("  record \(rejection.position)\(rejection.recordId.map { " (\($0))" } ?? ""): \(rejection.reason)")
        }
        if report.pullCursorHeld {
            lines.append("The pull cursor stays before the refused records: fix them in the external system and run again.")
        }
        return lines.joined(separator: "\n")
    }
}
