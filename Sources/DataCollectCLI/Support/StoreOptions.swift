import DataCollectIntegrity
import ArgumentParser
import DataCollectCore
import DataCollectSQLite
import Foundation

/// `--db FILE`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite database file.", valueName: "FILE"))
    var db: String = ProcessInfo.processInfo.environment["DATACOLLECT_DB"] ?? "datacollect.sqlite"

    /// Opens (creating and migrating if needed) the store.
    func openStore() throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: db)
        } catch {
            throw CommandFailure(exit: ExitCodes.integrityFailure, message: "Cannot open the database \(db): \(error)")
        }
    }

    func manager() throws -> EntityDataManager {
        EntityDataManager(store: try openStore())
    }
}

/// `--json`, for commands that print data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false
}
