import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import Foundation

struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List potential duplicates, or resolve one pair.",
        discussion: """
            Resolving submits a resolve-duplicate event, so every replica repeats the decision:
              datacollect duplicates --resolve NEW_GUID:EXISTING_GUID --keep-both \\
                --user officer-1
              datacollect duplicates --resolve NEW_GUID:EXISTING_GUID --delete \\
                --user officer-1
            --delete deletes the first (newer) entity of the pair.

            Examples:
              datacollect duplicates --db registry.sqlite
              datacollect duplicates --db registry.sqlite --resolve ind-17:ind-940 \\
                --keep-both --user officer-3
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The pair to resolve.", valueName: "ENTITY:DUPLICATE"))
    var resolve: String?

    @Flag(help: "Keep both entities (dismiss the pair).")
    var keepBoth = false

    @Flag(help: "Delete the first entity of the pair.")
    var delete = false

    @Option(help: "Who resolves the pair (recorded in the event and the audit trail).")
    var user: String?

    func validate() throws {
        guard resolve != nil else {
            if keepBoth || delete { throw ValidationError("--keep-both and --delete need --resolve.") }
            return
        }
        guard keepBoth != delete else { throw ValidationError("Choose exactly one of --keep-both or --delete.") }
        guard user?.isEmpty == false else { throw ValidationError("--resolve needs --user: who decided.") }
    }

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            if let resolve { try resolvePair(resolve, manager: manager) }
            let pairs = try manager.potentialDuplicates()
            if output.json {
                Console.printJSON(.array(pairs.map(\.jsonValue)))
            } else {
                Console.print(TableFormatter.table(headers: ["entityGuid", "duplicateGuid"],
                                                   rows: pairs.map { [$0.entityGuid, $0.duplicateGuid] }))
                Console.print("\(pairs.count) potential duplicate pairs")
            }
        }
    }

    private func resolvePair(_ text: String, manager: EntityDataManager) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw CommandFailure(exit: ExitCodes.usage, message: "--resolve takes ENTITY:DUPLICATE, two guids separated by a colon.")
        }
        let event = Event(
            guid: UUID().uuidString.lowercased(), entityGuid: parts[0], type: "resolve-duplicate",
            data: ["duplicates": [["entityGuid": .string(parts[0]), "duplicateGuid": .string(parts[1])]],
                   "shouldDelete": .bool(delete)],
            timestamp: EventTimestamp.now(), userId: user ?? "")
        let report = try manager.submit([event])
        if case .rejected(let error)? = report.items.first?.outcome { throw error }
    }
}
