import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Testing

/// The generator writes each field with one type, as a form would: tools downstream (the
/// anonymizer's mask, dateShift and round) rightly reject a phone number that is `true`.
@Suite("Generated data has one type per field")
struct GeneratedDataTypesTests {
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    @Test(arguments: [UInt64(1), 42, 20_260_301])
    func everyFieldKeepsOneType(seed: UInt64) {
        var types: [String: Set<String>] = [:]
        for event in EventGenerator(households: 300, seed: seed).generate().events {
            for (field, value) in event.data { types[field, default: []].insert(Self.kind(value)) }
        }
        let mixed = types.filter { $0.value.count > 1 }
        #expect(mixed.isEmpty, "fields with more than one type: \(mixed)")
        #expect(types["phone"] == ["string"])
        #expect(types["schoolEnrolled"] == ["bool"])
        #expect(types["occupation"] == ["string"])
    }
}
