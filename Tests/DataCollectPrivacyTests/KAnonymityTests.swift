import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import Testing

/// The privacy-model engine on small hand-made releases with known answers, and a property test
/// on random ones.
@Suite("k-anonymity and l-diversity")
struct KAnonymityTests {
    static func record(_ guid: String, _ values: [String: JSONValue], household: String? = nil) -> SubjectRecord {
        SubjectRecord(guid: guid, householdGuid: household, values: values)
    }

    static func villages(_ spec: [(String, Int)]) -> [SubjectRecord] {
        spec.flatMap { village, count in
            (0..<count).map { record("\(village)-\($0)", ["village": .string(village), "note": "kept"]) }
        }
    }

    static func suppressed(_ result: PrivacyModelResult) -> [String] {
        result.records.filter { $0.values["village"] == "*" }.map(\.guid)
    }

    // MARK: Known answers

    @Test("an already k-anonymous release is returned as it is, sorted by guid")
    func alreadyAnonymous() throws {
        let records = [("f1", "female"), ("m2", "male"), ("f2", "female"), ("m1", "male"), ("f3", "female"), ("m3", "male")]
            .map { Self.record($0.0, ["sex": .string($0.1), "birthYear": "1980", "other": 1]) }
        let model = KAnonymityModel(quasiIdentifiers: ["sex", "birthYear"], k: 3, maxSuppression: 0)
        let result = try model.enforce(on: records)
        #expect(result.achievedK == 3)
        #expect(result.suppressedSubjects == 0 && result.suppressionRate == 0)
        #expect(result.generalizationSteps == ["sex": 0, "birthYear": 0])
        #expect(result.achievedL == nil)
        #expect(result.records == records.sorted { $0.guid < $1.guid })
    }

    @Test("dates climb the ladder one level: days to months")
    func generalizeDays() throws {
        let records = ["2020-01-05", "2020-01-20", "2020-02-03", "2020-02-29"].enumerated()
            .map { Self.record("r\($0.offset)", ["dob": .string($0.element)]) }
        let result = try KAnonymityModel(quasiIdentifiers: ["dob"], k: 2, maxSuppression: 0).enforce(on: records)
        #expect(result.generalizationSteps == ["dob": 1])
        #expect(result.records.map { $0.values["dob"] } == ["2020-01", "2020-01", "2020-02", "2020-02"])
        #expect(result.achievedK == 2)
    }

    @Test("the date ladder goes day → month → quarter → year → decade, and mixed levels meet at the highest")
    func dateLadderToDecade() throws {
        let records = ["2011-01-01", "2013-05-31", "2016-02-29", "2019-12-31", "2010-07-04"].enumerated()
            .map { Self.record("r\($0.offset)", ["dob": .string($0.element)]) }
        let result = try KAnonymityModel(quasiIdentifiers: ["dob"], k: 5, maxSuppression: 0).enforce(on: records)
        #expect(result.generalizationSteps == ["dob": 4])
        #expect(result.records.allSatisfy { $0.values["dob"] == "2010s" })

        let mixed = ["2020-01-15", "2020-02", "2020-Q1"].enumerated()
            .map { Self.record("r\($0.offset)", ["dob": .string($0.element)]) }
        let merged = try KAnonymityModel(quasiIdentifiers: ["dob"], k: 3, maxSuppression: 0).enforce(on: mixed)
        #expect(merged.generalizationSteps == ["dob": 1])
        #expect(merged.records.allSatisfy { $0.values["dob"] == "2020-Q1" })
    }

    @Test("number intervals double their width per step, negative intervals included",
          arguments: [
              (["1500-2000", "2000-2500"], 3, "0-4000"),
              (["-500-0", "-1000--500"], 1, "-1000-0"),
              (["0.25-0.5", "0.5-0.75"], 2, "0-1"),
          ])
    func intervalLadder(values: [String], steps: Int, merged: String) throws {
        let records = values.enumerated().map { Self.record("r\($0.offset)", ["income": .string($0.element)]) }
        let result = try KAnonymityModel(quasiIdentifiers: ["income"], k: 2, maxSuppression: 0).enforce(on: records)
        #expect(result.generalizationSteps == ["income": steps])
        #expect(result.records.allSatisfy { $0.values["income"] == .string(merged) })
    }

