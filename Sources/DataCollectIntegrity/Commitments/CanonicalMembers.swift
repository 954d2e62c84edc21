/// One top-level member of a JSON object, as byte offsets into the object's text: the key's
/// characters (between its quotes) and the value's raw bytes.
public struct CanonicalMember: Sendable, Hashable {
    public var keyStart: Int
    public var keyEnd: Int
    public var valueStart: Int
    public var valueEnd: Int

    /// The key as JCS writes it, quotes included (the scanner only accepts keys that need no escape).
    public var quotedKey: Range<Int> { (keyStart - 1)..<(keyEnd + 1) }
    public var key: Range<Int> { keyStart..<keyEnd }
    public var value: Range<Int> { valueStart..<valueEnd }
}

/// Splits a JSON object written in RFC 8785 canonical form into its top-level members without
/// parsing it, so a verifier can hash `JCS(key) ‖ JCS(value)` straight from stored bytes.
///
/// Only the top level is checked for canonical form: `{`, members `"key":value` joined by `,`,
/// `}`, nothing before or after, no whitespace between, keys free of escapes and control
/// characters and strictly increasing in UTF-16 order (so no duplicates). Values are delimited,
/// not validated: a value that is not canonical JSON simply fails its commitment, since a
/// commitment covers the exact bytes. Anything else returns false, and the caller falls back to
/// a real parse.
///
/// ```swift
/// var members: [CanonicalMember] = []
/// let text = Array(#"{"a":[1,"]"],"b":null}"#.utf8)
/// text.withUnsafeBufferPointer { CanonicalMembers.scan($0, into: &members) }   // true
/// members.map { String(decoding: text[$0.value], as: UTF8.self) }            // ["[1,\"]\"]", "null"]
/// ```
public enum CanonicalMembers {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let comma = UInt8(ascii: ",")
    private static let colon = UInt8(ascii: ":")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")

    /// Replaces `members` with the object's members in order; false (and `members` unspecified)
    /// when `text` is not an object whose top level is canonical.
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, into members: inout [CanonicalMember]) -> Bool {
        members.removeAll(keepingCapacity: true)
        let end = text.count
        guard end >= 2, text[0] == openBrace, text[end - 1] == closeBrace else { return false }
        if end == 2 { return true }
        var index = 1
        var previousKey: Range<Int>?
        while true {
            // The key: a string without escapes or control characters.
            guard index < end, text[index] == quote else { return false }
            let keyStart = index + 1
            var cursor = keyStart
            while cursor < end {
                let byte = text[cursor]
                if byte == quote { break }
                if byte == backslash || byte < 0x20 { return false }
                cursor += 1
            }
            guard cursor < end else { return false }
            let keyEnd = cursor
            if let previousKey, !utf16Precedes(text, previousKey, keyStart..<keyEnd) { return false }
            previousKey = keyStart..<keyEnd
            cursor += 1
            guard cursor < end, text[cursor] == colon else { return false }
            let valueStart = cursor + 1
            guard let valueEnd = endOfValue(text, from: valueStart, limit: end - 1), valueEnd > valueStart else { return false }
            members.append(CanonicalMember(keyStart: keyStart, keyEnd: keyEnd, valueStart: valueStart, valueEnd: valueEnd))
            if valueEnd == end - 1 { return true }
            guard text[valueEnd] == comma else { return false }
            index = valueEnd + 1
        }
    }

    /// Where the value starting at `start` ends: after its closing quote or bracket, or (for a
    /// literal or number) at the next `,` or at `limit`. Nil if it runs past `limit`.
    private static func endOfValue(_ text: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int? {
        guard start < limit else { return nil }
        switch text[start] {
        case quote:
            return endOfString(text, from: start + 1, limit: limit)
        case openBrace, openBracket:
            var depth = 0
            var index = start
            while index < limit {
                switch text[index] {
                case quote:
                    guard let after = endOfString(text, from: index + 1, limit: limit) else { return nil }
                    index = after
                    continue
                case openBrace, openBracket:
                    depth += 1
                case closeBrace, closeBracket:
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < limit, text[index] != comma { index += 1 }
            return index
        }
    }

    /// The index after the closing quote of a string whose characters start at `start`.
    private static func endOfString(_ text: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int? {
        var index = start
        // Skip eight bytes at a time while there is neither a quote nor a backslash.
        if let base = text.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= limit {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if WordScan.hasByte(word, quote) | WordScan.hasByte(word, backslash) != 0 { break }
                index += 8
            }
        }
        while index < limit {
            let byte = text[index]
            if byte == quote { return index + 1 }
            index += byte == backslash ? 2 : 1
        }
        return nil
    }

    /// RFC 8785 key order (UTF-16 code units) on UTF-8 bytes; see ``JSONWriter/utf16Precedes(_:_:)``.
    static func utf16Precedes(_ text: UnsafeBufferPointer<UInt8>, _ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        utf16Precedes(UnsafeBufferPointer(rebasing: text[lhs]), UnsafeBufferPointer(rebasing: text[rhs]))
    }

    /// RFC 8785 key order (UTF-16 code units) on the UTF-8 bytes of two keys.
    public static func utf16Precedes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(lhs.count, rhs.count)
        var index = 0
        while index < common {
            let a = lhs[index]
            let b = rhs[index]
            if a != b {
                if a >= 0xF0, b == 0xEE || b == 0xEF { return true }
                if b >= 0xF0, a == 0xEE || a == 0xEF { return false }
                return a < b
            }
            index += 1
        }
        return lhs.count < rhs.count
    }
}
