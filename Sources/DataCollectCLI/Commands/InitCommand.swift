import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create (or upgrade) a database and its checkpoint signing key.",
        discussion: """
            Creates the SQLite file with the current schema (or applies missing migrations), gives \
            the store a checkpoint origin, and creates an Ed25519 signing key (file mode 0600, \
            default <db>.signing-key). Prints the verifier key: give it to auditors, who pass it \
            to datacollect verify --verifier-key.

            Example:
              datacollect init --db registry.sqlite --key registry.signing-key
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The signing key file (created if missing).", valueName: "FILE"))
    var key: String?

    func run() throws {
        try runReportingFailures {
            let sqlite = try store.openStore()
            let keyPath = key ?? SigningKeyFile.defaultPath(forDatabase: store.db)
            let (origin, verifierKey, created) = try StoreSetup.prepare(sqlite, keyPath: keyPath)
            let migrations = try sqlite.appliedMigrations()
            if output.json {
                Console.printJSON([
                    "database": .string(store.db), "migrations": .array(migrations.map(JSONValue.string)),
                    "origin": .string(origin), "keyFile": .string(keyPath), "keyCreated": .bool(created),
                    "verifierKey": .string(verifierKey),
                ])
            } else {
                Console.print("Database ready: \(store.db) (schema: \(migrations.joined(separator: ", ")))")
                Console.print("Checkpoint origin: \(origin)")
                Console.print((created ? "Signing key created: " : "Signing key: ") + keyPath)
                Console.print("Verifier key (give this to auditors):\n\(verifierKey)")
            }
        }
    }
}
