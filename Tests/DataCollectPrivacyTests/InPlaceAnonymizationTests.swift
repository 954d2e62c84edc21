import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSQLite
import Foundation
import Testing

@Suite("Anonymization in place", .serialized)
struct InPlaceAnonymizationTests {
    static let profile = AnonymizationProfile(
        name: "public-release",
        fields: [
            FieldRule(field: "name", op: .pseudonymize(key: "pseudonym", prefix: "P-", length: 12)),
            FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
            FieldRule(field: "sex", op: .keep),
            FieldRule(field: "village", op: .keep),
        ],
        otherFields: .drop,
        kAnonymity: KAnonymityModel(quasiIdentifiers: ["dateOfBirth", "sex"], k: 2, maxSuppression: 0.5))

    static let policy = PrivacyPolicy(metadata: PolicyMetadata(name: "release", version: "1", owner: "DPO", legalBasis: "test"),
                                      profiles: [profile], sourceSHA256: "test")

    @Test("originals erased everywhere, derived values written as policy-anonymize events, k met, a second run changes nothing")
    func anonymizeInPlace() throws {
        let db = RetentionAndErasureTests.path("anonymize.sqlite")
        let manager = try RetentionAndErasureTests.generatedStore(db)
        let keys = KeyRing(keys: ["pseudonym": Array(repeating: 7, count: 32)])
        let individual = try manager.store.read { transaction in
            var found: Entity?
            try transaction.forEachRecord { if found == nil, $0.entity.type == .individual, $0.entity.data["phone"]?.stringValue != nil { found = $0.entity } }
            return found
        }
        let original = try #require(individual)
        let originalName = try #require(original.data["name"]?.stringValue)
        let originalPhone = try #require(original.data["phone"]?.stringValue)

        let anonymization = try ProfileAnonymization(profile: Self.profile, keys: keys, store: manager.store)
        let model = try #require(anonymization.model)
        #expect(model.achievedK >= 2)
        let runner = PolicyRunner(manager: manager, policy: Self.policy, actor: "officer-3")
        let now = RetentionAndErasureTests.time("2025-07-01T00:00:00Z")
        let report = try runner.applyAnonymization(profile: Self.profile, transform: anonymization.transform, now: now)
        #expect(report.entities == anonymization.derived.count)

        let after = try manager.entity(original.guid).pair.modified
        #expect(after.data == anonymization.derived[original.guid])
        #expect(after.data["phone"] == nil)
        #expect(after.data["name"]?.stringValue?.hasPrefix("P-") == true || after.data["name"] == .string("*"))
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)
        // The past shows the originals as erased, never as they were.
        for entry in try manager.history(of: original.guid) {
            #expect(entry.entity?.data["name"] != .string(originalName))
            #expect(entry.entity?.data["phone"] != .string(originalPhone))
        }
        let bytes = RetentionAndErasureTests.fileBytes(db)
        #expect(!RetentionAndErasureTests.contains(bytes, originalPhone))

        let hash = try manager.stateHash()
        let second = try runner.applyAnonymization(profile: Self.profile, transform: anonymization.transform, now: now)
        #expect(second.subjects == 0)
        #expect(try manager.stateHash() == hash, "applying the same profile twice changes nothing")
    }

    @Test("clients cannot submit the reserved policy-anonymize type")
    func reservedType() throws {
        let manager = EntityDataManager(store: InMemoryStore())
        let report = try manager.submit([Event(guid: "x", entityGuid: "p", type: "policy-anonymize", data: ["data": [:]],
                                               timestamp: RetentionAndErasureTests.time("2024-01-01T00:00:00Z"), userId: "u")])
        #expect(report.rejected == 1)
    }
}
