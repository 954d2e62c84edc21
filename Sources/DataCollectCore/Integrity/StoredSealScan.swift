/// Where one seal of a ``StoredSeals`` text is: byte offsets of the field name (between its
/// quotes), the salt's hex digits and the commitment's hex digits.
struct StoredSealSpan: Sendable, Hashable {
    var field: Range<Int>
    var salt: Range<Int>
    var commitment: Range<Int>
}

/// Splits a ``StoredSeals`` text written exactly as datacollect writes it for unredacted
/// fields — `{"name":["<salt>","<64 digits>"],…}`, nothing else, no whitespace, names free of
/// escapes — without parsing it, for the verifier's fast path. The digits are delimited, not
/// checked: the verifier decodes the salt and compares the commitment with the one it
/// computes. Any other text (a redacted `null` salt, escapes, another layout) returns false,
/// and the caller falls back to ``StoredSeals/seals(parsing:)``.
enum StoredSealScan {
    private static let quote = UInt8(ascii: "\"")
    private static let commitmentDigits = 64

    static func scan(_ text: UnsafeBufferPointer<UInt8>, into seals: inout [StoredSealSpan]) -> Bool {
        seals.removeAll(keepingCapacity: true)
        let end = text.count
        guard end >= 2, text[0] == UInt8(ascii: "{"), text[end - 1] == UInt8(ascii: "}") else { return false }
        if end == 2 { return true }
        var position = 1
        while true {
            // "name":["
            guard position < end, text[position] == quote else { return false }
            let fieldStart = position + 1
            guard let fieldEnd = closingQuote(text, from: fieldStart),
                  fieldEnd + 4 < end, text[fieldEnd + 1] == UInt8(ascii: ":"), text[fieldEnd + 2] == UInt8(ascii: "["),
                  text[fieldEnd + 3] == quote
            else { return false }
            // salt digits","
            let saltStart = fieldEnd + 4
            guard let saltEnd = closingQuote(text, from: saltStart),
                  saltEnd + 3 + commitmentDigits + 2 < end, text[saltEnd + 1] == UInt8(ascii: ","), text[saltEnd + 2] == quote
            else { return false }
            // 64 digits"] then , or }
            let commitmentStart = saltEnd + 3
            let commitmentEnd = commitmentStart + commitmentDigits
            guard text[commitmentEnd] == quote, text[commitmentEnd + 1] == UInt8(ascii: "]") else { return false }
            seals.append(StoredSealSpan(field: fieldStart..<fieldEnd, salt: saltStart..<saltEnd,
                                        commitment: commitmentStart..<commitmentEnd))
            let next = commitmentEnd + 2
            if next == end - 1 { return true }
            guard text[next] == UInt8(ascii: ",") else { return false }
            position = next + 1
        }
    }

    /// The offset of the quote that closes a string starting at `start`; nil at an escape, a
    /// control character or the end of the text.
    private static func closingQuote(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < text.count {
            let byte = text[index]
            if byte == quote { return index }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }
}
