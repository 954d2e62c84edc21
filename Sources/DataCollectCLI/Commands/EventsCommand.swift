import ArgumentParser
import DataCollectCore
import DataCollectIntegrity

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Page through the event log by sequence number.",
        discussion: """
        Pages by seq, the order this store recorded events in; pass the printed next cursor as --after.

        Example:
          datacollect events --db registry.sqlite --after 500 --limit 100
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Show events after this sequence number.")
    var after: Int64 = 0

    @Option(help: "Events per page (1–10000).")
    var limit: Int = 100

    func run() throws {
        try runReportingFailures {
            let page = try store.manager().events(afterSeq: after, limit: limit)
            if output.json {
                Console.printJSON([
                    "events": .array(page.events.map(Self.json)),
                    "nextCursor": page.nextCursor.map { .number(JSONNumber(Int($0))) } ?? .null,
                ])
                return
            }
            Console.print(TableFormatter.table(
                headers: ["seq", "guid", "type", "entityGuid", "timestamp", "userId", "status"],
                rows: page.events.map {
                    [String($0.seq), $0.event.guid, $0.event.type, $0.event.entityGuid,
                     $0.event.timestamp.iso8601, $0.event.userId, $0.status.name]
                }))
            if let next = page.nextCursor { Console.print("next: --after \(next)") }
        }
    }

    static func json(_ stored: StoredEvent) -> JSONValue {
        var object = stored.event.jsonValue.objectValue ?? [:]
        object["seq"] = .number(JSONNumber(Int(stored.seq)))
        object["recordedAt"] = .string(stored.recordedAt.iso8601)
        object["status"] = .string(stored.status.name)
        if let reason = stored.status.reason { object["statusReason"] = reason.jsonValue }
        return .object(object)
    }
}

struct PendingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "List stored events that wait for events this store has not received yet.",
        discussion: """
        Example:
          datacollect pending --db registry.sqlite --json
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingFailures {
            let pending = try store.manager().pendingEvents()
            if output.json {
                Console.printJSON(.array(pending.map(EventsCommand.json)))
                return
            }
            Console.print(TableFormatter.table(
                headers: ["seq", "guid", "type", "entityGuid", "reason"],
                rows: pending.map {
                    [String($0.seq), $0.event.guid, $0.event.type, $0.event.entityGuid, $0.status.reason?.message ?? ""]
                }))
            Console.print("\(pending.count) pending events")
        }
    }
}
