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

/// `--quiet`, for the long operations that draw a progress bar on a terminal (import, verify,
/// rebuild, retention runs, archive exports). There is never a bar when stderr is not a
/// terminal or with `--json`.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    /// A bar that draws only when neither `--quiet` nor `--json` was given.
    func bar(_ output: OutputOptions, label: String = "") -> ProgressBar {
        ProgressBar(quiet: quiet || output.json, label: label)
    }
}
