import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import Foundation

/// `--known-at` and `--user`, shared by the time-travel commands, and the audit entry each
/// query leaves.
struct TimeTravelOptions: ParsableArguments {
    @Option(name: .customLong("known-at"), help: ArgumentHelp(
        "Transaction time: only events this store had recorded by then (default: now). \(TimePoint.acceptedFormats).",
        valueName: "TIME"))
    var knownAt: String?

    @Option(help: ArgumentHelp("Who runs the query (recorded in the audit trail; default: $DATACOLLECT_USER, then $USER).",
                               valueName: "NAME"))
    var user: String?

    /// The parsed `--known-at`; nil for "now".
    func knownAtTime() throws -> EventTimestamp? {
        try knownAt.map { try TimePoint.parse($0, option: "--known-at") }
    }

    var actor: String { auditActor(user) }

    /// Records the query in the audit trail: who, which query, when. The `--where` criteria
    /// are recorded by their field names and a SHA-256, never their values.
    func recordQuery(_ query: String, manager: EntityDataManager, entityGuid: String = "",
                     times: [String: EventTimestamp?], criteria: SearchCriteria? = nil, criteriaText: String? = nil) throws {
        var details: [String: JSONValue] = ["query": .string(query)]
        for (name, time) in times { details[name] = .string(time?.iso8601 ?? "now") }
        if let criteria, let criteriaText {
            let fields = Set(criteria.clauses.map { $0.path.joined(separator: ".") })
            details["criteriaFields"] = .array(fields.sorted().map(JSONValue.string))
            details["criteriaSHA256"] = .string(Digest.sha256Hex(Array(criteriaText.utf8)))
        }
        try manager.recordAccess(action: "time-travel-query", actor: actor, entityGuid: entityGuid,
                                 details: details, at: manager.clock())
    }
}

/// Parses `--where` JSON into search criteria, or fails with a usage error.
func parseCriteria(_ text: String) throws -> SearchCriteria {
    let parsed: JSONValue
    do {
        parsed = try JSONParser.parse(text)
    } catch {
        throw CommandFailure(exit: ExitCodes.usage, message: "--where is not valid JSON: \(error)")
    }
    return try SearchCriteria(json: parsed)
}
