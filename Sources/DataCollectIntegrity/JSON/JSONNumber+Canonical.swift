extension JSONNumber {
    /// The canonical spelling of the number, used by canonical JSON (RFC 8785) and for hashing.
    ///
    /// **Canonical number rule.** Take the exact decimal value as digits `d1…dk` (`k ≥ 1`, no
    /// leading or trailing zeros) and exponent `n` such that value = `0.d1…dk × 10^n` — that is,
    /// ECMAScript's `s`, `k`, `n` from Number::toString (ECMA-262, section 7.1.12.1), where
    /// value = `s × 10^(n−k)`. Then format exactly as Number::toString does:
    /// - zero → `"0"` (also for `-0`);
    /// - `k ≤ n ≤ 21` → the digits followed by `n−k` zeros;
    /// - `0 < n ≤ 21` → the first `n` digits, `"."`, then the rest;
    /// - `−6 < n ≤ 0` → `"0."`, then `−n` zeros, then the digits;
    /// - otherwise exponential: `d1`, then (if `k > 1`) `"."` and the remaining digits, then
    ///   `"e"`, then `"+"` or `"-"` and `abs(n−1)`.
    /// Negative numbers get a leading `"-"`.
    ///
    /// For every number written in its shortest round-trip (binary64) form this equals the
    /// RFC 8785 output. **Deliberate deviation:** when the input has more significant digits
    /// than a `Double` can hold, they are all kept (RFC 8785 would first round to binary64), so
    /// `123456789012345678901234567890` becomes `1.2345678901234567890123456789e+29`, not
    /// `1.2345678901234568e+29`, and `9007199254740993` stays exact.
    ///
    /// ```swift
    /// JSONNumber(literal: "1e21")?.canonical    // "1e+21"
    /// JSONNumber(literal: "2e-3")?.canonical    // "0.002"
    /// JSONNumber(literal: "1E-7")?.canonical    // "1e-7"
    /// JSONNumber(literal: "-0")?.canonical      // "0"
    /// ```
    public var canonical: String {
        if isZero { return "0" }
        var out: [UInt8] = []
        appendCanonical(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical spelling (see ``canonical``) as UTF-8 to `out`.
    func appendCanonical(to out: inout [UInt8]) {
        if isZero {
            out.append(UInt8(ascii: "0"))
            return
        }
        if isNegative { out.append(UInt8(ascii: "-")) }
        let d = digits.utf8
        let k = d.count
        let n = pointPosition
        let zero = UInt8(ascii: "0")
        if k <= n && n <= 21 {
            out.append(contentsOf: d)
            out.append(contentsOf: repeatElement(zero, count: n - k))
        } else if 0 < n && n <= 21 {
            let split = d.index(d.startIndex, offsetBy: n)
            out.append(contentsOf: d[..<split])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d[split...])
        } else if -6 < n && n <= 0 {
            out.append(zero)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(zero, count: -n))
            out.append(contentsOf: d)
        } else {
            out.append(d[d.startIndex])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: d.dropFirst())
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            out.append(contentsOf: String((n - 1).magnitude).utf8)
        }
    }
}
