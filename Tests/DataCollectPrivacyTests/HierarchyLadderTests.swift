import DataCollectIntegrity
import DataCollectPrivacy
import Testing

@Suite("k-anonymity climbs the profile's hierarchy before it suppresses")
struct HierarchyLadderTests {
    static let table = ["Kalamba": "North", "Mpala": "North", "Sinde": "South",
                        "North": "Eastern Province", "South": "Eastern Province"]

    static func profile(maxSuppression: Double) -> AnonymizationProfile {
        AnonymizationProfile(
            name: "release",
            fields: [FieldRule(field: "village", op: .generalizeHierarchy(table: table, levels: 1)),
                     FieldRule(field: "sex", op: .keep)],
            kAnonymity: KAnonymityModel(quasiIdentifiers: ["village", "sex"], k: 3, maxSuppression: maxSuppression))
    }

    /// Three women, one per district after the profile's own step: no class of 3 until the
    /// province level.
    static let records = [("a", "North"), ("b", "South"), ("c", "North"), ("d", "South"), ("e", "North")].map { guid, district in
        SubjectRecord(guid: guid, values: ["village": .string(district), "sex": "female"])
    }

    @Test func oneMoreLevelOfTheTableMeetsKWithoutSuppression() throws {
        let result = try #require(try Self.profile(maxSuppression: 0).enforcePrivacyModels(on: Self.records))
        #expect(result.suppressedSubjects == 0)
        #expect(result.achievedK == 5)
        #expect(result.generalizationSteps["village"] == 1)
        #expect(Set(result.records.map { $0.values["village"] }) == [.string("Eastern Province")])
    }

    @Test func theTopOfTheTableEndsTheLadder() throws {
        let lone = Self.records + [SubjectRecord(guid: "f", values: ["village": "Eastern Province", "sex": "male"])]
        let error = #expect(throws: AnonymizationError.self) {
            try Self.profile(maxSuppression: 0).enforcePrivacyModels(on: lone)
        }
        #expect(error?.message.contains("cannot meet 3-anonymity") == true)
    }
}
