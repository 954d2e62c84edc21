/// An exact JSON number: the literal digits are kept, never silently rounded through `Double`.
///
/// Internally a number is a sign, a normalised string of decimal digits `d1…dk` (no leading or
/// trailing zeros; empty for zero) and a decimal point position `n`, so that the value is
/// `0.d1…dk × 10^n`. Equality, hashing and ordering use this exact value, so `1`, `1.0`,
/// `1e0` and `10E-1` are equal, and `-0` equals `0`. The original spelling stays in ``literal``.
///
/// ```swift
/// let a = JSONNumber(literal: "1.0")!
/// let b = JSONNumber(literal: "10E-1")!
/// a == b                                             // true
/// JSONNumber(literal: "9007199254740993")!.canonical // "9007199254740993" (exact, beyond 2^53)
/// JSONNumber(literal: "01")                          // nil: leading zeros are not JSON
/// ```
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The largest exponent magnitude accepted in a literal such as `1e999999999`.
    /// Beyond it the exponent could not be represented exactly, so such literals are rejected.
    static let maxExponentMagnitude = 999_999_999

    /// The number exactly as written in the input (or as produced from an `Int` or `Double`).
    public let literal: String
    /// True for negative non-zero values (`-0` is stored as zero, not negative).
    let isNegative: Bool
    /// Normalised significant digits as ASCII, no leading or trailing zeros; empty for zero.
    let digits: String
    /// ECMAScript's `n`: the value is `0.digits × 10^pointPosition`. Zero for zero.
    let pointPosition: Int

    /// Creates a number from its JSON spelling.
    ///
    /// Returns `nil` unless `literal` matches the RFC 8259 number grammar exactly
    /// (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), or when its exponent is beyond
    /// ±999,999,999 and so could not be represented exactly.
    ///
    /// ```swift
    /// JSONNumber(literal: "4.50")?.canonical   // "4.5"
    /// JSONNumber(literal: "+1")                // nil
    /// ```
    public init?(literal: String) {
        var scanned: JSONNumber?
        var text = literal
        text.withUTF8 { bytes in
            var scanner = JSONNumberScanner(bytes: bytes, start: 0)
            guard scanner.scan() == nil, scanner.end == bytes.count else { return }
            scanned = scanner.makeNumber(literal: literal)
        }
        guard let scanned else { return nil }
        self = scanned
    }

    /// Creates an exact number from an integer.
    ///
    /// ```swift
    /// JSONNumber(42).literal   // "42"
    /// ```
    public init(_ value: Int) {
        let magnitude = String(value.magnitude)
        var significant = Substring(magnitude)
        var trailingZeros = 0
        while significant.count > 1, significant.last == "0" {
            significant.removeLast()
            trailingZeros += 1
        }
        let literal = String(value)
        if value == 0 {
            self.init(uncheckedLiteral: literal, negative: false, digits: "", pointPosition: 0)
        } else {
            self.init(
                uncheckedLiteral: literal, negative: value < 0, digits: String(significant),
                pointPosition: significant.count + trailingZeros)
        }
    }

    /// Creates a number from a `Double`, using its shortest round-trip digits.
    ///
    /// Returns `nil` for NaN and infinities, which JSON cannot express. The ``literal`` of the
    /// result is its ``canonical`` spelling.
    ///
    /// ```swift
    /// JSONNumber(0.1)?.canonical            // "0.1"
    /// JSONNumber(Double.infinity)           // nil
    /// ```
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // Swift's `description` gives the shortest digits that round-trip, in a spelling that
        // always matches the JSON grammar ("1e-07", "100.0", "-0.0", "5e-324").
        guard let parsed = JSONNumber(literal: value.description) else { return nil }
        self.init(
            uncheckedLiteral: parsed.canonical, negative: parsed.isNegative,
            digits: parsed.digits, pointPosition: parsed.pointPosition)
    }

    /// Memberwise initialiser; the caller guarantees normalisation.
    init(uncheckedLiteral literal: String, negative: Bool, digits: String, pointPosition: Int) {
        self.literal = literal
        self.isNegative = negative && !digits.isEmpty
        self.digits = digits
        self.pointPosition = digits.isEmpty ? 0 : pointPosition
    }

    /// True when the value is zero (including `-0` and `0e5`).
    var isZero: Bool { digits.isEmpty }

    /// The exact integer value, or `nil` when the number has a fractional part or does not fit
    /// in `Int`. `1.0` and `1e2` are integers.
    ///
    /// ```swift
    /// JSONNumber(literal: "1e2")?.intValue   // 100
    /// JSONNumber(literal: "1.5")?.intValue   // nil
    /// ```
    public var intValue: Int? {
        if isZero { return 0 }
        let count = digits.utf8.count
        guard pointPosition >= count, pointPosition <= 19 else { return nil }
        // Accumulate negatively so that Int.min is reachable.
        var result = 0
        for byte in digits.utf8 {
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            result = next
        }
        for _ in count..<pointPosition {
            let (shifted, overflow) = result.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            result = shifted
        }
        if isNegative { return result }
        return result == Int.min ? nil : -result
    }

    /// The nearest `Double` (which may round, or be infinite for huge exponents).
    ///
    /// ```swift
    /// JSONNumber(literal: "0.1")?.doubleValue   // 0.1
    /// ```
    public var doubleValue: Double {
        if isZero { return isNegativeZeroLiteral ? -0.0 : 0 }
        return Double(canonical) ?? (isNegative ? -.infinity : .infinity)
    }

    private var isNegativeZeroLiteral: Bool { literal.utf8.first == UInt8(ascii: "-") }

    /// The canonical spelling; see ``canonical``.
    public var description: String { canonical }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.isNegative == rhs.isNegative && lhs.pointPosition == rhs.pointPosition
            && lhs.digits == rhs.digits
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isNegative)
        hasher.combine(pointPosition)
        hasher.combine(digits)
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        return lhs.isNegative ? magnitudeLess(rhs, lhs) : magnitudeLess(lhs, rhs)
    }

    /// Compares absolute values exactly.
    private static func magnitudeLess(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Bool {
        if lhs.isZero || rhs.isZero { return lhs.isZero && !rhs.isZero }
        if lhs.pointPosition != rhs.pointPosition { return lhs.pointPosition < rhs.pointPosition }
        // Same magnitude order: digits compare lexicographically (a prefix is smaller).
        return lhs.digits.utf8.lexicographicallyPrecedes(rhs.digits.utf8)
    }
}
