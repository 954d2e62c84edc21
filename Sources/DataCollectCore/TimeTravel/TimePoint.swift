public import DataCollectIntegrity

/// Parses the points in time auditors type: a full ISO 8601 date-time, a calendar date, or
/// `now`.
///
/// A calendar date means the *end* of that day in UTC: "as of 2024-03-01" includes everything
/// captured on 1 March. Times are inclusive: "as of T" includes events captured at T.
public enum TimePoint {
    public static let acceptedFormats =
        "an ISO 8601 date and time with a zone (2024-03-01T08:15:00Z, 2024-03-01T10:15:00.250+02:00), "
        + "a date (2024-03-01, meaning the end of that day in UTC), or now"

    /// - Parameters:
    ///   - option: the option's name, for the error (`--as-of`).
    ///   - now: the clock `now` reads.
    public static func parse(_ text: String, option: String,
                             now: () -> EventTimestamp = EventTimestamp.now) throws(DataCollectError) -> EventTimestamp {
        let trimmed = text.trimmingASCIIWhitespace()
        if trimmed.lowercased() == "now" { return now() }
        if let timestamp = EventTimestamp(parsing: trimmed) { return timestamp }
        if isCalendarDate(trimmed), let midnight = EventTimestamp(parsing: trimmed + "T00:00:00Z") {
            return EventTimestamp(epochMilliseconds: midnight.epochMilliseconds + 86_400_000 - 1)
        }
        throw DataCollectError(.invalidTime, field: option,
                               message: "The time is not in an accepted form. Accepted: \(acceptedFormats).")
    }

    private static func isCalendarDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
