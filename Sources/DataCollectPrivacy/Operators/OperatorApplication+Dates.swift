import DataCollectCore
import DataCollectIntegrity

/// The date operators: `generalizeDate` and `dateShift`. Dates in data are text, either a date
/// `YYYY-MM-DD` or an ISO 8601 date-time (see ``EventTimestamp``); the proleptic Gregorian
/// calendar applies to every year from 0000 to 9999, so dates before 1900 and leap days work.
extension AnonymizationOperator {
    static let dateExpectation = "a text date (YYYY-MM-DD or an ISO 8601 date-time)"

    /// A date to its year (`2024`), quarter (`2024-Q1`) or month (`2024-03`). A date-time is
    /// taken at its UTC date. A value that an earlier run already generalized (`2024`,
    /// `2024-Q1`, `2024-03`) is coarsened when the granularity asks for less (`2024-03` to
    /// `2024-Q1` or `2024`) and otherwise kept: detail that is gone cannot come back.
    static func generalizeDate(_ value: JSONValue, to granularity: DateGranularity,
                               context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        if let text = value.stringValue, let coarse = DateText.parseGeneralized(text) {
            return .string(DateText.coarsen(coarse, to: granularity) ?? text)
        }
        let date = try parseDate(value, operatorName: "generalizeDate", context: context)
        let civil = date.civil
        return .string(DateText.generalize(year: civil.year, month: civil.month, to: granularity))
    }

    /// Moves the date by the unit's key-derived offset. A date stays a date (`YYYY-MM-DD`); a
    /// date-time becomes normalised ISO 8601 UTC (`2024-03-01T08:15:00.000Z`). A date that an
    /// earlier run generalized to a year, quarter or month (`2024`, `2024-Q1`, `2024-03`) no
    /// longer has a day to hide and is kept as it is.
    static func dateShift(_ value: JSONValue, maxDays: Int, key: String,
                          context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        if let text = value.stringValue, DateText.parseGeneralized(text) != nil { return value }
        let date = try parseDate(value, operatorName: "dateShift", context: context)
        let offset = try dateShiftOffset(maxDays: maxDays, key: key, context: context)
        let shifted: String?
        switch date {
        case .date(let year, let month, let day):
            let civil = CivilDate.fromDays(CivilDate.toDays(year: year, month: month, day: day) + Int64(offset))
            shifted = DateText.format(year: civil.year, month: civil.month, day: civil.day)
        case .dateTime(let timestamp):
            let moved = EventTimestamp(epochMilliseconds: timestamp.epochMilliseconds + Int64(offset) * DateText.dayMillis)
            let year = CivilDate.fromDays(DateText.utcDay(moved)).year
            shifted = (0...9999).contains(year) ? moved.iso8601 : nil
        }
        guard let shifted else {
            throw context.error(.outOfRange, "dateShift would move the date outside the years 0000 to 9999.")
        }
        return .string(shifted)
    }

    private static func parseDate(_ value: JSONValue, operatorName: String,
                                  context: OperatorContext) throws(AnonymizationError) -> DateText.Parsed {
        guard let text = value.stringValue else {
            throw context.wrongType(operatorName, expected: dateExpectation, found: value)
        }
        guard let date = DateText.parse(text) else {
            throw context.error(.notADate, "\(operatorName) expects \(dateExpectation), but the text is not one.")
        }
        return date
    }
}

/// Reading and writing the date texts of data and of generalized dates.
enum DateText {
    static let dayMillis: Int64 = 86_400_000

    enum Parsed {
        case date(year: Int, month: Int, day: Int)
        case dateTime(EventTimestamp)

        /// The calendar date; for a date-time, its UTC date.
        var civil: (year: Int, month: Int, day: Int) {
            switch self {
            case .date(let year, let month, let day): (year, month, day)
            case .dateTime(let timestamp): CivilDate.fromDays(DateText.utcDay(timestamp))
            }
        }
    }

    /// A date `YYYY-MM-DD` (a real day of the Gregorian calendar) or an ISO 8601 date-time.
    static func parse(_ text: String) -> Parsed? {
        if let date = parseDay(text) { return .date(year: date.year, month: date.month, day: date.day) }
        if let timestamp = EventTimestamp(parsing: text) { return .dateTime(timestamp) }
        return nil
    }

    /// A generalized date as ``generalize(year:month:to:)`` writes it.
    enum Generalized: Equatable {
        case year(Int)
        case quarter(year: Int, quarter: Int)
        case month(year: Int, month: Int)
    }

    /// Exactly `YYYY`, `YYYY-Qn` (n from 1 to 4) or `YYYY-MM` (a month from 01 to 12).
    static func parseGeneralized(_ text: String) -> Generalized? {
        let bytes = Array(text.utf8)
        guard bytes.count == 4 || bytes.count == 7, let year = digits(bytes, 0, 4) else { return nil }
        if bytes.count == 4 { return .year(year) }
        guard bytes[4] == UInt8(ascii: "-") else { return nil }
        if bytes[5] == UInt8(ascii: "Q") {
            guard let quarter = digits(bytes, 6, 1), (1...4).contains(quarter) else { return nil }
            return .quarter(year: year, quarter: quarter)
        }
        guard let month = digits(bytes, 5, 2), (1...12).contains(month) else { return nil }
        return .month(year: year, month: month)
    }

    /// The generalized date at a coarser granularity, or nil when the granularity is finer than
    /// what the value still holds (a year cannot become a month).
    static func coarsen(_ value: Generalized, to granularity: DateGranularity) -> String? {
        switch (value, granularity) {
        case (.year(let year), .year), (.quarter(let year, _), .year), (.month(let year, _), .year):
            generalize(year: year, month: 1, to: .year)
        case (.quarter(let year, let quarter), .quarter):
            generalize(year: year, month: (quarter - 1) * 3 + 1, to: .quarter)
        case (.month(let year, let month), .quarter), (.month(let year, let month), .month):
            generalize(year: year, month: month, to: granularity)
        default:
            nil
        }
    }

    /// Exactly `YYYY-MM-DD`, a day that exists.
    static func parseDay(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        return (year, month, day)
    }

    /// The decimal number in `bytes[from..<from+count]`, all ASCII digits.
    static func digits(_ bytes: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from >= 0, from + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[from..<(from + count)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func utcDay(_ timestamp: EventTimestamp) -> Int64 {
        let millis = timestamp.epochMilliseconds
        return millis >= 0 ? millis / dayMillis : (millis - dayMillis + 1) / dayMillis
    }

    static func format(year: Int, month: Int, day: Int) -> String? {
        guard (0...9999).contains(year) else { return nil }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func generalize(year: Int, month: Int, to granularity: DateGranularity) -> String {
        switch granularity {
        case .year: pad(year, 4)
        case .quarter: "\(pad(year, 4))-Q\((month - 1) / 3 + 1)"
        case .month: "\(pad(year, 4))-\(pad(month, 2))"
        }
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
