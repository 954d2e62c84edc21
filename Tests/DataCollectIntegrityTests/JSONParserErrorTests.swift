import DataCollectIntegrity
import Testing

/// One input the parser must reject, with the expected reason and position.
struct RejectedInput: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let reason: JSONParseError.Reason
    let offset: Int
    let line: Int
    let column: Int
    var limits = JSONLimits()

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ reason: JSONParseError.Reason, offset: Int, line: Int = 1, column: Int? = nil,
         limits: JSONLimits = JSONLimits()) {
        self.init(name, Array(text.utf8), reason, offset: offset, line: line, column: column, limits: limits)
    }

    init(_ name: String, _ bytes: [UInt8], _ reason: JSONParseError.Reason, offset: Int, line: Int = 1, column: Int? = nil,
         limits: JSONLimits = JSONLimits()) {
        self.name = name
        self.bytes = bytes
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column ?? offset + 1
        self.limits = limits
    }
}

@Suite("JSON parser errors")
struct JSONParserErrorTests {
    static let deepNesting = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)

    static let cases: [RejectedInput] = [
        RejectedInput("empty input", "", .emptyInput, offset: 0),
        RejectedInput("only whitespace", " \n ", .emptyInput, offset: 3, line: 2, column: 2),
        RejectedInput("invalid UTF-8 in a string", [0x22, 0xC3, 0x28, 0x22], .invalidUTF8, offset: 1),
        RejectedInput("overlong slash", [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, offset: 1),
        RejectedInput("UTF-8 encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, offset: 1),
        RejectedInput("overlong three-byte form", [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, offset: 1),
        RejectedInput("code point above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, offset: 1),
        RejectedInput("truncated sequence at end", [0x22, 0xE2, 0x82], .invalidUTF8, offset: 1),
        RejectedInput("invalid UTF-8 outside a string", [0x5B, 0xFF, 0x5D], .invalidUTF8, offset: 1),
        RejectedInput("byte order mark", [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .unexpectedCharacter, offset: 0),
        RejectedInput("trailing comma in array", "[1,]", .unexpectedCharacter, offset: 3),
        RejectedInput("trailing comma in object", #"{"a":1,}"#, .unexpectedCharacter, offset: 7),
        RejectedInput("NaN", "NaN", .unexpectedCharacter, offset: 0),
        RejectedInput("Infinity", "[Infinity]", .unexpectedCharacter, offset: 1),
        RejectedInput("missing colon", #"{"a" 1}"#, .unexpectedCharacter, offset: 5),
        RejectedInput("missing comma", "[1 2]", .unexpectedCharacter, offset: 3),
        RejectedInput("misspelt literal", "[tru]", .unexpectedCharacter, offset: 4),
        RejectedInput("single-quoted string", "['a']", .unexpectedCharacter, offset: 1),
        RejectedInput("mismatched bracket", "[1}", .unexpectedCharacter, offset: 2),
        RejectedInput("unterminated array", "[1,", .unexpectedEnd, offset: 3),
        RejectedInput("unterminated string", #""abc"#, .unexpectedEnd, offset: 4),
        RejectedInput("missing value", #"{"a":"#, .unexpectedEnd, offset: 5),
        RejectedInput("truncated literal", "tru", .unexpectedEnd, offset: 3),
        RejectedInput("unknown escape", #""\x""#, .invalidEscape, offset: 1),
        RejectedInput("bad hex in escape", #""\u12G4""#, .invalidEscape, offset: 5),
        RejectedInput("lone high surrogate", #""\uD800""#, .loneSurrogate, offset: 1),
        RejectedInput("lone low surrogate", #""\uDC00""#, .loneSurrogate, offset: 1),
        RejectedInput("high surrogate then letter", #""\uD800\u0041""#, .loneSurrogate, offset: 1),
        RejectedInput("leading zero", "01", .invalidNumber, offset: 1),
        RejectedInput("plus sign", "+1", .invalidNumber, offset: 0),
        RejectedInput("leading dot", ".5", .invalidNumber, offset: 0),
        RejectedInput("trailing dot", "1.", .invalidNumber, offset: 2),
        RejectedInput("lone minus", "[-]", .invalidNumber, offset: 2),
        RejectedInput("empty exponent", "1e", .invalidNumber, offset: 2),
        RejectedInput("negative infinity", "-Infinity", .invalidNumber, offset: 1),
        RejectedInput("leading zero on line 3", "[\n1,\n  01]", .invalidNumber, offset: 8, line: 3, column: 4),
        RejectedInput("duplicate key", "{\"a\":1,\n  \"a\":2}", .duplicateKey, offset: 10, line: 2, column: 3),
        RejectedInput("duplicate key written with an escape", #"{"a":1,"\u0061":2}"#, .duplicateKey, offset: 7),
        RejectedInput("200 levels of nesting", deepNesting, .tooDeep, offset: 64, limits: JSONLimits(maxDepth: 64)),
        RejectedInput("objects nested too deeply", #"{"a":{"a":{}}}"#, .tooDeep, offset: 10, limits: JSONLimits(maxDepth: 2)),
        RejectedInput("long string", #"["hello"]"#, .stringTooLong, offset: 1, limits: JSONLimits(maxStringBytes: 4)),
        RejectedInput("long escaped string", #"["h\nllo"]"#, .stringTooLong, offset: 1, limits: JSONLimits(maxStringBytes: 4)),
        RejectedInput("long key", #"{"hello":1}"#, .stringTooLong, offset: 1, limits: JSONLimits(maxStringBytes: 4)),
        RejectedInput("trailing garbage", "{} x", .trailingData, offset: 3),
        RejectedInput("two values", "1 2", .trailingData, offset: 2),
        RejectedInput("raw tab in string", "\"a\tb\"", .controlCharacterInString, offset: 2),
        RejectedInput("raw newline after an escape", "\"a\\n\nb\"", .controlCharacterInString, offset: 4),
    ]

    @Test(arguments: cases)
    func invalidInputIsRejectedWithItsReasonAndPosition(_ input: RejectedInput) {
        #expect {
            _ = try JSONParser.parse(input.bytes, limits: input.limits)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.reason == input.reason && error.byteOffset == input.offset
                && error.line == input.line && error.column == input.column
        }
    }

    @Test func everyReasonIsCoveredByAtLeastOneRejectedInput() {
        let all: [JSONParseError.Reason] = [
            .emptyInput, .invalidUTF8, .unexpectedCharacter, .unexpectedEnd, .invalidEscape, .loneSurrogate,
            .invalidNumber, .duplicateKey, .tooDeep, .stringTooLong, .trailingData, .controlCharacterInString,
        ]
        let covered = Set(Self.cases.map(\.reason.rawValue))
        #expect(covered == Set(all.map(\.rawValue)))
    }

    @Test func theStringAndByteEntryPointsAgree() throws {
        for input in Self.cases {
            guard let text = String(validating: input.bytes, as: UTF8.self) else { continue }
            let fromText = Result { () throws(JSONParseError) in try JSONParser.parse(text, limits: input.limits) }
            let fromBytes = Result { () throws(JSONParseError) in try JSONParser.parse(input.bytes, limits: input.limits) }
            #expect(fromText == fromBytes, "\(input.name)")
        }
    }

    @Test func descriptionsGivePositionAndProblemButNeverTheInput() {
        let secrets: [(String, [UInt8])] = [
            ("Jane-Doe-1985", Array(#"{"Jane-Doe-1985":1,"Jane-Doe-1985":2}"#.utf8)),
            ("Jane-Doe-1985", Array(#"["Jane-Doe-1985\q"]"#.utf8)),
            ("Jane-Doe-1985", Array("[\"Jane-Doe-1985\u{1}\"]".utf8)),
            ("Jane-Doe-1985", Array("{} Jane-Doe-1985".utf8)),
            ("Jane", Array("Jane".utf8)),
        ]
        for (secret, bytes) in secrets {
            do {
                _ = try JSONParser.parse(bytes)
                Issue.record("Expected the input to be rejected")
            } catch {
                #expect(!error.description.contains(secret))
                #expect(!error.description.contains("Jane"))
                #expect(error.description.hasPrefix("The JSON text is not valid at line 1, column "))
                #expect(error.description.hasSuffix("."))
            }
        }
        let duplicate = JSONParseError(reason: .duplicateKey, byteOffset: 40, line: 3, column: 14)
        #expect(duplicate.description
            == "The JSON text is not valid at line 3, column 14: a key appears twice in the same object.")
    }

    @Test func validInputAtTheLimitsIsAccepted() throws {
        let nested = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(nested, limits: JSONLimits(maxDepth: 64)) }
        let value = try JSONParser.parse(#"["four"]"#, limits: JSONLimits(maxStringBytes: 4))
        #expect(value == ["four"])
    }

    @Test func hostileNestingFarBeyondTheLimitFailsCleanly() {
        let hostile = Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(hostile) }
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(throws: Never.self) { try JSONParser.parse(deep, limits: JSONLimits(maxDepth: 10_000)) }
    }
}