    @Test("the engine generalizes the quasi-identifier whose step leaves the fewest subjects to suppress")
    func choosesBestQuasiIdentifier() throws {
        // Years to decades merges everything into classes of two; doubling the income width does not.
        let records = [("a", "1981", "0-500"), ("b", "1982", "0-500"), ("c", "1981", "1000-1500"), ("d", "1982", "1000-1500")]
            .map { Self.record($0.0, ["birthYear": .string($0.1), "income": .string($0.2)]) }
        let model = KAnonymityModel(quasiIdentifiers: ["income", "birthYear"], k: 2, maxSuppression: 0)
        let result = try model.enforce(on: records)
        #expect(result.generalizationSteps == ["income": 0, "birthYear": 1])
        #expect(result.records.map { $0.values["birthYear"] } == ["1980s", "1980s", "1980s", "1980s"])
        #expect(result.records.map { $0.values["income"] } == ["0-500", "0-500", "1000-1500", "1000-1500"])
    }

    @Test("classes smaller than k are suppressed within the budget: quasi-identifiers become *")
    func suppressionWithinBudget() throws {
        let records = Self.villages([("Kalamba", 10), ("Nyota", 1), ("Oasis", 1), ("Bwera", 1)])
        let result = try KAnonymityModel(quasiIdentifiers: ["village"], k: 3, maxSuppression: 0.25).enforce(on: records)
        #expect(result.suppressedSubjects == 3)
        #expect(Self.suppressed(result) == ["Bwera-0", "Nyota-0", "Oasis-0"])
        #expect(result.achievedK == 10)
        #expect(result.suppressionRate == 3.0 / 13.0)
        #expect(result.records.allSatisfy { $0.values["note"] == "kept" })
    }

    @Test("the suppressed subjects, alike in every quasi-identifier, are made at least k themselves")
    func suppressedGroupReachesK() throws {
        let records = Self.villages([("Kalamba", 10), ("Nyota", 1)])
        let result = try KAnonymityModel(quasiIdentifiers: ["village"], k: 3, maxSuppression: 0.3).enforce(on: records)
        // Nyota alone would be a visible group of one "*": two Kalamba records (latest guids) join it.
        #expect(Self.suppressed(result) == ["Kalamba-8", "Kalamba-9", "Nyota-0"])
        #expect(result.achievedK == 8)
    }

    @Test("impossible within the budget: the error says the achieved k, the subjects to suppress and the budget")
    func impossible() throws {
        let records = Self.villages([("Kalamba", 3), ("Secretville", 1), ("Nyota", 1), ("Oasis", 1)])
        let model = KAnonymityModel(quasiIdentifiers: ["village"], k: 3, maxSuppression: 0.2)
        let error = try #require(throws: AnonymizationError.self) { try model.enforce(on: records, profile: "open-data") }
        #expect(error.code == .privacyModelNotMet)
        #expect(error.profile == "open-data")
        #expect(error.message.contains("3-anonymity"))
        #expect(error.message.contains("achieved k = 1"))
        #expect(error.message.contains("3 of 6 subjects would need suppression"))
        #expect(error.message.contains("budget of 1"))
        #expect(!error.description.contains("Secretville") && !error.description.contains("Kalamba"))
    }

