import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

/// `datacollect state --as-of T [--known-at K]`: the entities as they were.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the entities as of a past time (valid time), as the store knew them at another (transaction time).",
        discussion: """
            --as-of T: events captured at or before T. --known-at K: only events this store had \
            recorded by K (default: now), which answers "what did we know on K?" when offline \
            devices delivered late. K may be earlier than T. A date alone means the end of that \
            day in UTC. Every query is recorded in the audit trail. See docs/TIME-TRAVEL.md.

            Example:
              datacollect state --db registry.sqlite --as-of 2026-06-30 \\
                --known-at 2026-07-15 --user auditor-1
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var timeTravel: TimeTravelOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Valid time. \(TimePoint.acceptedFormats).", valueName: "TIME"))
    var asOf: String

    @Option(help: ArgumentHelp("Show only this entity.", valueName: "GUID"))
    var entity: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Search criteria (JSON list of clauses, as for `entities`).", valueName: "JSON"))
    var criteria: String?

    @Option(help: "Output format: table, json or csv.")
    var format: ListFormat = .table

    @Option(help: "Print at most this many entities.")
    var limit: Int?

    func run() throws {
        try runReportingFailures {
            let asOfTime = try TimePoint.parse(asOf, option: "--as-of")
            let knownAt = try timeTravel.knownAtTime()
            let search = try criteria.map(parseCriteria)
            let manager = try store.manager()
            try timeTravel.recordQuery("state", manager: manager, entityGuid: entity ?? "",
                                       times: ["asOf": asOfTime, "knownAt": knownAt], criteria: search, criteriaText: criteria)
            var entities: [Entity] = []
            let wanted = limit.map { max(0, $0) } ?? Int.max
            let keep = { (candidate: Entity) in
                if entities.count < wanted, search?.matches(candidate) ?? true { entities.append(candidate) }
            }
            if let entity {
                try manager.entity(entity, asOf: asOfTime, knownAt: knownAt).map(keep)
            } else {
                try manager.forEachEntity(asOf: asOfTime, knownAt: knownAt) { canonical in
                    guard entities.count < wanted else { return }
                    keep(try Entity(json: JSONParser.parse(canonical)))
                }
            }
            switch format {
            case .json:
                Console.printJSON(.array(entities.map(\.jsonValue)))
            case .csv:
                Console.print(TableFormatter.csv(headers: EntitiesCommand.headers, rows: entities.map(EntitiesCommand.row)))
            case .table:
                Console.print(TableFormatter.table(headers: EntitiesCommand.headers, rows: entities.map(EntitiesCommand.row)))
                Console.print("\(entities.count) entities as of \(asOfTime.iso8601), known at \(knownAt?.iso8601 ?? "now")")
            }
        }
    }
}
