import DataCollectCore
import DataCollectIntegrity

extension DemoRun {
    /// Step 5: the state a month before the last capture and what changed since; the same time
    /// as the store knew it before and after the offline batch; the household the batch rewrote most.
    mutating func timeTravel(late: [Event]) throws {
        say("5. Time travel (each query is recorded in the audit trail):")
        let end = lastCapture
        let monthAgo = EventTimestamp(epochMilliseconds: end.epochMilliseconds - 30 * 86_400_000)
        try record("state-hash", "", ["asOf": .string(monthAgo.iso8601), "knownAt": "now"])
        let then = try manager.stateHash(asOf: monthAgo)
        say("   a month before the last capture (\(monthAgo.iso8601)): \(then.entities) entities, state \(then.hash.prefix(16))…")
        try record("diff", "", ["from": .string(monthAgo.iso8601), "to": .string(end.iso8601), "knownAt": "now"])
        let diff = try manager.diff(from: monthAgo, to: end)
        say("   since then: \(diff.created.count) entities created, \(diff.changed.count) changed, \(diff.deleted.count) deleted.")

        let candidates = Set(late.filter { $0.type == "update-group" || $0.type == "add-member" }.map(\.entityGuid))
        let replacedCounts = try manager.store.read { transaction in
            try candidates.map { guid in (guid, try transaction.everyVersion(of: guid).filter { $0.recordedTo != nil }.count) }
        }
        guard let middle = late.map(\.timestamp).sorted().dropFirst(late.count / 2).first,
              let (household, replaced) = replacedCounts.max(by: { ($0.1, $1.0) < ($1.1, $0.0) })
        else { return }
        try record("state-hash", "", ["asOf": .string(middle.iso8601), "knownAt": .string(knownBeforeLateBatch.iso8601)])
        let before = try manager.stateHash(asOf: middle, knownAt: knownBeforeLateBatch)
        try record("state-hash", "", ["asOf": .string(middle.iso8601), "knownAt": "now"])
        let after = try manager.stateHash(asOf: middle)
        say("   as of \(middle.iso8601), known before the offline batch: \(before.entities) entities, \(before.hash.prefix(16))…")
        say("   as of \(middle.iso8601), known now:                     \(after.entities) entities, \(after.hash.prefix(16))…")
        try record("history", household, ["knownAt": "now"])
        let history = try manager.history(of: household)
        say("   household \(household): \(history.count) versions; the late batch replaced \(replaced) the store had known. "
            + "Try: datacollect history --db \(database) \(household)")
        facts.append("time travel: \(diff.changed.count) entities changed in the last month of capture")
    }

    private func record(_ query: String, _ entity: String, _ details: [String: JSONValue]) throws {
        try manager.recordAccess(action: "time-travel-query", actor: "demo-auditor", entityGuid: entity,
                                 details: details.merging(["query": .string(query)]) { old, _ in old }, at: manager.clock())
    }
}
