import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct EntityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity",
        abstract: "Show one entity (a group with its members).",
        discussion: """
        Example:
          datacollect entity --db registry.sqlite hh-1042
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The entity guid.")
    var guid: String

    func run() throws {
        try runReportingFailures {
            let detail = try store.manager().entity(guid)
            if output.json {
                Console.printJSON(detail.jsonValue)
                return
            }
            let entity = detail.pair.modified
            Console.print("\(entity.type.rawValue) \(entity.guid): \(entity.name)")
            Console.print("version \(entity.version), last updated \(entity.lastUpdated.iso8601)"
                + (detail.pair.hasLocalChanges ? ", changed since first recorded" : ""))
            Console.print("data: \(JSONValue.object(entity.data).prettyPrinted())")
            if entity.type == .group {
                Console.print("members (\(detail.members.count)):")
                for member in detail.members {
                    switch member {
                    case .present(let member): Console.print("  \(member.guid)  \(member.type.rawValue)  \(member.name)")
                    case .missing(let guid): Console.print("  \(guid)  (missing)")
                    }
                }
            }
        }
    }
}
