import DataCollectIntegrity
import Foundation

/// How reports write numbers for people: thousands separators, at most two decimals, compact
/// forms (`12k`, `3.4M`) where space is short. Locale-independent, so output is reproducible.
enum NumberFormatting {
    /// `1234567` → `"1,234,567"`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + group(digits)
    }

    /// A value with thousands separators and at most two decimals, trailing zeros dropped:
    /// `1234.5` → `"1,234.5"`, `0.125` → `"0.13"`. Non-finite values give `"–"`; beyond a
    /// quadrillion the compact form is used.
    static func grouped(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        guard value.magnitude < 1e15 else { return compact(value) }
        let cents = Int64((value.magnitude * 100).rounded())
        let whole = group(String(cents / 100))
        let sign = value < 0 && cents != 0 ? "-" : ""
        return sign + whole + fraction(Int(cents % 100))
    }

    /// A short label: below 10,000 as ``grouped(_:)-(Double)``, above with a suffix and at most
    /// two decimals: `12000` → `"12k"`, `3_400_000` → `"3.4M"`, `1.25e9` → `"1.25B"`; from a
    /// thousand trillion on in scientific notation: `"2.5e18"`.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = value.magnitude
        guard magnitude >= 10_000 else { return grouped(value) }
        let sign = value < 0 ? "-" : ""
        let units: [(Double, String)] = [(1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")]
        var chosen = 0
        for (index, unit) in units.enumerated() where magnitude >= unit.0 { chosen = index }
        // 999,999 rounds to "1000k": step up to the next unit.
        if (magnitude / units[chosen].0 * 100).rounded() >= 100_000 { chosen += 1 }
        guard chosen < units.count else { return sign + scientific(magnitude) }
        return sign + grouped(magnitude / units[chosen].0) + units[chosen].1
    }

    /// `2.5e18`: at most two decimals in the mantissa.
    static func scientific(_ magnitude: Double) -> String {
        var exponent = Int(log10(magnitude).rounded(.down))
        var mantissa = (magnitude / pow(10, Double(exponent)) * 100).rounded() / 100
        if mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return grouped(mantissa) + "e" + String(exponent)
    }

    /// A JSON number for a table cell: integers grouped, other numbers grouped in their integer
    /// part with the fraction digits kept as written; exponent forms are left as they are.
    static func grouped(_ number: JSONNumber) -> String {
        if let integer = number.intValue { return grouped(integer) }
        let text = number.canonical
        guard !text.contains("e"), let point = text.firstIndex(of: ".") else { return text }
        let negative = text.hasPrefix("-")
        let whole = text[text.index(text.startIndex, offsetBy: negative ? 1 : 0)..<point]
        return (negative ? "-" : "") + group(String(whole)) + text[point...]
    }

    /// A coordinate or length for SVG: at most two decimals, no trailing zeros, no `-0`.
    static func svg(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let cents = Int64((value * 100).rounded())
        guard cents != 0 else { return "0" }
        return (cents < 0 ? "-" : "") + String(cents.magnitude / 100) + fraction(Int(cents.magnitude % 100))
    }

    private static func fraction(_ hundredths: Int) -> String {
        if hundredths == 0 { return "" }
        if hundredths % 10 == 0 { return "." + String(hundredths / 10) }
        return hundredths < 10 ? ".0" + String(hundredths) : "." + String(hundredths)
    }

    /// Inserts a comma every three digits from the right.
    private static func group(_ digits: String) -> String {
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
