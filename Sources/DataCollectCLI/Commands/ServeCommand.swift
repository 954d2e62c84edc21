import ArgumentParser
import DataCollectCore
import DataCollectServer
import DataCollectSQLite
import DataCollectPostgres
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the sync server (HTTP API with JWT auth, roles and tenants).",
        discussion: """
        The JWT secret (at least 32 bytes) comes from DATACOLLECT_JWT_SECRET or --jwt-secret-file; \
        the server refuses to start without one. When no admin exists, the first one is created from \
        DATACOLLECT_ADMIN_EMAIL and DATACOLLECT_ADMIN_PASSWORD (or use `datacollect user add`).
        Storage: --database postgres://… (or DATABASE_URL) keeps accounts and tenants in schema \
        datacollect_server and each tenant in a schema of its own; without it, --sqlite FILE holds \
        accounts and tenants and each tenant's store is FILE.tenants/<id>.sqlite. Checkpoint keys: \
        --key-folder (default FILE.keys), one <id>.signing-key per tenant.

        Example:
          DATACOLLECT_JWT_SECRET=$(openssl rand -hex 32) \\
            datacollect serve --sqlite server.sqlite --port 8080
        """)

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @OptionGroup var storage: ServerStorageOptions
    @Option(help: ArgumentHelp("A file holding the JWT secret (instead of DATACOLLECT_JWT_SECRET).", valueName: "FILE"))
    var jwtSecretFile: String?
    @Option(help: "Most events one push may carry.") var maxPushBatch = 1_000
    @Option(help: "Largest request body, in bytes.") var maxBodyBytes = 32 << 20
    @Option(help: "How long an access token stays valid, in seconds.") var tokenLifetime = 8 * 3600
    @Option(help: ArgumentHelp("""
        The server's address as field devices reach it, written into public app artifacts and \
        their QR codes (default: DATACOLLECT_PUBLIC_URL, else http:// and each request's Host).
        """, valueName: "URL"))
    var publicUrl: String? = ProcessInfo.processInfo.environment["DATACOLLECT_PUBLIC_URL"]

    func run() async throws {
        try await runReportingFailures {
            var configuration = ServerConfiguration(jwtSecret: try secret())
            configuration.host = host
            configuration.port = port
            configuration.maxPushBatch = maxPushBatch
            configuration.maxBodyBytes = maxBodyBytes
            configuration.tokenLifetimeSeconds = tokenLifetime
            if let publicUrl {
                guard let normalized = PublicBaseURL.normalized(publicUrl) else {
                    throw CommandFailure(exit: ExitCodes.usage, message: """
                        --public-url must be an absolute http:// or https:// URL with a host and no query, \
                        fragment or credentials: \(publicUrl)
                        """)
                }
                configuration.publicBaseURL = normalized
            }
            let environment = ProcessInfo.processInfo.environment
            var admin: AdminBootstrap?
            if let email = environment["DATACOLLECT_ADMIN_EMAIL"], let password = environment["DATACOLLECT_ADMIN_PASSWORD"] {
                admin = AdminBootstrap(email: email, password: password)
            }
            try await DataCollectServerApp.serve(
                configuration: configuration, directory: try storage.directory(), stores: try storage.tenantStores(),
                keyFolder: storage.keys, admin: admin,
                onServerRunning: { port in Console.error("datacollect server listening on \(host):\(port)") })
        }
    }

    private func secret() throws -> [UInt8] {
        var text: String?
        if let jwtSecretFile {
            guard let data = FileManager.default.contents(atPath: jwtSecretFile) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the JWT secret file \(jwtSecretFile).")
            }
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            text = ProcessInfo.processInfo.environment["DATACOLLECT_JWT_SECRET"]
        }
        guard let text, text.utf8.count >= ServerConfiguration.minimumSecretBytes else {
            throw CommandFailure(exit: ExitCodes.usage, message: """
                The server needs a JWT secret of at least \(ServerConfiguration.minimumSecretBytes) bytes: \
                set DATACOLLECT_JWT_SECRET or pass --jwt-secret-file (e.g. from `openssl rand -hex 32`).
                """)
        }
        return Array(text.utf8)
    }
}

/// Where the server keeps its accounts, tenants and tenant stores: PostgreSQL with
/// `--database URL` (or `DATABASE_URL`), else the SQLite file `--sqlite FILE` with each tenant's
/// store beside it. Checkpoint keys live in `--key-folder` (default: beside the SQLite file).
struct ServerStorageOptions: ParsableArguments {
    @Option(name: .customLong("sqlite"), help: ArgumentHelp("The server's SQLite database file.", valueName: "FILE"))
    var sqlite = "datacollect-server.sqlite"

    @Option(name: .customLong("database"),
            help: ArgumentHelp("A PostgreSQL URL (postgres://user:password@host:5432/db); DATABASE_URL also works.", valueName: "URL"))
    var database: String? = ProcessInfo.processInfo.environment["DATABASE_URL"]

    @Option(help: ArgumentHelp("The folder of the tenants' checkpoint signing keys (mode 0700).", valueName: "DIR"))
    var keyFolder: String?

    var tenantFolder: String { sqlite + ".tenants" }
    var keys: String { keyFolder ?? sqlite + ".keys" }
    var describedLocation: String { (try? postgres())??.description ?? sqlite }

    private func postgres() throws -> PostgresLocation? {
        guard let database, !database.isEmpty else { return nil }
        do {
            return try PostgresLocation(url: database)
        } catch {
            throw CommandFailure(exit: ExitCodes.usage, message: "\(error)")
        }
    }

    func directory() throws -> any AccountDirectory {
        do {
            if let location = try postgres() { return try PostgresAccountDirectory.open(location: location) }
            return try SQLiteAccountDirectory.open(path: sqlite)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(exit: ExitCodes.integrityFailure, message: "Cannot open the server database: \(error)")
        }
    }

    func tenantStores() throws -> any TenantStoreProvider {
        if let location = try postgres() { return PostgresTenantStores(location: location) }
        return try SQLiteTenantStores(folder: tenantFolder)
    }
}
