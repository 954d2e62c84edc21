import DataCollectIntegrity

/// A capture time, normalised to UTC with millisecond precision: `2024-03-01T08:15:00.000Z`.
///
/// Accepted input: ISO 8601 / RFC 3339 date-times with a `T` separator, seconds, an optional
/// fraction of up to 9 digits (digits past the millisecond must be zero) and a zone (`Z`, `±HH:MM`
/// or `±HHMM`). The existing system accepted any non-empty string; we reject everything else
/// with a message naming these formats, because ordering and conflict resolution depend on it.
/// The normalised text sorts in time order, so stores can index and compare it as text.
///
/// ```swift
/// let t = try EventTimestamp(parsing: "2024-03-01T10:15:00+02:00")
/// t.iso8601 // "2024-03-01T08:15:00.000Z"
/// ```
public struct EventTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let epochMilliseconds: Int64

    /// The accepted formats, for error messages.
    public static let acceptedFormats =
        "ISO 8601 date and time with seconds and a zone, for example 2024-03-01T08:15:00Z, "
        + "2024-03-01T08:15:00.250Z or 2024-03-01T10:15:00+02:00"

    public init(epochMilliseconds: Int64) {
        self.epochMilliseconds = epochMilliseconds
    }

    /// Parses an ISO 8601 date-time; returns nil when the text is not one of the accepted forms.
    public init?(parsing text: String) {
        guard let millis = ISO8601Parsing.epochMilliseconds(Array(text.utf8)) else { return nil }
        self.epochMilliseconds = millis
    }

    /// The normalised UTC form with exactly three fraction digits.
    public var iso8601: String { ISO8601Parsing.format(epochMilliseconds) }
    public var description: String { iso8601 }

    public static func < (lhs: EventTimestamp, rhs: EventTimestamp) -> Bool {
        lhs.epochMilliseconds < rhs.epochMilliseconds
    }
}

/// Civil-calendar arithmetic for ISO 8601 text, without Foundation date formatters
/// (which are slow, locale-sensitive and lenient).
enum ISO8601Parsing {
    static func epochMilliseconds(_ b: [UInt8]) -> Int64? {
        // YYYY-MM-DDTHH:MM:SS = 19 bytes minimum, plus a zone.
        guard b.count >= 20, b.count <= 40 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }

        var index = 19
        var millis = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 { index += 1 }
            let count = index - start
            guard count >= 1, count <= 9 else { return nil }
            for i in 0..<count {
                let digit = Int(b[start + i] - 0x30)
                if i < 3 {
                    millis = millis * 10 + digit
                } else if digit != 0 {
                    return nil  // finer than a millisecond: refuse rather than round silently
                }
            }
            for _ in 0..<max(0, 3 - count) { millis *= 10 }
        }

        guard index < b.count else { return nil }
        var offsetMinutes = 0
        switch b[index] {
        case UInt8(ascii: "Z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard index + 2 <= b.count, let zoneHours = digits(index, 2) else { return nil }
            index += 2
            if index < b.count, b[index] == UInt8(ascii: ":") { index += 1 }
            guard index + 2 <= b.count, let zoneMinutes = digits(index, 2) else { return nil }
            index += 2
            guard zoneHours <= 23, zoneMinutes <= 59 else { return nil }
            offsetMinutes = sign * (zoneHours * 60 + zoneMinutes)
        default:
            return nil
        }
        guard index == b.count else { return nil }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    static func format(_ epochMilliseconds: Int64) -> String {
        let millis = Int(((epochMilliseconds % 1000) + 1000) % 1000)
        let totalSeconds = (epochMilliseconds - Int64(millis)) / 1000
        let secondsOfDay = Int(((totalSeconds % 86_400) + 86_400) % 86_400)
        let days = Int((totalSeconds - Int64(secondsOfDay)) / 86_400)
        let (year, month, day) = civilFromDays(days)
        // Written into a fixed 24-byte buffer: this runs for every event read and hashed.
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at offset: Int, width: Int) {
            var remaining = max(0, value)
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        bytes[10] = UInt8(ascii: "T")
        put(secondsOfDay / 3600, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(secondsOfDay / 60 % 60, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(secondsOfDay % 60, at: 17, width: 2)
        bytes[19] = UInt8(ascii: ".")
        put(millis, at: 20, width: 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
