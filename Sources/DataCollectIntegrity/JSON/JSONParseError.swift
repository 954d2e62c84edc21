/// Why a JSON text was rejected, and where.
///
/// The description names the position and the problem but never any of the input's content,
/// which may be personal data.
///
/// ```swift
/// do {
///     _ = try JSONParser.parse(#"{"a":1,"a":2}"#)
/// } catch {
///     print(error)  // The JSON text is not valid at line 1, column 8: a key appears twice in the same object.
/// }
/// ```
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Reason: String, Sendable {
        case emptyInput, invalidUTF8, unexpectedCharacter, unexpectedEnd, invalidEscape, loneSurrogate
        case invalidNumber, duplicateKey, tooDeep, stringTooLong, trailingData, controlCharacterInString
    }

    /// The kind of problem.
    public let reason: Reason
    /// Zero-based offset of the offending byte in the input.
    public let byteOffset: Int
    /// One-based line of the offending byte.
    public let line: Int
    /// One-based column of the offending byte, counted in bytes.
    public let column: Int

    /// Creates an error at an explicit position.
    ///
    /// ```swift
    /// let error = JSONParseError(reason: .emptyInput, byteOffset: 0, line: 1, column: 1)
    /// ```
    public init(reason: Reason, byteOffset: Int, line: Int, column: Int) {
        self.reason = reason
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }

    /// Creates an error at `offset`, computing line and column from `bytes`.
    init(_ reason: Reason, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var lineStart = 0
        let limit = min(offset, bytes.count)
        for index in 0..<limit where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        self.init(reason: reason, byteOffset: offset, line: line, column: offset - lineStart + 1)
    }

    /// A sentence saying where and what the problem is, without quoting the input.
    public var description: String {
        if reason == .emptyInput { return "The JSON text is empty: there is nothing to read." }
        return "The JSON text is not valid at line \(line), column \(column): \(explanation)"
    }

    private var explanation: String {
        switch reason {
        case .emptyInput: "there is nothing to read."
        case .invalidUTF8: "the bytes are not valid UTF-8 text."
        case .unexpectedCharacter: "a character appears where it is not allowed."
        case .unexpectedEnd: "the text ends before the value is complete."
        case .invalidEscape: "a backslash escape in a string is not one JSON allows."
        case .loneSurrogate: "a \\u escape is half of a character pair without its other half."
        case .invalidNumber: "a number is not written the way JSON requires."
        case .duplicateKey: "a key appears twice in the same object."
        case .tooDeep: "arrays and objects are nested more deeply than allowed."
        case .stringTooLong: "a string is longer than allowed."
        case .trailingData: "there is more text after the end of the value."
        case .controlCharacterInString: "a string contains a control character that must be escaped."
        }
    }
}
