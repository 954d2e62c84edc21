import DataCollectIntegrity

/// `household-exited`: a household left the programme (graduated, moved away, no longer
/// eligible). Its data gets `status: "exited"`, `exitDate` and, when given, `exitReason`; its
/// members stay as they are. Retention rules count from this event
/// (`from: {event: household-exited}`) or from the `exitDate` it sets (`from: {field: exitDate}`).
///
/// Payload: `exitDate` (optional, a calendar date `YYYY-MM-DD`; default: the date the event was
/// captured, UTC) and `reason` (optional text). Nothing else: a typo in a field name is
/// refused at the door, not stored unnoticed. An exit for a household this store has not seen
/// yet waits (pending) for its registration; an exit of an individual or of a deleted household
/// is skipped.
struct HouseholdExitApplier: EventApplier {
    let eventType = "household-exited"
    static let allowedFields: Set<String> = ["exitDate", "reason"]

    func validate(_ event: Event) throws(DataCollectError) {
        _ = try patch(for: event)
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        if let failure = try GroupTarget.check(event, in: context) { return failure }
        try context.mergeData(into: event.entityGuid, try patch(for: event))
        return .applied
    }

    /// What the exit writes into the household's data.
    private func patch(for event: Event) throws(DataCollectError) -> [String: JSONValue] {
        if let unknown = event.data.keys.sorted().first(where: { !Self.allowedFields.contains($0) }) {
            throw DataCollectError(.invalidForm, field: "data.\(unknown)",
                                   message: "A household-exited event takes only exitDate and reason; \(unknown) is not one of them.")
        }
        var patch: [String: JSONValue] = ["status": "exited"]
        switch event.data["exitDate"] {
        case nil:
            patch["exitDate"] = .string(String(event.timestamp.iso8601.prefix(10)))
        case .string(let date)? where Self.isCalendarDate(date):
            patch["exitDate"] = .string(date)
        default:
            throw DataCollectError(.invalidForm, field: "data.exitDate",
                                   message: "exitDate must be a calendar date written YYYY-MM-DD, such as 2024-06-30.")
        }
        switch event.data["reason"] {
        case nil: break
        case .string(let reason)?: patch["exitReason"] = .string(reason)
        default:
            throw DataCollectError(.invalidForm, field: "data.reason", message: "reason must be text.")
        }
        return patch
    }

    /// `YYYY-MM-DD` naming a day that exists (no 2023-02-29, no 2024-13-01).
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
