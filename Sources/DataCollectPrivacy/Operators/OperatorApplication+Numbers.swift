import DataCollectIntegrity
import Foundation

/// The number operators: `generalizeNumber`, `bucket` and `round`. Arithmetic is exact decimal
/// whenever the value and the width or step fit in 18 digits (so 0.3 with a width of 0.1 lands in
/// `0.3-0.4`, not `0.2-0.3`), and falls back to `Double` beyond.
extension AnonymizationOperator {
    /// `[lower, lower + width)` as text `"lower-upper"`, lower a multiple of width, rounded down
    /// (so -1 with width 500 is `"-500-0"`). Integers are written without `.0`.
    static func generalizeNumber(_ value: JSONValue, width: Double,
                                 context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard width.isFinite, width > 0 else {
            throw context.error(.invalidOperator, "generalizeNumber needs a width greater than 0.")
        }
        guard let number = value.numberValue else {
            throw context.wrongType("generalizeNumber", expected: "a number", found: value)
        }
        if let (x, w) = ExactDecimal.aligned(number, width), let lower = x.floorMultiple(of: w),
           let upper = lower.adding(w) {
            return .string("\(lower.text)-\(upper.text)")
        }
        let lower = (number.doubleValue / width).rounded(.down) * width
        guard lower.isFinite, lower + width > lower else {
            throw context.error(.outOfRange, "generalizeNumber's width is too small for the size of the number.")
        }
        return .string("\(ExactDecimal.text(lower))-\(ExactDecimal.text(lower + width))")
    }

    /// The label of the first bucket with `min <= value < max` (a nil bound is unbounded).
    static func bucket(_ value: JSONValue, into buckets: [NumberBucket],
                       context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard let number = value.numberValue else {
            throw context.wrongType("bucket", expected: "a number", found: value)
        }
        let x = number.doubleValue
        for bucket in buckets where (bucket.min.map { x >= $0 } ?? true) && (bucket.max.map { x < $0 } ?? true) {
            return .string(bucket.label)
        }
        throw context.error(.outsideBuckets, "The number is outside every bucket of the bucket operator. "
            + "Add a bucket with an open bound (no min or no max) to catch every value.")
    }

    /// The nearest multiple of `step`; halves go away from zero (2.5 with step 1 is 3, -2.5 is -3).
    static func round(_ value: JSONValue, step: Double,
                      context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard step.isFinite, step > 0 else {
            throw context.error(.invalidOperator, "round needs a step greater than 0.")
        }
        guard let number = value.numberValue else {
            throw context.wrongType("round", expected: "a number", found: value)
        }
        if let (x, s) = ExactDecimal.aligned(number, step), let rounded = x.nearestMultiple(of: s),
           let result = JSONNumber(literal: rounded.text) {
            return .number(result)
        }
        let rounded = (number.doubleValue / step).rounded(.toNearestOrAwayFromZero) * step
        guard let result = JSONNumber(literal: ExactDecimal.text(rounded)) ?? JSONNumber(rounded) else {
            throw context.error(.outOfRange, "round gives a number too large to write.")
        }
        return .number(result)
    }
}

/// A decimal `units / 10^scale` held in an `Int`: exact arithmetic for the number operators.
struct ExactDecimal: Equatable {
    var units: Int
    var scale: Int

    /// From a plain decimal text (`-12.50`, `0.001`, `42`); nil for exponents or too many digits.
    init?(_ text: String) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, parts[0].count + fraction.count <= 18,
              let magnitude = Int(parts[0] + fraction)
        else { return nil }
        units = negative ? -magnitude : magnitude
        scale = fraction.count
    }

    init(units: Int, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// The number and a parameter (`width`, `step`) at a common scale; nil when either does not fit.
    static func aligned(_ number: JSONNumber, _ parameter: Double) -> (ExactDecimal, ExactDecimal)? {
        guard let parameterNumber = JSONNumber(parameter),
              let a = ExactDecimal(number.canonical), let b = ExactDecimal(parameterNumber.canonical),
              let x = a.rescaled(to: max(a.scale, b.scale)), let y = b.rescaled(to: max(a.scale, b.scale))
        else { return nil }
        return (x, y)
    }

    func rescaled(to newScale: Int) -> ExactDecimal? {
        var result = units
        for _ in scale..<newScale {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = next
        }
        return ExactDecimal(units: result, scale: newScale)
    }

    func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return overflow ? nil : ExactDecimal(units: sum, scale: scale)
    }

    /// The largest multiple of `step` (same scale, positive) not above this value.
    func floorMultiple(of step: ExactDecimal) -> ExactDecimal? {
        var quotient = units / step.units
        if units % step.units != 0, units < 0 { quotient -= 1 }
        let (product, overflow) = quotient.multipliedReportingOverflow(by: step.units)
        return overflow ? nil : ExactDecimal(units: product, scale: scale)
    }

    /// The nearest multiple of `step` (same scale, positive), halves away from zero.
    func nearestMultiple(of step: ExactDecimal) -> ExactDecimal? {
        var quotient = units / step.units
        let remainder = (units % step.units).magnitude
        if remainder >= step.units.magnitude - remainder { quotient += units < 0 ? -1 : 1 }
        let (product, overflow) = quotient.multipliedReportingOverflow(by: step.units)
        return overflow ? nil : ExactDecimal(units: product, scale: scale)
    }

    /// Plain decimal text without trailing fraction zeros: `1500`, `-0.25`, `0`.
    var text: String {
        var digits = String(units.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return units < 0 ? "-" + digits : digits
    }

    /// A `Double` written with at most 15 significant digits (hiding binary noise such as
    /// 0.30000000000000004), integers without `.0`.
    static func text(_ value: Double) -> String {
        let cleaned = Double(String(format: "%.15g", value)) ?? value
        if cleaned == 0 { return "0" }
        return JSONNumber(cleaned)?.canonical ?? String(cleaned)
    }
}
