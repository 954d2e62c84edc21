import DataCollectIntegrity
import Testing

@Suite("JSON parser and values")
struct JSONParserTests {
    @Test func everyKindOfValueIsParsed() throws {
        let value = try JSONParser.parse(" {\"s\": \"x\", \"n\": -1.5e3, \"b\": [true, false], \"z\": null, \"o\": {}}\r\n\t")
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.numberValue?.literal == "-1.5e3")
        #expect(value["n"]?.numberValue?.intValue == -1500)
        #expect(value["b"]?.arrayValue == [true, false])
        #expect(value["b"]?.arrayValue?.first?.boolValue == true)
        #expect(value["z"]?.isNull == true)
        #expect(value["o"]?.objectValue?.isEmpty == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["anything"] == nil)
        #expect(value.objectValue?.count == 5)
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00\u0000""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{1F600}\u{0}"))
    }

    @Test func validMultiByteUTF8IsAccepted() throws {
        let text = "\"é€😀\u{10FFFF}\u{D7FF}\u{E000}\""
        #expect(try JSONParser.parse(Array(text.utf8)) == .string("é€😀\u{10FFFF}\u{D7FF}\u{E000}"))
    }

    @Test func topLevelScalarsAreAccepted() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse(" true ") == true)
        #expect(try JSONParser.parse("0") == 0)
        #expect(try JSONParser.parse("-0.0") == 0)
        #expect(try JSONParser.parse(#""""#) == "")
    }

    @Test func numbersKeepTheirLiteralAndExactValue() throws {
        let value = try JSONParser.parse("[9007199254740993, 1.10, 1E+2]")
        let elements = try #require(value.arrayValue)
        let numbers = elements.compactMap(\.numberValue)
        #expect(numbers.map(\.literal) == ["9007199254740993", "1.10", "1E+2"])
        #expect(numbers.map(\.canonical) == ["9007199254740993", "1.1", "100"])
        #expect(value.canonicalString == "[9007199254740993,1.1,100]")
    }

    @Test(arguments: [
        (JSONValue.null, "null"), (true, "boolean"), (1, "number"), ("s", "string"), ([], "array"), ([:], "object"),
    ] as [(JSONValue, String)])
    func typeNamesUseJSONVocabulary(value: JSONValue, name: String) {
        #expect(value.typeName == name)
    }

    @Test func accessorsReturnNilForOtherKinds() {
        let value: JSONValue = "text"
        #expect(value.numberValue == nil)
        #expect(value.boolValue == nil)
        #expect(value.arrayValue == nil)
        #expect(value.objectValue == nil)
        #expect(!value.isNull)
        #expect((1 as JSONValue).stringValue == nil)
    }

    @Test func dictionaryLiteralsWithARepeatedKeyKeepTheLastValue() {
        let value: JSONValue = ["a": 1, "a": 2]
        #expect(value["a"] == 2)
    }
}
