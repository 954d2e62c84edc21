import DataCollectIntegrity
import Testing

@Suite("Exact JSON numbers")
struct JSONNumberTests {
    @Test(arguments: [
        ("1e21", "1e+21"),
        ("1e20", "100000000000000000000"),
        ("-0", "0"),
        ("-0.0e5", "0"),
        ("0", "0"),
        ("0.1", "0.1"),
        ("5e-324", "5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("9007199254740993", "9007199254740993"),
        ("123.4500", "123.45"),
        ("1E-7", "1e-7"),
        ("0.000001", "0.000001"),
        ("-1.5e-9", "-1.5e-9"),
        ("100", "100"),
        ("4.50", "4.5"),
        ("2e-3", "0.002"),
        ("1E30", "1e+30"),
        ("123456789012345678901234567890", "1.2345678901234567890123456789e+29"),
        ("123456789012345678901", "123456789012345678901"),
        ("1234567890123456789012", "1.234567890123456789012e+21"),
        ("0.0000001234", "1.234e-7"),
        ("-12.5e1", "-125"),
        ("10E-1", "1"),
        ("1e400", "1e+400"),
    ])
    func canonicalFormFollowsTheECMAScriptNumberToStringLayout(literal: String, canonical: String) throws {
        let number = try #require(JSONNumber(literal: literal))
        #expect(number.canonical == canonical)
        #expect(number.description == canonical)
        #expect(number.literal == literal)
    }

    @Test(arguments: ["", "-", "01", "-01", "+1", ".5", "1.", "1e", "1e+", "NaN", "Infinity", "-Infinity",
                      " 1", "1 ", "0x10", "1.2.3", "1e5.5", "١", "1e9999999999"])
    func literalsOutsideTheJSONGrammarAreRejected(literal: String) {
        #expect(JSONNumber(literal: literal) == nil)
    }

    @Test func numbersWithTheSameValueAreEqualAndHashAlike() throws {
        let spellings = ["1", "1.0", "1e0", "10E-1", "0.1e1", "1.000"]
        let numbers = try spellings.map { try #require(JSONNumber(literal: $0)) }
        #expect(Set(numbers).count == 1)
        #expect(JSONNumber(literal: "-0") == JSONNumber(literal: "0"))
        #expect(JSONValue.number(JSONNumber(1)) == (1.0 as JSONValue))
        #expect(JSONNumber(literal: "9007199254740993") != JSONNumber(literal: "9007199254740992"))
    }

    @Test(arguments: [
        ("2", "10"), ("-3", "-2"), ("0.1", "0.10000000000000001"), ("-1", "0"), ("0", "1e-300"),
        ("-1e300", "-1e-300"), ("99", "1e2"), ("1.5", "1.55"), ("-1.55", "-1.5"),
    ])
    func orderingIsByExactValue(smaller: String, larger: String) throws {
        let a = try #require(JSONNumber(literal: smaller))
        let b = try #require(JSONNumber(literal: larger))
        #expect(a < b)
        #expect(!(b < a))
        #expect(a != b)
    }

    @Test func integerValuesAreExactAndOnlyForWholeNumbersThatFit() {
        #expect(JSONNumber(literal: "1.0")?.intValue == 1)
        #expect(JSONNumber(literal: "1e2")?.intValue == 100)
        #expect(JSONNumber(literal: "-0")?.intValue == 0)
        #expect(JSONNumber(literal: "1.5")?.intValue == nil)
        #expect(JSONNumber(literal: "9223372036854775807")?.intValue == Int.max)
        #expect(JSONNumber(literal: "-9223372036854775808")?.intValue == Int.min)
        #expect(JSONNumber(literal: "9223372036854775808")?.intValue == nil)
        #expect(JSONNumber(literal: "1e19")?.intValue == nil)
        #expect(JSONNumber(Int.min).intValue == Int.min)
        #expect(JSONNumber(-120).canonical == "-120")
        #expect(JSONNumber(0).literal == "0")
    }

    @Test func doublesUseTheirShortestRoundTripDigits() throws {
        #expect(JSONNumber(0.1)?.canonical == "0.1")
        #expect(JSONNumber(1e-7)?.canonical == "1e-7")
        #expect(JSONNumber(1e-7)?.literal == "1e-7")
        #expect(JSONNumber(100.0)?.canonical == "100")
        #expect(JSONNumber(-0.0)?.canonical == "0")
        #expect(JSONNumber(Double.greatestFiniteMagnitude)?.canonical == "1.7976931348623157e+308")
        #expect(JSONNumber(Double.leastNonzeroMagnitude)?.canonical == "5e-324")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
        #expect((0.3 as JSONValue).canonicalString == "0.3")
        #expect(try #require(JSONNumber(literal: "0.1")).doubleValue == 0.1)
        #expect(try #require(JSONNumber(literal: "-2.5e3")).doubleValue == -2500)
    }
}
