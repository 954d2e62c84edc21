/// A strict, exact RFC 8259 JSON parser.
///
/// Numbers keep their exact digits (see ``JSONNumber``). The parser rejects everything RFC 8259
/// does not allow — invalid UTF-8, lone surrogate escapes, unescaped control characters,
/// leading zeros, `NaN`, trailing commas, a byte order mark, trailing data — and also duplicate
/// keys in one object. Nesting is handled with an explicit stack, so parsing itself never
/// recurses, and ``JSONLimits`` bounds depth and string length. (Keep `maxDepth` modest all the
/// same: comparing, writing and freeing a ``JSONValue`` recurse once per level.)
///
/// ```swift
/// let value = try JSONParser.parse(#"{"id": 9007199254740993, "tags": ["a"]}"#)
/// value["id"]?.numberValue?.canonical   // "9007199254740993"
/// ```
public enum JSONParser {
    /// Parses exactly one JSON text (RFC 8259) from UTF-8 bytes.
    ///
    /// - Throws: ``JSONParseError`` with the reason and the line and column of the problem.
    ///
    /// ```swift
    /// let value = try JSONParser.parse(Array("[1, 2.50, null]".utf8))
    /// value.canonicalString   // "[1,2.5,null]"
    /// ```
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var reader = JSONReader(bytes: buffer, limits: limits)
                return try reader.parseDocument()
            }
        }
        return try result.get()
    }

    /// Parses exactly one JSON text (RFC 8259) from a string.
    ///
    /// - Throws: ``JSONParseError`` with the reason and the line and column of the problem.
    ///
    /// ```swift
    /// let value = try JSONParser.parse(#"{"ok": true}"#)
    /// value["ok"]?.boolValue   // true
    /// ```
    public static func parse(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var reader = JSONReader(bytes: buffer, limits: limits)
                return try reader.parseDocument()
            }
        }
        return try result.get()
    }
}

/// The parsing state: a byte buffer and an index into it.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// An open array or object whose members are still being read.
    private struct Frame {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [String: JSONValue] = [:]
        var pendingKey = ""
    }

    func error(_ reason: JSONParseError.Reason, at offset: Int) -> JSONParseError {
        JSONParseError(reason, at: offset, in: bytes)
    }

    /// `unexpectedEnd` when the input has run out, otherwise `unexpectedCharacter` (or
    /// `invalidUTF8` when the bytes at `offset` are not UTF-8 at all).
    func unexpected(at offset: Int) -> JSONParseError {
        guard offset < bytes.count else { return error(.unexpectedEnd, at: offset) }
        if bytes[offset] >= 0x80, (try? validateUTF8Sequence(at: offset)) == nil {
            return error(.invalidUTF8, at: offset)
        }
        return error(.unexpectedCharacter, at: offset)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    /// Parses one complete JSON text: a value surrounded only by whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error(.emptyInput, at: index) }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error(.trailingData, at: index) }
        return value
    }

    /// Parses one value, iteratively: containers live on an explicit stack.
    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd, at: index) }
            var value: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard stack.count < limits.maxDepth else { throw error(.tooDeep, at: index) }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    value = .object([:])
                } else {
                    let (key, _) = try parseKey()
                    stack.append(Frame(isObject: true, pendingKey: key))
                    continue
                }
            case UInt8(ascii: "["):
                guard stack.count < limits.maxDepth else { throw error(.tooDeep, at: index) }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectWord("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectWord("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectWord("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            case UInt8(ascii: "+"), UInt8(ascii: "."):
                throw error(.invalidNumber, at: index)
            default:
                throw unexpected(at: index)
            }
            // Attach the finished value to its container; close containers as they end.
            while let top = stack.indices.last {
                if stack[top].isObject {
                    let key = stack[top].pendingKey
                    stack[top].members[key] = value
                } else {
                    stack[top].elements.append(value)
                }
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEnd, at: index) }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    if stack[top].isObject {
                        skipWhitespace()
                        let (key, keyOffset) = try parseKey()
                        guard stack[top].members[key] == nil else { throw error(.duplicateKey, at: keyOffset) }
                        stack[top].pendingKey = key
                    }
                    break
                }
                guard byte == (stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw unexpected(at: index)
                }
                index += 1
                let frame = stack.removeLast()
                value = frame.isObject ? .object(frame.members) : .array(frame.elements)
            }
            if stack.isEmpty { return value }
        }
    }

    /// Parses `"key" :` (whitespace before the key already skipped); returns the key and its offset.
    private mutating func parseKey() throws(JSONParseError) -> (String, Int) {
        let keyOffset = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected(at: index) }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(at: index) }
        index += 1
        return (key, keyOffset)
    }

    /// Consumes the ASCII `word` (`true`, `false` or `null`) at the current index.
    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count {
            guard index + offset < bytes.count, bytes[index + offset] == word.utf8Start[offset] else {
                throw unexpected(at: index + offset)
            }
        }
        index += count
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        var scanner = JSONNumberScanner(bytes: bytes, start: index)
        if let failure = scanner.scan() { throw error(.invalidNumber, at: failure) }
        index = scanner.end
        return scanner.makeNumber()
    }
}
