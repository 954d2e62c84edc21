public import DataCollectCore

/// An ISO 8601 duration of whole calendar units: `P5Y`, `P18M`, `P2Y6M`, `P90D`, `P1Y2M10D`, `P4W`.
/// Adding it is calendar-aware and never early: 29 February plus one year is 1 March.
public struct ISODuration: Sendable, Hashable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var days: Int
    public let description: String

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes[0] == UInt8(ascii: "P") else { return nil }
        var years = 0, months = 0, days = 0
        var number: Int?
        var lastUnit = 0
        for byte in bytes.dropFirst() {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let digit = Int(byte - UInt8(ascii: "0"))
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(digit)
                guard !overflow1, !overflow2, sum <= 100_000 else { return nil }
                number = sum
                continue
            }
            guard let value = number else { return nil }
            let order: Int
            switch byte {
            case UInt8(ascii: "Y"): years = value; order = 1
            case UInt8(ascii: "M"): months = value; order = 2
            case UInt8(ascii: "W"): days += value * 7; order = 3
            case UInt8(ascii: "D"): days += value; order = 4
            default: return nil
            }
            guard order > lastUnit else { return nil }
            lastUnit = order
            number = nil
        }
        guard number == nil, lastUnit > 0 else { return nil }
        self.years = years
        self.months = months
        self.days = days
        description = text
    }

    /// `start` plus this duration, in UTC. A day that does not exist in the target month (31
    /// April, 29 February in a common year) rolls forward to the first of the next month.
    public func added(to start: EventTimestamp) -> EventTimestamp {
        let dayMillis: Int64 = 86_400_000
        let millis = start.epochMilliseconds
        let dayNumber = millis >= 0 ? millis / dayMillis : (millis - dayMillis + 1) / dayMillis
        let timeOfDay = millis - dayNumber * dayMillis
        var (year, month, day) = CivilDate.fromDays(dayNumber)
        let totalMonths = (year * 12 + (month - 1)) + years * 12 + months
        year = totalMonths / 12
        month = totalMonths % 12 + 1
        if day > CivilDate.daysIn(month: month, year: year) {
            day = 1
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        let shifted = CivilDate.toDays(year: year, month: month, day: day) + Int64(days)
        return EventTimestamp(epochMilliseconds: shifted * dayMillis + timeOfDay)
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), after
/// Howard Hinnant's `days_from_civil`.
public enum CivilDate {
    public static func toDays(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func fromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
