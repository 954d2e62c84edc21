import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

/// How a command prints a list.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "List entities, optionally filtered with search criteria.",
        discussion: """
            --where takes the criteria language of docs/SEMANTICS.md as JSON, for example
              --where '[{"type": "group"}, {"village": "Kalamba"}]'
              --where '[{"dateOfBirth": {"$gte": "2010-01-01"}}]'

            Example:
              datacollect entities --db registry.sqlite \\
                --where '[{"village": "Kalamba"}]' --format csv
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("where"), help: ArgumentHelp("Search criteria (JSON list of clauses).", valueName: "JSON"))
    var criteria: String?

    @Option(help: "Output format: table, json or csv.")
    var format: ListFormat = .table

    @Flag(name: .long, help: "Same as --format json.")
    var json = false

    @Option(help: "Print at most this many entities.")
    var limit: Int?

    func run() throws {
        try runReportingFailures {
            let manager = try store.manager()
            var pairs: [EntityPair]
            if let criteria {
                pairs = try manager.search(parseCriteria(criteria))
            } else {
                pairs = try manager.allEntities()
            }
            if let limit { pairs = Array(pairs.prefix(max(0, limit))) }
            let entities = pairs.map(\.modified)
            switch json ? .json : format {
            case .json:
                Console.printJSON(.array(entities.map(\.jsonValue)))
            case .csv:
                Console.print(TableFormatter.csv(headers: Self.headers, rows: entities.map(Self.row)))
            case .table:
                Console.print(TableFormatter.table(headers: Self.headers, rows: entities.map(Self.row)))
                Console.print("\(entities.count) entities")
            }
        }
    }

    static let headers = ["guid", "type", "name", "version", "lastUpdated", "members"]

    static func row(_ entity: Entity) -> [String] {
        [entity.guid, entity.type.rawValue, entity.name, String(entity.version), entity.lastUpdated.iso8601,
         entity.type == .group ? String(entity.memberIds.count) : ""]
    }
}
