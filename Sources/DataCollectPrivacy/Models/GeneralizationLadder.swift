import DataCollectIntegrity

/// How a quasi-identifier can be generalized beyond what the profile's operators did, one level
/// at a time, when k-anonymity needs it:
///
/// - dates: `YYYY-MM-DD` (or a date-time) → `YYYY-MM` → `YYYY-Qn` → `YYYY` → decade `2010s`;
/// - number intervals `"a-b"` (as `generalizeNumber` writes them): the width doubles each step,
///   lower bounds staying multiples of the width (`1500-2000` → `1000-2000` → `0-2000`).
///
/// - strings the profile generalizes with a hierarchy table (village → district → province):
///   one more level of the same table each step.
///
/// Other quasi-identifiers have no ladder. `null` stays `null`.
enum GeneralizationLadder: Sendable {
    case date
    case interval
    /// child → parent, the profile's own table.
    case hierarchy([String: String])

    /// The most steps an interval ladder takes (width × 2^64 covers any data).
    static let maxIntervalSteps = 64

    /// The ladder every non-null value fits; nil when there is none (or no non-null value).
    static func detect(_ values: [JSONValue]) -> GeneralizationLadder? {
        let texts = values.filter { !$0.isNull }
        guard !texts.isEmpty else { return nil }
        if texts.allSatisfy({ $0.stringValue.flatMap(DateLevel.init) != nil }) { return .date }
        if texts.allSatisfy({ $0.stringValue.flatMap(NumberInterval.init) != nil }) { return .interval }
        return nil
    }

    /// The values one level up, or nil when this ladder has no further step for them.
    func step(_ values: [JSONValue], stepsTaken: Int) -> [JSONValue]? {
        switch self {
        case .date:
            let levels = values.map { $0.stringValue.flatMap(DateLevel.init) }
            let present = levels.compactMap { $0?.level }
            guard let low = present.min(), let high = present.max() else { return nil }
            let target = low == high ? high + 1 : high
            guard target <= DateLevel.decade else { return nil }
            return zip(values, levels).map { value, level in level.map { .string($0.text(at: target)) } ?? value }
        case .interval:
            let distinct = Set(values.filter { !$0.isNull })
            guard distinct.count > 1, stepsTaken < Self.maxIntervalSteps else { return nil }
            return values.map { value in
                value.stringValue.flatMap(NumberInterval.init).map { .string($0.doubled.text) } ?? value
            }
        case .hierarchy(let table):
            // A cycle in the table cannot loop: the step count is bounded by the table's size.
            guard stepsTaken < table.count else { return nil }
            let raised = values.map { value in value.stringValue.flatMap { table[$0] }.map(JSONValue.string) ?? value }
            return raised == values ? nil : raised
        }
    }
}

/// A date at one of the ladder's levels: 0 day, 1 month, 2 quarter, 3 year, 4 decade.
struct DateLevel {
    static let decade = 4
    var level: Int
    var year: Int
    var month: Int?
    var quarter: Int?

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        if let day = DateText.parseDay(text) {
            self.init(level: 0, year: day.year, month: day.month)
        } else if let dateTime = DateText.parse(text) {
            let civil = dateTime.civil
            self.init(level: 0, year: civil.year, month: civil.month)
        } else if bytes.count == 7, bytes[4] == UInt8(ascii: "-"), let year = DateText.digits(bytes, 0, 4) {
            if bytes[5] == UInt8(ascii: "Q") {
                guard let quarter = DateText.digits(bytes, 6, 1), (1...4).contains(quarter) else { return nil }
                self.init(level: 2, year: year, quarter: quarter)
            } else {
                guard let month = DateText.digits(bytes, 5, 2), (1...12).contains(month) else { return nil }
                self.init(level: 1, year: year, month: month)
            }
        } else if bytes.count == 4, let year = DateText.digits(bytes, 0, 4) {
            self.init(level: 3, year: year)
        } else if bytes.count == 5, bytes[4] == UInt8(ascii: "s"), let year = DateText.digits(bytes, 0, 4), year % 10 == 0 {
            self.init(level: 4, year: year)
        } else {
            return nil
        }
    }

    private init(level: Int, year: Int, month: Int? = nil, quarter: Int? = nil) {
        self.level = level
        self.year = year
        self.month = month
        self.quarter = quarter ?? month.map { ($0 - 1) / 3 + 1 }
    }

    /// The text at `target` (never below this value's own level).
    func text(at target: Int) -> String {
        switch max(target, level) {
        case 1: "\(DateText.pad(year, 4))-\(DateText.pad(month ?? 1, 2))"
        case 2: "\(DateText.pad(year, 4))-Q\(quarter ?? 1)"
        case 3: DateText.pad(year, 4)
        default: "\(DateText.pad(year / 10 * 10, 4))s"
        }
    }
}

/// A number interval `"lower-upper"` (lower inclusive, upper exclusive), as `generalizeNumber` writes.
struct NumberInterval {
    var lower: Double
    var upper: Double
    var exact: (lower: ExactDecimal, upper: ExactDecimal)?

    init?(_ text: String) {
        let characters = Array(text)
        // The separator is the first "-" that follows a digit ("-500-0", "-1000--500").
        guard let split = characters.indices.first(where: { $0 > 0 && characters[$0] == "-" && characters[$0 - 1].isNumber })
        else { return nil }
        let lowerText = String(characters[..<split]), upperText = String(characters[(split + 1)...])
        guard let lowerNumber = JSONNumber(literal: lowerText), let upperNumber = JSONNumber(literal: upperText),
              lowerNumber < upperNumber
        else { return nil }
        lower = lowerNumber.doubleValue
        upper = upperNumber.doubleValue
        if let a = ExactDecimal(lowerNumber.canonical), let b = ExactDecimal(upperNumber.canonical),
           let x = a.rescaled(to: max(a.scale, b.scale)), let y = b.rescaled(to: max(a.scale, b.scale)) {
            exact = (x, y)
        }
    }

    private init(lower: Double, upper: Double, exact: (lower: ExactDecimal, upper: ExactDecimal)?) {
        self.lower = lower
        self.upper = upper
        self.exact = exact
    }

    /// The interval of twice the width whose lower bound is a multiple of that width.
    var doubled: NumberInterval {
        if let exact {
            let scale = exact.lower.scale
            let (width, overflow1) = exact.upper.units.subtractingReportingOverflow(exact.lower.units)
            let (twice, overflow2) = width.multipliedReportingOverflow(by: 2)
            if !overflow1, !overflow2, let lower = exact.lower.floorMultiple(of: ExactDecimal(units: twice, scale: scale)),
               let upper = lower.adding(ExactDecimal(units: twice, scale: scale)) {
                return NumberInterval(lower: Double(lower.text) ?? 0, upper: Double(upper.text) ?? 0, exact: (lower, upper))
            }
        }
        let width = 2 * (upper - lower)
        let newLower = (lower / width).rounded(.down) * width
        return NumberInterval(lower: newLower, upper: newLower + width, exact: nil)
    }

    var text: String {
        if let exact { return "\(exact.lower.text)-\(exact.upper.text)" }
        return "\(ExactDecimal.text(lower))-\(ExactDecimal.text(upper))"
    }
}
