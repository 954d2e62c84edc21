import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectSync

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what is left to sync, which events were refused and why, and the last verified server checkpoint.",
        discussion: """
        Reads only this store; the server is not contacted. Without --tenant, shows every tenant \
        this store has synced.

        Example:
          datacollect status --db device.sqlite --tenant survey
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only this tenant.")
    var tenant: String?

    func run() throws {
        try runReportingFailures {
            let store = try self.store.openStore()
            let tenants = try tenant.map { [$0] } ?? SyncStatus.syncedTenants(in: store)
            let statuses = try tenants.map { try SyncStatus.read(tenant: $0, from: store) }
            if output.json {
                var answer: [String: JSONValue] = ["tenants": .array(statuses.map(\.jsonValue))]
                if statuses.isEmpty { answer["unsyncedEvents"] = .number(JSONNumber(try SyncStatus.unsyncedEvents(in: store))) }
                Console.printJSON(.object(answer))
            } else if statuses.isEmpty {
                Console.print("This store has not synced yet: \(try SyncStatus.unsyncedEvents(in: store)) events to push.")
            } else {
                Console.print(statuses.map(Self.summary).joined(separator: "\n\n"))
            }
        }
    }

    static func summary(_ status: SyncStatus) -> String {
        var lines = ["tenant \(status.tenant)" + (status.server.map { " (server \($0))" } ?? " (never synced)")]
        lines.append("  unsynced events: \(status.unsyncedEvents)")
        if let checkpoint = status.checkpoint {
            lines.append("  last verified checkpoint: \(checkpoint.size) events, root \(checkpoint.rootHash.hexString), "
                + "verified \(checkpoint.verifiedAt.iso8601)")
        } else {
            lines.append("  last verified checkpoint: none yet")
        }
        if let audit = status.auditCheckpoint {
            lines.append("  last verified audit-log checkpoint: \(audit.size) entries, root \(audit.rootHash.hexString), "
                + "verified \(audit.verifiedAt.iso8601)")
        }
        if let key = status.serverKey { lines.append("  pinned server key: \(key)") }
        lines.append("  refused events: \(status.rejections.count)")
        for rejection in status.rejections {
            let side = rejection.direction == .push ? "refused by the server" : "refused by this store"
            let field = rejection.field.map { " (\($0))" } ?? ""
            lines.append("    \(rejection.eventGuid) (entity \(rejection.entityGuid)), \(side) as \(rejection.outcome.rawValue): "
                + "\(rejection.code)\(field): \(rejection.message)")
        }
        return lines.joined(separator: "\n")
    }
}
