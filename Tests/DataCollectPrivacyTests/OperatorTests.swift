import DataCollectIntegrity
import DataCollectPrivacy
import Testing

/// Each anonymization operator on its edge cases: null, empty text, wrong types, Unicode, dates
/// before 1900 and leap days, negative numbers, and the keyed operators' stability.
@Suite("Anonymization operators")
struct OperatorTests {
    static let keys = KeyRing(keys: [
        "main": Array(repeating: 7, count: 32),
        "other": Array(repeating: 9, count: 32),
    ])

    static func context(_ field: String = "field", entity: String = "ind-1", household: String? = nil) -> OperatorContext {
        OperatorContext(profile: "research", field: field, entityGuid: entity, householdGuid: household, keys: keys)
    }

    static func apply(_ op: AnonymizationOperator, _ value: JSONValue, entity: String = "ind-1",
                      household: String? = nil) throws -> JSONValue? {
        try op.apply(to: value, context: context(entity: entity, household: household))
    }

    static func error(_ op: AnonymizationOperator, _ value: JSONValue) -> AnonymizationError? {
        do {
            _ = try op.apply(to: value, context: context("secretField", entity: "ind-77"))
            return nil
        } catch {
            return error
        }
    }

    static let everyOperator: [AnonymizationOperator] = [
        .redact, .replace("X"), .mask(keepFirst: 1, keepLast: 1, character: "*"),
        .pseudonymize(key: "main", prefix: "P-", length: 10), .hash, .generalizeDate(.year),
        .generalizeNumber(width: 10), .bucket([NumberBucket(min: nil, max: nil, label: "all")]),
        .generalizeHierarchy(table: ["a": "b"], levels: 1), .dateShift(maxDays: 30, key: "main"),
        .round(step: 5), .drop, .keep,
    ]

    // MARK: Null and the simple operators

    @Test("null stays null, except drop (field removed) and replace (the fixed value)", arguments: everyOperator)
    func nullInput(op: AnonymizationOperator) throws {
        let result = try Self.apply(op, .null)
        switch op {
        case .drop: #expect(result == nil)
        case .replace(let value): #expect(result == value)
        default: #expect(result == .null)
        }
    }

    @Test("redact, replace, keep and drop on any value", arguments: ["text", 42, true, ["a": 1], [1, 2]] as [JSONValue])
    func simpleOperators(value: JSONValue) throws {
        #expect(try Self.apply(.redact, value) == .null)
        #expect(try Self.apply(.replace("fixed"), value) == "fixed")
        #expect(try Self.apply(.keep, value) == value)
        #expect(try Self.apply(.drop, value) == nil)
    }

    // MARK: Wrong types