    @Test("suppressing every subject is a failure, whatever the budget")
    func everythingSuppressed() throws {
        let records = Self.villages([("Kalamba", 1), ("Nyota", 1), ("Oasis", 1)])
        let error = try #require(throws: AnonymizationError.self) {
            try KAnonymityModel(quasiIdentifiers: ["village"], k: 2, maxSuppression: 1).enforce(on: records)
        }
        #expect(error.code == .privacyModelNotMet)
        #expect(error.message.contains("every one of the 3 subjects"))
    }

    @Test("l-diversity: a class with one sensitive value is suppressed, and the suppressed group is diverse too")
    func lDiversityViolation() throws {
        func subjects(_ village: String, _ conditions: [String]) -> [SubjectRecord] {
            conditions.enumerated().map { Self.record("\(village)\($0.offset)", ["village": .string(village), "condition": .string($0.element)]) }
        }
        let records = subjects("A", ["diabetes", "diabetes", "diabetes"]) + subjects("B", ["hiv", "none", "none", "flu"])
            + subjects("C", ["flu", "none", "hiv", "none"])
        let model = KAnonymityModel(quasiIdentifiers: ["village"], k: 3, maxSuppression: 0.5)
        let result = try model.enforce(on: records, lDiversity: LDiversityModel(sensitiveAttribute: "condition", l: 2))
        #expect(Self.suppressed(result) == ["A0", "A1", "A2", "B3"])
        #expect(result.achievedK == 3)
        #expect(result.achievedL == 2)
        #expect(result.records.map { $0.values["condition"] } == records.map { $0.values["condition"] })

        let plain = try model.enforce(on: records)
        #expect(plain.suppressedSubjects == 0 && plain.achievedL == nil)
    }

    @Test("l-diversity that no suppression can reach is an error naming l")
    func lDiversityImpossible() throws {
        let records = Self.villages([("Kalamba", 6)])
        let error = try #require(throws: AnonymizationError.self) {
            try KAnonymityModel(quasiIdentifiers: ["village"], k: 2, maxSuppression: 0.5)
                .enforce(on: records, lDiversity: LDiversityModel(sensitiveAttribute: "note", l: 2))
        }
        #expect(error.code == .privacyModelNotMet)
        #expect(error.message.contains("2-diversity of 'note'"))
    }

    @Test("household k counts distinct households per class; subjects without one count alone")
    func householdK() throws {
        let records = [
            Self.record("a1", ["village": "A"], household: "h1"), Self.record("a2", ["village": "A"], household: "h1"),
            Self.record("a3", ["village": "A"], household: "h1"), Self.record("a4", ["village": "A"], household: "h2"),
            Self.record("b1", ["village": "B"], household: "h3"), Self.record("b2", ["village": "B"]),
            Self.record("b3", ["village": "B"]),
        ]
        let result = try KAnonymityModel(quasiIdentifiers: ["village"], k: 3, maxSuppression: 0).enforce(on: records)
        #expect(result.achievedK == 3)
        #expect(result.achievedHouseholdK == 2)
    }

    @Test("a missing quasi-identifier counts as null, and stays missing unless suppressed")
    func missingValues() throws {
        let records = [Self.record("a", ["village": "A"]), Self.record("b", ["village": .null]), Self.record("c", [:]),
                       Self.record("d", ["village": "A"])]
        let result = try KAnonymityModel(quasiIdentifiers: ["village"], k: 2, maxSuppression: 0).enforce(on: records)
        #expect(result.achievedK == 2)
        let expected: [[String: JSONValue]] = [["village": "A"], ["village": .null], [:], ["village": "A"]]
        #expect(result.records.map(\.values) == expected)
    }

    @Test("the same records in any order give the same result")
    func deterministic() throws {
        var random = SeededRandom(seed: 11)
        let records = Self.randomRecords(count: 300, random: &random)
        let model = KAnonymityModel(quasiIdentifiers: ["dob", "sex", "region"], k: 3, maxSuppression: 0.1)
        let l = LDiversityModel(sensitiveAttribute: "condition", l: 2)
        let expected = try model.enforce(on: records, lDiversity: l)
        for seed in 1...3 as ClosedRange<UInt64> {
            var shuffler = SeededRandom(seed: seed)
            #expect(try model.enforce(on: records.shuffled(using: &shuffler), lDiversity: l) == expected)
        }
    }

    @Test("an empty release is trivially fine")
    func empty() throws {
        let result = try KAnonymityModel(quasiIdentifiers: ["village"], k: 5, maxSuppression: 0).enforce(on: [])
        #expect(result.achievedK == 0 && result.suppressedSubjects == 0 && result.records.isEmpty)
    }

    @Test("unusable model parameters are INVALID_MODEL",
          arguments: [(KAnonymityModel(quasiIdentifiers: ["v"], k: 0, maxSuppression: 0), nil as LDiversityModel?),
                      (KAnonymityModel(quasiIdentifiers: ["v"], k: 2, maxSuppression: 1.5), nil),
                      (KAnonymityModel(quasiIdentifiers: ["v"], k: 2, maxSuppression: -0.1), nil),
                      (KAnonymityModel(quasiIdentifiers: [], k: 2, maxSuppression: 0), nil),
                      (KAnonymityModel(quasiIdentifiers: ["v"], k: 2, maxSuppression: 0), LDiversityModel(sensitiveAttribute: "s", l: 0))])
    func invalidModel(model: KAnonymityModel, lDiversity: LDiversityModel?) throws {
        let error = try #require(throws: AnonymizationError.self) {
            try model.enforce(on: Self.villages([("A", 3)]), lDiversity: lDiversity)
        }
        #expect(error.code == .invalidModel)
    }

    @Test("a profile enforces its own models; none gives nil; l-diversity alone is refused")
    func profileModels() throws {
        let records = Self.villages([("Kalamba", 4), ("Nyota", 1)])
        let none = AnonymizationProfile(name: "p", fields: [])
        #expect(try none.enforcePrivacyModels(on: records) == nil)
        let withK = AnonymizationProfile(name: "p", fields: [],
                                         kAnonymity: KAnonymityModel(quasiIdentifiers: ["village"], k: 2, maxSuppression: 0.5))
        #expect(try withK.enforcePrivacyModels(on: records)?.suppressedSubjects == 2)
        let lOnly = AnonymizationProfile(name: "p", fields: [], lDiversity: LDiversityModel(sensitiveAttribute: "note", l: 2))
        #expect(throws: AnonymizationError.self) { try lOnly.enforcePrivacyModels(on: records) }
    }

    // MARK: Property

    static func randomRecords(count: Int, random: inout SeededRandom) -> [SubjectRecord] {
        (0..<count).map { index in
            let year = random.int(1970...2019), month = random.int(1...12)
            let day = random.int(1...CivilDate.daysIn(month: month, year: year))
            let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            var values: [String: JSONValue] = [
                "dob": .string(date), "sex": .string(random.pick(["female", "male"])),
                "region": .string(random.pick(["North", "South", "East"])),
                "condition": .string(random.pick(["none", "none", "flu", "hiv", "diabetes"])),
                "id": .number(JSONNumber(index)),
            ]
            if random.chance(0.01) { values["sex"] = nil }
            return SubjectRecord(guid: "s-\(index)", householdGuid: "h-\(index / 4)", values: values)
        }
    }

    @Test("random releases: every visible class has ≥ k subjects and ≥ l sensitive values, within the budget",
          arguments: 1...12 as ClosedRange<UInt64>)
    func property(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let records = Self.randomRecords(count: random.int(200...600), random: &random)
        let qis = ["dob", "sex", "region"]
        let model = KAnonymityModel(quasiIdentifiers: qis, k: random.int(2...6), maxSuppression: [0.02, 0.05, 0.1, 0.2][random.int(0...3)])
        let lModel = random.chance(0.6) ? LDiversityModel(sensitiveAttribute: "condition", l: random.int(1...3)) : nil
        let result: PrivacyModelResult
        do {
            result = try model.enforce(on: records, lDiversity: lModel)
        } catch {
            #expect(error.code == .privacyModelNotMet)
            return
        }
        let l = lModel?.l ?? 1
        #expect(result.records.map(\.guid) == records.map(\.guid).sorted())
        var classes: [String: [SubjectRecord]] = [:]
        var suppressed: [SubjectRecord] = []
        for record in result.records {
            let key = qis.map { (record.values[$0] ?? .null).canonicalString }
            if key.allSatisfy({ $0 == "\"*\"" }) {
                suppressed.append(record)
            } else {
                #expect(!key.contains("\"*\""))
                classes[key.joined(separator: "|"), default: []].append(record)
            }
        }
        #expect(!classes.isEmpty)
        for members in classes.values {
            #expect(members.count >= model.k)
            #expect(Set(members.map { $0.values["condition"] }).count >= l)
        }
        #expect(result.achievedK == classes.values.map(\.count).min())
        #expect(result.achievedK >= model.k)
        if let achievedL = result.achievedL { #expect(achievedL >= l) }
        #expect(suppressed.count == result.suppressedSubjects)
        #expect(Double(suppressed.count) <= model.maxSuppression * Double(records.count))
        if !suppressed.isEmpty {
            #expect(suppressed.count >= model.k)
            #expect(Set(suppressed.map { $0.values["condition"] }).count >= l)
        }
        // Only quasi-identifiers change.
        let original = Dictionary(uniqueKeysWithValues: records.map { ($0.guid, $0) })
        for record in result.records {
            #expect(record.values["condition"] == original[record.guid]?.values["condition"])
            #expect(record.values["id"] == original[record.guid]?.values["id"])
        }
    }
}
