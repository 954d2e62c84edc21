import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import Foundation

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push this store's events to a sync server, then pull the server's, verified before they are applied.",
        discussion: """
        Every pull is checked against a checkpoint the server signs: its key must be the one pinned \
        for the tenant (--server-key, the checkpointKey of the tenant's app configuration given with \
        --app-config, or else the key seen at the first sync), it must extend the last \
        checkpoint this store verified, and every pulled event must be in it. A server whose log was \
        rolled back, rewritten or forked stops the sync with exit code 3 before anything is applied.

        The password is read from the first line of standard input (or of --password-file), never \
        from the command line. Events the server refuses (or that this store refuses) are kept with \
        the reason: `datacollect status` lists them.

        A tenant's public artifact (the JSON its QR code names) carries the server's URL, the \
        tenant and the key: with --app-config, --server and --tenant may be left out.

        Exit codes: 0 synced, 1 usage or server unreachable or refusing, 2 some events were refused, \
        3 the server's log failed verification.

        Example:
          datacollect sync --db device.sqlite --server https://sync.example.org \\
            --tenant survey --email collector@example.org \\
            --password-file password.txt
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The sync server's base URL (http:// or https://; default: the syncServerUrl of --app-config).",
                               valueName: "URL"))
    var server: String?
    @Option(help: "The tenant (app configuration) to sync (default: the id of --app-config).")
    var tenant: String?
    @Option(help: "The account's email; its password comes from standard input or --password-file.")
    var email: String?
    @Option(help: ArgumentHelp("Read the password from this file's first line instead of standard input.", valueName: "FILE"))
    var passwordFile: String?
    @Option(help: ArgumentHelp("Use the access token in this file instead of signing in with --email.", valueName: "FILE"))
    var tokenFile: String?
    @Option(help: ArgumentHelp("The server's checkpoint verifier key, or a file holding it (default: the key pinned at the first sync).",
                               valueName: "KEY|FILE"))
    var serverKey: String?
    @Option(help: ArgumentHelp("""
        The tenant's app configuration (JSON, as GET /api/apps/{id} or the public artifact its QR \
        code names serve it): pin its checkpointKey.
        """, valueName: "FILE"))
    var appConfig: String?
    @Option(help: "Events per push request (the server takes at most 1000; larger batches are halved).")
    var batchSize = 1_000

    func validate() throws {
        guard (email == nil) != (tokenFile == nil) else {
            throw ValidationError("Give either --email (the password on standard input or in --password-file) or --token-file.")
        }
        guard tokenFile == nil || passwordFile == nil else {
            throw ValidationError("--password-file goes with --email, not with --token-file.")
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        guard appConfig != nil || (server != nil && tenant != nil) else {
            throw ValidationError("Give --server and --tenant, or --app-config (a tenant's app configuration names both).")
        }
    }

    func run() async throws {
        try await runReportingFailures {
            let appConfiguration = try appConfig.map(AppConfigurationFile.read)
            let (server, tenant) = try target(appConfiguration)
            var configuration = SyncConfiguration(serverURL: server, tenant: tenant, credentials: try credentials(),
                                                  serverKey: try pinnedKey(appConfiguration, tenant: tenant))
            configuration.pushBatchSize = batchSize
            let report: SyncReport
            do {
                report = try await InternalSyncManager(manager: try store.manager(), configuration: configuration).sync()
            } catch let error as SyncIntegrityError {
                throw CommandFailure(exit: ExitCodes.integrityFailure, message: error.description)
            } catch let error as SyncError {
                throw CommandFailure(exit: ExitCodes.usage, message: error.description)
            }
            if output.json {
                Console.printJSON(report.jsonValue)
            } else {
                Console.print(Self.summary(report, tenant: tenant))
            }
            if report.hasRefusals { throw ExitCodes.rejectedInput }
        }
    }

    /// The server and tenant: given, or else read from the app configuration (a public
    /// artifact carries the server's URL as `syncServerUrl`).
    private func target(_ appConfiguration: JSONValue?) throws -> (server: String, tenant: String) {
        let tenant = tenant ?? appConfiguration?["id"]?.stringValue
        let server = server ?? appConfiguration?["syncServerUrl"]?.stringValue
        guard let server, let tenant else {
            throw CommandFailure(exit: ExitCodes.usage, message: """
                The app configuration \(appConfig ?? "") names no \(server == nil ? "syncServerUrl" : "id"): \
                give \(server == nil ? "--server" : "--tenant").
                """)
        }
        return (server, tenant)
    }

    /// The key given with --server-key or carried by --app-config (they must agree), or nil.
    private func pinnedKey(_ appConfiguration: JSONValue?, tenant: String) throws -> String? {
        let given = try serverKey.map(SigningKeyFile.verifierKey)
        guard let appConfig, let json = appConfiguration else { return given }
        let configured: String
        do {
            configured = try SyncConfiguration.pinnedServerKey(appConfiguration: json, tenant: tenant)
        } catch {
            throw CommandFailure(exit: ExitCodes.usage, message: error.description)
        }
        if let given, given != configured {
            throw CommandFailure(exit: ExitCodes.usage,
                                 message: "--server-key and the checkpointKey of \(appConfig) differ; give one of them.")
        }
        return configured
    }

    private func credentials() throws -> SyncCredentials {
        if let tokenFile {
            let token = try firstLine(of: tokenFile, what: "token")
            guard let token, !token.isEmpty else {
                throw CommandFailure(exit: ExitCodes.usage, message: "The token file \(tokenFile) is empty.")
            }
            return .token(token)
        }
        let password = try passwordFile.map { try firstLine(of: $0, what: "password") } ?? readLine(strippingNewline: true)
        guard let email, let password, !password.isEmpty else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Give the password on the first line of standard input or of --password-file.")
        }
        return .password(email: email, password: password)
    }

    private func firstLine(of path: String, what: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the \(what) file \(path).")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func summary(_ report: SyncReport, tenant: String) -> String {
        let push = report.push, pull = report.pull
        var lines = [
            "pushed \(push.pushed): \(push.accepted) accepted, \(push.duplicates) duplicate, \(push.conflicts) conflict, \(push.rejected) rejected",
            "pulled \(pull.pulled): \(pull.applied) applied, \(pull.alreadyPresent) already present, \(pull.conflicts) conflict, \(pull.rejected) rejected"
                + (pull.redactedEvents > 0 ? "; \(pull.redactedEvents) events erased here as the server's policy runs erased them" : ""),
        ]
        if let checkpoint = pull.checkpoint {
            lines.append("server checkpoint verified: \(checkpoint.size) events, root \(checkpoint.rootHash.hexString)")
        }
        if report.acknowledgedEntities > 0 {
            lines.append("\(report.acknowledgedEntities) entities now match the server (their local changes are acknowledged)")
        }
        if report.hasRefusals {
            lines.append("Some events were refused; `datacollect status --tenant \(tenant)` shows which and why.")
        }
        return lines.joined(separator: "\n")
    }
}