    @Test("a value of the wrong type is an error naming profile, field and entity, never the value",
          arguments: [
              (AnonymizationOperator.mask(keepFirst: 1, keepLast: 1, character: "*"), JSONValue.object(["secret": "Amina-4242"])),
              (.mask(keepFirst: 1, keepLast: 1, character: "*"), 424_242),
              (.generalizeDate(.year), 19_840_229),
              (.generalizeDate(.month), true),
              (.dateShift(maxDays: 10, key: "main"), 424_242),
              (.generalizeNumber(width: 10), "Amina-4242"),
              (.bucket([NumberBucket(min: 0, max: nil, label: "x")]), "Amina-4242"),
              (.round(step: 10), .array(["Amina-4242"])),
              (.generalizeHierarchy(table: ["a": "b"], levels: 1), 424_242),
          ])
    func wrongType(op: AnonymizationOperator, value: JSONValue) throws {
        let error = try #require(Self.error(op, value))
        #expect(error.code == .wrongType)
        #expect(error.profile == "research")
        #expect(error.field == "secretField")
        #expect(error.entityGuid == "ind-77")
        #expect(error.description.contains("research") && error.description.contains("secretField")
            && error.description.contains("ind-77"))
        #expect(error.message.contains(value.typeName == "boolean" ? "true or false" : value.typeName))
        #expect(!error.description.contains("4242"))
        #expect(!error.description.contains("Amina"))
    }

    // MARK: mask

    @Test("mask counts characters (grapheme clusters), not bytes",
          arguments: [
              ("abcdef", 1, 2, "a***ef"),
              ("", 1, 1, ""),
              ("+000 123 4567", 1, 2, "+**********67"),
              ("👩‍👩‍👧‍👦abc😀", 1, 1, "👩‍👩‍👧‍👦***😀"),
              ("cafe\u{301}s", 0, 2, "***e\u{301}s"),
              ("محمد علي", 1, 1, "م******ي"),
              ("abcdef", 0, 0, "******"),
          ])
    func mask(text: String, keepFirst: Int, keepLast: Int, expected: String) throws {
        let result = try Self.apply(.mask(keepFirst: keepFirst, keepLast: keepLast, character: "*"), .string(text))
        #expect(result == .string(expected))
        #expect(result?.stringValue?.count == text.count)
    }

    @Test("mask hides the whole value when the kept characters would cover it",
          arguments: [("ab", 1, 1), ("abc", 2, 2), ("a", 0, 1), ("😀é", 5, 0)])
    func maskNeverRevealsWholeValue(text: String, keepFirst: Int, keepLast: Int) throws {
        let result = try Self.apply(.mask(keepFirst: keepFirst, keepLast: keepLast, character: "#"), .string(text))
        #expect(result == .string(String(repeating: "#", count: text.count)))
    }

    @Test("mask with negative counts is an invalid operator")
    func maskNegative() throws {
        #expect(Self.error(.mask(keepFirst: -1, keepLast: 0, character: "*"), "abc")?.code == .invalidOperator)
    }

    // MARK: hash and pseudonymize

    @Test("hash is SHA-256 hex of the canonical JSON; numbers and strings both work")
    func hash() throws {
        #expect(try Self.apply(.hash, "abc") == "6cc43f858fbb763301637b5af970e2a46b46f461f27e5a0f41e009c59b827b25")
        #expect(try Self.apply(.hash, 1) == "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b")
        #expect(try Self.apply(.hash, .number(JSONNumber(literal: "1.0")!)) == Self.apply(.hash, 1))
        #expect(try Self.apply(.hash, "1") != Self.apply(.hash, 1))
        #expect(try Self.apply(.hash, "")?.stringValue?.count == 64)
        #expect(try Self.apply(.hash, "محمد") != Self.apply(.hash, "محمد "))
    }

    @Test("pseudonymize is stable for one key, differs for another key, prefix + length hex digits",
          arguments: ["Amina Diallo", "", "👩‍👩‍👧‍👦", "e\u{301}", "محمد"] as [JSONValue] + [42, 1.5, -3])
    func pseudonymize(value: JSONValue) throws {
        let main = AnonymizationOperator.pseudonymize(key: "main", prefix: "P-", length: 12)
        let first = try #require(Self.apply(main, value)?.stringValue)
        #expect(try Self.apply(main, value, entity: "someone-else")?.stringValue == first)
        #expect(first.hasPrefix("P-"))
        #expect(first.count == 14)
        #expect(first.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
        let other = try Self.apply(.pseudonymize(key: "other", prefix: "P-", length: 12), value)?.stringValue
        #expect(other != first)
    }

    @Test("pseudonymize separates values that print alike: the string \"42\" and the number 42")
    func pseudonymizeTypes() throws {
        let op = AnonymizationOperator.pseudonymize(key: "main", prefix: "", length: 64)
        #expect(try Self.apply(op, "42") != Self.apply(op, 42))
        #expect(try Self.apply(op, "Ada")?.stringValue?.count == 64)
    }

    @Test("keyed operators naming a key that is not loaded fail with UNKNOWN_KEY, naming the key",
          arguments: [AnonymizationOperator.pseudonymize(key: "missing", prefix: "", length: 8),
                      .dateShift(maxDays: 5, key: "missing")])
    func unknownKey(op: AnonymizationOperator) throws {
        let error = try #require(Self.error(op, "2024-01-01"))
        #expect(error.code == .unknownKey)
        #expect(error.message.contains("'missing'"))
        #expect(!error.description.contains("2024-01-01"))
    }

    @Test("pseudonymize needs a length of 1 to 64")
    func pseudonymizeLength() throws {
        #expect(Self.error(.pseudonymize(key: "main", prefix: "", length: 0), "x")?.code == .invalidOperator)
        #expect(Self.error(.pseudonymize(key: "main", prefix: "", length: 65), "x")?.code == .invalidOperator)
    }

    // MARK: generalizeDate

    @Test("generalizeDate to year, quarter and month, leap days and dates before 1900 included",
          arguments: [
              ("2024-02-29", DateGranularity.year, "2024"),
              ("2024-02-29", .quarter, "2024-Q1"),
              ("2024-02-29", .month, "2024-02"),
              ("2000-02-29", .quarter, "2000-Q1"),
              ("1899-12-31", .quarter, "1899-Q4"),
              ("1900-02-28", .month, "1900-02"),
              ("1850-07-04", .year, "1850"),
              ("0850-10-01", .quarter, "0850-Q4"),
              ("2024-06-30", .quarter, "2024-Q2"),
              ("2024-07-01", .quarter, "2024-Q3"),
              ("2024-03-01T08:15:00Z", .month, "2024-03"),
              ("2024-03-31T23:30:00-02:00", .quarter, "2024-Q2"),  // the UTC date is 1 April
          ])
    func generalizeDate(date: String, granularity: DateGranularity, expected: String) throws {
        #expect(try Self.apply(.generalizeDate(granularity), .string(date)) == .string(expected))
    }

    @Test("text that is not a date fails with NOT_A_DATE and never quotes it",
          arguments: ["", "1900-02-29", "2023-02-29", "2024-13-01", "2024-04-31", "29/02/2024", "2024-2-9", "٢٠٢٤-٠٢-٢٩",
                      "2024-03-01T08:15:00"])
    func notADate(text: String) throws {
        for op in [AnonymizationOperator.generalizeDate(.year), .dateShift(maxDays: 3, key: "main")] {
            let error = try #require(Self.error(op, .string(text)))
            #expect(error.code == .notADate)
            #expect(text.isEmpty || !error.description.contains(text))
        }
    }

    @Test("a date an earlier run generalized is coarsened further or kept, never rejected",
          arguments: [
              ("1985", DateGranularity.year, "1985"), ("1985", .quarter, "1985"), ("1985", .month, "1985"),
              ("1985-Q3", .year, "1985"), ("1985-Q3", .quarter, "1985-Q3"), ("1985-Q3", .month, "1985-Q3"),
              ("1985-08", .year, "1985"), ("1985-08", .quarter, "1985-Q3"), ("1985-08", .month, "1985-08"),
          ])
    func generalizeGeneralized(value: String, granularity: DateGranularity, expected: String) throws {
        #expect(try Self.apply(.generalizeDate(granularity), .string(value)) == .string(expected))
    }

    @Test("dateShift keeps a year, quarter or month as it is and still rejects near misses",
          arguments: ["1985", "1985-Q1", "1985-Q4", "1985-01", "1985-12"])
    func dateShiftKeepsGeneralized(value: String) throws {
        #expect(try Self.apply(.dateShift(maxDays: 30, key: "main"), .string(value)) == .string(value))
    }

    @Test("near misses of a generalized date are not dates", arguments: ["198", "1985-Q5", "1985-Q0", "1985-13", "1985-00", "85-01"])
    func nearMissesOfGeneralized(text: String) throws {
        let error = try #require(Self.error(.dateShift(maxDays: 3, key: "main"), .string(text)))
        #expect(error.code == .notADate)
    }

    // MARK: dateShift

    /// The offset, in days, that `dateShift` gives `unit` (measured on a reference date).
    static func offset(maxDays: Int, entity: String, household: String?) throws -> Int {
        let shifted = try #require(try apply(.dateShift(maxDays: maxDays, key: "main"), "2000-06-15",
                                         entity: entity, household: household)?.stringValue)
        return try days(shifted) - days("2000-06-15")
    }

    /// The day number of a `YYYY-MM-DD` text.
    static func days(_ date: String) throws -> Int {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        try #require(parts.count == 3)
        return Int(CivilDate.toDays(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// A household guid whose offset is `wanted` for `maxDays`.
    static func household(withOffset wanted: Int, maxDays: Int) throws -> String {
        for index in 0..<2_000 where try offset(maxDays: maxDays, entity: "x", household: "hh-\(index)") == wanted {
            return "hh-\(index)"
        }
        Issue.record("no household with offset \(wanted)")
        return ""
    }

    @Test("dateShift: every date of one household moves by the same offset, within ±maxDays")
    func dateShiftSameOffsetPerHousehold() throws {
        let maxDays = 45
        var offsets: [Int] = []
        for index in 0..<200 {
            let household = "hh-\(index)"
            let offset = try Self.offset(maxDays: maxDays, entity: "ind-\(index)-0", household: household)
            #expect(abs(offset) <= maxDays)
            offsets.append(offset)
            // Another member, other dates (one before 1900, one a leap day, one a date-time): same offset.
            for (member, date) in [("ind-\(index)-1", "1899-02-28"), ("ind-\(index)-2", "2024-02-29")] {
                let shifted = try #require(try Self.apply(.dateShift(maxDays: maxDays, key: "main"), .string(date),
                                                      entity: member, household: household)?.stringValue)
                #expect(try Self.days(shifted) - Self.days(date) == offset)
            }
            // Without a household, the entity is the unit: the household's own record shifts alike.
            #expect(try Self.offset(maxDays: maxDays, entity: household, household: nil) == offset)
        }
        #expect(offsets.contains { $0 < 0 } && offsets.contains { $0 > 0 })
        #expect(Set(offsets).count > 20)
        #expect(offsets.contains(where: { abs($0) > maxDays / 2 }))
    }

    @Test("dateShift of households differs, and depends on the key")
    func dateShiftKeyed() throws {
        let a = try (0..<20).map { try Self.offset(maxDays: 365, entity: "e", household: "hh-\($0)") }
        #expect(Set(a).count > 10)
        let other = try (0..<20).map { index in
            try #require(try Self.apply(.dateShift(maxDays: 365, key: "other"), "2000-06-15", household: "hh-\(index)"))
        }
        let main = try (0..<20).map { index in
            try #require(try Self.apply(.dateShift(maxDays: 365, key: "main"), "2000-06-15", household: "hh-\(index)"))
        }
        #expect(other != main)
    }

    @Test("dateShift across 29 February and across year boundaries",
          arguments: [
              (1, "2024-02-28", "2024-02-29"), (1, "2024-02-29", "2024-03-01"), (1, "2023-02-28", "2023-03-01"),
              (1, "1900-02-28", "1900-03-01"), (1, "2023-12-31", "2024-01-01"), (1, "1899-12-31", "1900-01-01"),
              (-1, "2024-03-01", "2024-02-29"), (-1, "2000-03-01", "2000-02-29"), (-1, "1900-03-01", "1900-02-28"),
              (-1, "2024-01-01", "2023-12-31"), (-1, "1900-01-01", "1899-12-31"),
          ])
    func dateShiftCalendar(offset: Int, date: String, expected: String) throws {
        let household = try Self.household(withOffset: offset, maxDays: 2)
        #expect(try Self.apply(.dateShift(maxDays: 2, key: "main"), .string(date), household: household) == .string(expected))
    }

    @Test("dateShift keeps the format: a date stays a date, a date-time becomes ISO 8601 UTC")
    func dateShiftFormat() throws {
        let household = try Self.household(withOffset: 1, maxDays: 2)
        let op = AnonymizationOperator.dateShift(maxDays: 2, key: "main")
        #expect(try Self.apply(op, "2024-02-28T22:15:00Z", household: household) == "2024-02-29T22:15:00.000Z")
        // 1 March 01:00 at +02:00 is 29 February 23:00 UTC; one day later: 1 March.
        #expect(try Self.apply(op, "2024-03-01T01:00:00+02:00", household: household) == "2024-03-01T23:00:00.000Z")
        #expect(try Self.apply(op, "1899-12-31T12:00:00.250Z", household: household) == "1900-01-01T12:00:00.250Z")
        #expect(try Self.apply(.dateShift(maxDays: 0, key: "main"), "2024-02-29", household: household) == "2024-02-29")
    }

    // MARK: generalizeNumber, bucket, round

    @Test("generalizeNumber: [lower, lower + width), negatives floor, integers without .0",
          arguments: [
              (JSONValue.number(JSONNumber(1500)), 500.0, "1500-2000"), (1999.9, 500, "1500-2000"), (0, 500, "0-500"),
              (-1, 500, "-500-0"), (-500, 500, "-500-0"), (-501, 500, "-1000--500"), (-0.5, 1, "-1-0"),
              (0.3, 0.1, "0.3-0.4"), (12.5, 10, "10-20"), (7.25, 2.5, "5-7.5"), (1e25, 1e24, "1e+25-1.1e+25"),
          ])
    func generalizeNumber(value: JSONValue, width: Double, expected: String) throws {
        #expect(try Self.apply(.generalizeNumber(width: width), value) == .string(expected))
    }

    @Test("number operators refuse unusable parameters")
    func numberParameters() throws {
        #expect(Self.error(.generalizeNumber(width: 0), 5)?.code == .invalidOperator)
        #expect(Self.error(.generalizeNumber(width: -10), 5)?.code == .invalidOperator)
        #expect(Self.error(.round(step: 0), 5)?.code == .invalidOperator)
        // A width below the precision of a huge number would give an empty interval.
        #expect(Self.error(.generalizeNumber(width: 1e10), 1e30)?.code == .outOfRange)
        #expect(Self.error(.round(step: .nan), 5)?.code == .invalidOperator)
    }

    static let ageBuckets = [
        NumberBucket(min: nil, max: 0, label: "negative"), NumberBucket(min: 0, max: 18, label: "child"),
        NumberBucket(min: 18, max: 65, label: "adult"), NumberBucket(min: 65, max: nil, label: "older"),
    ]

    @Test("bucket: min inclusive, max exclusive, open bounds, negatives",
          arguments: [(JSONValue.number(JSONNumber(-5)), "negative"), (-0.001, "negative"), (0, "child"), (17.99, "child"),
                      (18, "adult"), (64, "adult"), (65, "older"), (120, "older")])
    func bucket(value: JSONValue, label: String) throws {
        #expect(try Self.apply(.bucket(Self.ageBuckets), value) == .string(label))
    }

    @Test("a number outside every bucket is an error that does not quote it")
    func outsideBuckets() throws {
        let error = try #require(Self.error(.bucket([NumberBucket(min: 0, max: 10, label: "low")]), 424_242))
        #expect(error.code == .outsideBuckets)
        #expect(!error.description.contains("424242"))
        #expect(Self.error(.bucket([NumberBucket(min: 0, max: 10, label: "low")]), -1)?.code == .outsideBuckets)
    }

    @Test("round: nearest multiple of the step, halves away from zero",
          arguments: [
              (JSONValue.number(JSONNumber(1234)), 100.0, "1200"), (1250, 100, "1300"), (-1250, 100, "-1300"),
              (-1249, 100, "-1200"), (2.5, 1, "3"), (-2.5, 1, "-3"), (-2.4, 1, "-2"), (0.15, 0.1, "0.2"),
              (-0.15, 0.1, "-0.2"), (7, 5, "5"), (7.5, 5, "10"), (-7.5, 5, "-10"), (0, 5, "0"), (-1, 5, "0"),
              (12.345, 0.01, "12.35"),
          ])
    func round(value: JSONValue, step: Double, expected: String) throws {
        #expect(try Self.apply(.round(step: step), value) == .number(JSONNumber(literal: expected)!))
    }

    // MARK: generalizeHierarchy

    static let places = [
        "Kalamba": "North", "Nyota": "North", "دار السلام": "East", "Sainte-Hélène": "West",
        "North": "Northern Province", "East": "Eastern Province",
    ]

    @Test("generalizeHierarchy follows the table levels times, Unicode names included",
          arguments: [("Kalamba", 1, "North"), ("Kalamba", 2, "Northern Province"), ("دار السلام", 2, "Eastern Province"),
                      ("Sainte-Hélène", 1, "West"), ("Nyota", 0, "Nyota"), ("", 0, "")])
    func hierarchy(value: String, levels: Int, expected: String) throws {
        #expect(try Self.apply(.generalizeHierarchy(table: Self.places, levels: levels), .string(value)) == .string(expected))
    }

    @Test("a value missing from the hierarchy at any level is an error naming rule, field and step, not the value",
          arguments: [("Atlantis-4242", 1, 1), ("Sainte-Hélène", 2, 2), ("", 1, 1)])
    func hierarchyMissing(value: String, levels: Int, failingStep: Int) throws {
        let error = try #require(Self.error(.generalizeHierarchy(table: Self.places, levels: levels), .string(value)))
        #expect(error.code == .notInHierarchy)
        #expect(error.field == "secretField" && error.entityGuid == "ind-77" && error.profile == "research")
        #expect(error.message.contains("generalizeHierarchy"))
        #expect(error.message.contains("step \(failingStep) of \(levels)"))
        #expect(!error.description.contains("Atlantis") && !error.description.contains("Hélène") && !error.description.contains("West"))
    }
}
