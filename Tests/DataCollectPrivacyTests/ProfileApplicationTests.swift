import DataCollectIntegrity
import DataCollectPrivacy
import Foundation
import Testing

/// A profile applied to one record: named fields through their operators, the others as
/// `otherFields` says.
@Suite("Profile application")
struct ProfileApplicationTests {
    static let keys = KeyRing(keys: ["main": Array(repeating: 3, count: 32)])
    static let context = RecordContext(entityGuid: "ind-9", householdGuid: "hh-9", keys: keys)
    static let record: [String: JSONValue] = [
        "name": "Amina Diallo", "dateOfBirth": "1984-02-29", "sex": "female", "phone": "+000 123 4567",
        "notes": "Secret-4242", "income": 1234,
    ]

    static func profile(_ otherFields: UnnamedFieldHandling) -> AnonymizationProfile {
        AnonymizationProfile(name: "research", fields: [
            FieldRule(field: "name", op: .pseudonymize(key: "main", prefix: "P-", length: 8)),
            FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
            FieldRule(field: "sex", op: .keep),
            FieldRule(field: "phone", op: .drop),
            FieldRule(field: "village", op: .replace("somewhere")),
        ], otherFields: otherFields)
    }

    @Test("otherFields drop: fields the profile does not name are removed")
    func dropUnnamed() throws {
        let result = try Self.profile(.drop).anonymize(Self.record, context: Self.context)
        #expect(Set(result.keys) == ["name", "dateOfBirth", "sex"])
        #expect(result["dateOfBirth"] == "1984")
        #expect(result["sex"] == "female")
        #expect(result["name"]?.stringValue?.hasPrefix("P-") == true)
        #expect(result["name"] != Self.record["name"])
    }

    @Test("otherFields keep: fields the profile does not name pass unchanged")
    func keepUnnamed() throws {
        let result = try Self.profile(.keep).anonymize(Self.record, context: Self.context)
        #expect(Set(result.keys) == ["name", "dateOfBirth", "sex", "notes", "income"])
        #expect(result["notes"] == "Secret-4242")
        #expect(result["income"] == 1234)
        #expect(result["phone"] == nil)
    }

    @Test("otherFields error: an unnamed field present is an error naming the field, never its value")
    func errorOnUnnamed() throws {
        let error = try #require(throws: AnonymizationError.self) {
            try Self.profile(.error).anonymize(Self.record, context: Self.context)
        }
        #expect(error.code == .unnamedField)
        #expect(error.field == "income")  // the first unnamed field in name order
        #expect(error.profile == "research")
        #expect(error.entityGuid == "ind-9")
        #expect(!error.description.contains("4242") && !error.description.contains("1234"))
    }

    @Test("otherFields error passes a record whose every field is named")
    func errorModeWithNamedFieldsOnly() throws {
        let result = try Self.profile(.error).anonymize(["sex": "male", "phone": "+000 1"], context: Self.context)
        #expect(result == ["sex": "male"])
    }

    @Test("a rule for a field the record lacks adds nothing; an empty record stays empty",
          arguments: [UnnamedFieldHandling.drop, .keep, .error])
    func absentFields(mode: UnnamedFieldHandling) throws {
        #expect(try Self.profile(mode).anonymize([:], context: Self.context) == [:])
        #expect(try Self.profile(mode).anonymize(["sex": .null], context: Self.context) == ["sex": .null])
    }

    @Test("an operator's error carries the profile, field and entity")
    func operatorErrorsCarryLocation() throws {
        let error = try #require(throws: AnonymizationError.self) {
            try Self.profile(.drop).anonymize(["dateOfBirth": 19_840_229], context: Self.context)
        }
        #expect(error.code == .wrongType)
        #expect(error.profile == "research" && error.field == "dateOfBirth" && error.entityGuid == "ind-9")
        #expect(!error.description.contains("19840229"))
    }

    @Test("the same record anonymizes the same way twice")
    func deterministic() throws {
        let profile = Self.profile(.keep)
        #expect(try profile.anonymize(Self.record, context: Self.context) == profile.anonymize(Self.record, context: Self.context))
    }

    // MARK: Keys

    static func policy(_ keys: [String: String]) -> PrivacyPolicy {
        PrivacyPolicy(metadata: PolicyMetadata(name: "test", version: "1", owner: "DPO", legalBasis: "test"),
                      keys: keys.mapValues { PolicyKey(file: $0) })
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("keys"), withIntermediateDirectories: true)
        return folder
    }

    @Test("key files load relative to the policy's folder (or from absolute paths) and drive the keyed operators")
    func loadKeys() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(repeating: 3, count: 32).write(to: folder.appendingPathComponent("keys/main.key"))
        try Data(repeating: 5, count: 48).write(to: folder.appendingPathComponent("other.key"))
        let ring = try KeyRing.load(Self.policy(["main": "keys/main.key", "other": folder.path + "/other.key"]),
                                    relativeTo: folder.path)
        #expect(ring.names == ["main", "other"])
        #expect(!ring.description.contains("3"))
        // The loaded key is the same key as the literal one: same pseudonyms.
        let context = RecordContext(entityGuid: "ind-9", householdGuid: "hh-9", keys: ring)
        #expect(try Self.profile(.drop).anonymize(Self.record, context: context)
            == Self.profile(.drop).anonymize(Self.record, context: Self.context))
    }

    @Test("a key shorter than 32 bytes, or a missing file, is an error naming the key and file, never the content")
    func badKeys() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("Secret-4242".utf8).write(to: folder.appendingPathComponent("keys/short.key"))
        let short = try #require(throws: AnonymizationError.self) {
            try KeyRing.load(Self.policy(["short": "keys/short.key"]), relativeTo: folder.path)
        }
        #expect(short.code == .keyTooShort)
        #expect(short.message.contains("'short'") && short.message.contains("keys/short.key"))
        #expect(!short.description.contains("Secret"))

        for file in ["keys/missing.key", "keys"] {
            let missing = try #require(throws: AnonymizationError.self) {
                try KeyRing.load(Self.policy(["gone": file]), relativeTo: folder.path)
            }
            #expect(missing.code == .keyFileUnreadable)
            #expect(missing.message.contains("'gone'") && missing.message.contains("'\(file)'"))
        }
    }
}
