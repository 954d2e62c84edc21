import ArgumentParser
import DataCollectSQLite
import DataCollectIntegrity

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create (or upgrade) a database file.",
        discussion: "Creates the SQLite file with the current schema, or applies missing migrations to an existing one.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingFailures {
            let migrations = try store.openStore().appliedMigrations()
            if output.json {
                Console.printJSON(["database": .string(store.db), "migrations": .array(migrations.map(JSONValue.string))])
            } else {
                Console.print("Database ready: \(store.db) (schema: \(migrations.joined(separator: ", ")))")
            }
        }
    }
}
