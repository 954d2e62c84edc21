import DataCollectIntegrity
import Testing

@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    @Test func theRFC8785SampleObjectIsCanonicalisedAsPublishedExceptForExtraDigits() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let value = try JSONParser.parse(input)
        // RFC 8785 writes 333333333.3333333 because it first rounds to binary64; our canonical
        // number rule deliberately keeps every digit the input wrote, so it stays 333333333.33333329.
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.33333329,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(value.canonicalString == expected)
        #expect(value.canonicalBytes == Array(expected.utf8))
    }

    @Test func theRFC8785StringEscapingExampleKeepsOnlyTheMinimalEscapes() throws {
        let value = try JSONParser.parse(#""\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/""#)
        #expect(value.canonicalString == #""€$\u000f\nA'B\"\\\\\"/""#)
    }

    @Test func literalsAreWrittenAsTheirKeywords() throws {
        let value = try JSONParser.parse("[null, true, false]")
        #expect(value.canonicalString == "[null,true,false]")
    }

    @Test func objectKeysAreSortedByUTF16CodeUnitsAsInTheRFC8785Example() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let value = try JSONParser.parse(input)
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(value.canonicalString == expected)
        // U+1F600 sorts before U+FB33 only because its UTF-16 form starts with the surrogate 0xD83D.
        #expect("\u{1F600}".utf16.first == 0xD83D)
    }

    @Test(arguments: [
        (JSONValue.string("\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}"), #""\u0000\u0001\b\t\n\u000b\f\r\u001f""#),
        (JSONValue.string("a/b é 😀 \u{7F}"), "\"a/b é 😀 \u{7F}\""),
        (JSONValue.string(#"quote " and backslash \"#), #""quote \" and backslash \\""#),
    ])
    func stringsAreEscapedMinimallyWithLowercaseHex(value: JSONValue, expected: String) {
        #expect(value.canonicalString == expected)
    }

    @Test func nestedContainersHaveNoWhitespace() {
        let value: JSONValue = ["b": [1, [], [:], ["x": .null]], "a": 2.50]
        #expect(value.canonicalString == #"{"a":2.5,"b":[1,[],{},{"x":null}]}"#)
    }

    @Test func prettyPrintingIndentsTwoSpacesSortsKeysAndKeepsNumberLiterals() throws {
        let value = try JSONParser.parse(#"{"b": [1.50, {}], "a": {"c": "x"}, "d": []}"#)
        let expected = """
            {
              "a": {
                "c": "x"
              },
              "b": [
                1.50,
                {}
              ],
              "d": []
            }
            """
        #expect(value.prettyPrinted() == expected)
        #expect(try JSONParser.parse(value.prettyPrinted()) == value)
    }
}
