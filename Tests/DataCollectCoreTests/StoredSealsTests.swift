import DataCollectCore
import DataCollectIntegrity
import Testing

@Suite("Stored seals: a record's seals as one JSON text beside its leaf")
struct StoredSealsTests {
    static let salt = [UInt8](repeating: 0xab, count: 16)
    static let commitment = [UInt8](repeating: 0x01, count: 32)

    @Test func theTextIsCanonicalJSONWithFieldsInUTF16Order() {
        let seals = [FieldSeal(field: "name", salt: Self.salt, commitment: Self.commitment),
                     FieldSeal(field: "\u{1F600}", salt: nil, commitment: Self.commitment),
                     FieldSeal(field: "\u{FB01}", salt: Self.salt, commitment: Self.commitment)]
        let text = StoredSeals.text(seals)
        let salt = String(repeating: "ab", count: 16)
        let commitment = String(repeating: "01", count: 32)
        // U+1F600 is a surrogate pair (0xD83D …), which sorts before U+FB01 in UTF-16.
        #expect(text == #"{"name":["\#(salt)","\#(commitment)"],"😀":[null,"\#(commitment)"],"ﬁ":["\#(salt)","\#(commitment)"]}"#)
        #expect(StoredSeals.seals(parsing: text) == seals.sorted { $0.field < $1.field })
        let object = Dictionary(uniqueKeysWithValues: seals.map { seal -> (String, JSONValue) in
            (seal.field, [seal.salt.map { .string($0.hexString) } ?? .null, .string(seal.commitment.hexString)])
        })
        #expect(text == JSONValue.object(object).canonicalString)
    }

    @Test func aRepeatedFieldKeepsItsFirstSeal() {
        let first = FieldSeal(field: "name", salt: Self.salt, commitment: Self.commitment)
        let second = FieldSeal(field: "name", salt: nil, commitment: [UInt8](repeating: 2, count: 32))
        #expect(StoredSeals.seals(parsing: StoredSeals.text([first, second])) == [first])
    }

    @Test func fieldNamesAreEscapedAsJCSWrites() {
        let seal = FieldSeal(field: "a\"b\\c\n\u{1}", salt: nil, commitment: Self.commitment)
        let text = StoredSeals.text([seal])
        #expect(text == JSONValue.object([seal.field: [.null, .string(Self.commitment.hexString)]]).canonicalString)
        #expect(StoredSeals.seals(parsing: text) == [seal])
    }

    @Test func noSealsIsTheEmptyObject() {
        #expect(StoredSeals.text([]) == "{}")
        #expect(StoredSeals.seals(parsing: "{}") == [])
    }

    @Test("a text changed into another shape is not read as seals", arguments: [
        "", "[]", "null", #"{"name":"ab"}"#, #"{"name":["ab"]}"#, #"{"name":["ab","01","02"]}"#,
        #"{"name":["zz","0101"]}"#, #"{"name":["ab","zz"]}"#, #"{"name":[1,"01"]}"#, #"{"name":["ab",null]}"#,
        #"{"name":["ab","01"],"name":["ab","01"]}"#, #"{"name":["ab","01"]"#,
    ])
    func otherShapesAreRejected(text: String) {
        #expect(StoredSeals.seals(parsing: text) == nil)
    }

    @Test func upperCaseHexReadsAsTheSameBytes() {
        let text = #"{"name":["\#(String(repeating: "AB", count: 16))","\#(String(repeating: "01", count: 32))"]}"#
        #expect(StoredSeals.seals(parsing: text) == [FieldSeal(field: "name", salt: Self.salt, commitment: Self.commitment)])
    }

    @Test("an exported record that seals one field twice is refused, not trusted")
    func aRepeatedFieldInTheWireFormIsRefused() throws {
        let seal: JSONValue = ["field": "name", "salt": .string(String(repeating: "ab", count: 16)),
                               "commitment": .string(String(repeating: "01", count: 32))]
        #expect(try SealedRecordCoding.seals(from: .array([seal])).count == 1)
        #expect(throws: DataCollectError.self) { try SealedRecordCoding.seals(from: .array([seal, seal])) }
    }
}
