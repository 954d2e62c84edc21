import DataCollectIntegrity
import Testing

/// SplitMix64: a tiny deterministic generator so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds random JSON values, biased towards the awkward cases.
struct RandomJSON {
    var generator: SeededGenerator

    private static let awkwardScalars: [Unicode.Scalar] = [
        "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\"", "\\", "/", " ", "a", "Z", "0",
        "\u{7F}", "\u{80}", "é", "ö", "€", "\u{FB33}", "\u{FFFF}", "😀", "\u{10FFFF}", "\u{2028}",
    ]

    mutating func value(depth: Int) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &generator)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(number())
        case 3: return .string(string())
        case 4: return .number(number())
        case 5:
            let count = Int.random(in: 0...4, using: &generator)
            return .array((0..<count).map { _ in value(depth: depth - 1) })
        default:
            let count = Int.random(in: 0...4, using: &generator)
            var members: [String: JSONValue] = [:]
            for _ in 0..<count { members[string()] = value(depth: depth - 1) }
            return .object(members)
        }
    }

    mutating func string() -> String {
        let count = Int.random(in: 0...8, using: &generator)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count {
            if let scalar = Self.awkwardScalars.randomElement(using: &generator) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    mutating func number() -> JSONNumber {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            return JSONNumber(Int.random(in: Int.min...Int.max, using: &generator))
        case 1:
            let double = Double(bitPattern: generator.next())
            return JSONNumber(double) ?? JSONNumber(0)
        default:
            // A literal with arbitrary digits, fraction and exponent, beyond Double's precision.
            var literal = Bool.random(using: &generator) ? "-" : ""
            literal += String(Int.random(in: 0...999_999_999, using: &generator))
            if Bool.random(using: &generator) {
                literal += "." + String(repeating: "0", count: Int.random(in: 0...5, using: &generator))
                literal += String(UInt64.random(in: 0...UInt64.max, using: &generator))
            }
            if Bool.random(using: &generator) {
                literal += ["e", "E", "e+", "e-", "E-"].randomElement(using: &generator) ?? "e"
                literal += String(Int.random(in: 0...400, using: &generator))
            }
            return JSONNumber(literal: literal) ?? JSONNumber(0)
        }
    }
}

@Suite("Round trips")
struct JSONRoundTripTests {
    @Test(arguments: [1, 2, 3, 42, 2024])
    func parsingTheCanonicalFormGivesBackTheSameValue(seed: UInt64) throws {
        var random = RandomJSON(generator: SeededGenerator(seed: seed))
        for _ in 0..<200 {
            let value = random.value(depth: 4)
            let canonical = value.canonicalBytes
            let reparsed = try JSONParser.parse(canonical)
            #expect(reparsed == value)
            #expect(reparsed.canonicalBytes == canonical, "canonical form must be idempotent")
            #expect(try JSONParser.parse(value.prettyPrinted()) == value)
            #expect(try JSONParser.parse(value.canonicalString) == value)
        }
    }

    @Test(arguments: [7, 8, 9])
    func canonicalNumbersReparseToTheSameCanonicalSpelling(seed: UInt64) throws {
        var random = RandomJSON(generator: SeededGenerator(seed: seed))
        for _ in 0..<500 {
            let number = random.number()
            let reparsed = try #require(JSONNumber(literal: number.canonical))
            #expect(reparsed == number)
            #expect(reparsed.canonical == number.canonical)
        }
    }

    @Test(arguments: [11, 12])
    func doublesSurviveTheCanonicalFormBitForBit(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1000 {
            let double = Double(bitPattern: generator.next())
            guard let number = JSONNumber(double) else { continue }
            let reparsed = try #require(JSONNumber(literal: number.canonical))
            #expect(reparsed.doubleValue == double || (double == 0 && reparsed.doubleValue == 0))
        }
    }

    @Test(arguments: [21, 22, 23])
    func objectKeysAreAlwaysWrittenInUTF16CodeUnitOrder(seed: UInt64) {
        var random = RandomJSON(generator: SeededGenerator(seed: seed))
        for _ in 0..<100 {
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0...12, using: &random.generator) { members[random.string()] = .number(JSONNumber(index)) }
            // Reference order: compare the UTF-16 code units directly.
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            let body = keys.map { key in JSONValue.string(key).canonicalString + ":" + (members[key]?.canonicalString ?? "") }
            #expect(JSONValue.object(members).canonicalString == "{" + body.joined(separator: ",") + "}")
        }
    }
}
