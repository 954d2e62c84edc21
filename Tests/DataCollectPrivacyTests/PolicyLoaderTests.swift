import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import Foundation
import Testing

/// The policy files of `Policies/`: the examples load, and every mistake a data officer can make
/// is reported with line, column, key path and a message saying what is expected.
@Suite("Policy files: loading and every schema error")
struct PolicyLoaderTests {
    /// A valid `policy:` section (lines 1-5) that the error cases build on.
    static let header = """
        policy:
          name: test
          version: 1
          owner: DPO
          legalBasis: Act

        """

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ name: String) -> String {
        packageRoot.appendingPathComponent("Policies/examples/\(name)").path
    }

    func problems(_ text: String) -> [PolicyProblem] {
        do {
            _ = try PolicyLoader.parse(text, file: "test.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    /// Expects exactly one problem, at this place, with this message.
    func expectOne(_ text: String, _ line: Int, _ column: Int, _ key: String, _ message: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = PolicyProblem(file: "test.yaml", line: line, column: column, key: key, message: message)
        #expect(problems(text) == [expected], sourceLocation: sourceLocation)
    }

    // MARK: The examples

    @Test("The retention example loads: event and field clocks, delete and anonymize, legal holds")
    func retentionExample() throws {
        let path = Self.example("household-registry-retention.yaml")
        let policy = try PolicyLoader.load(path: path)
        #expect(policy.metadata.name == "household-registry-retention")
        #expect(policy.metadata.version == "3")
        #expect(policy.sourceSHA256 == Digest.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(policy.retention.map(\.name) == ["exited-households", "members-who-left", "kalamba-pilot", "conflicting-edits"])
        let exited = policy.retention[0]
        #expect(exited.match.entityType == .group)
        #expect(exited.match.eventTypes == ["household-exited"])
        #expect(exited.keep == ISODuration("P5Y"))
        #expect(exited.from == .event("household-exited"))
        #expect(exited.then == .anonymize(profile: "statistics"))
        #expect(policy.retention[1].from == .field("exitDate"))
        #expect(policy.retention[1].then == .delete)
        #expect(policy.retention[2].match.criteria == (try SearchCriteria(json: [["village": "Kalamba"]])))
        #expect(policy.retention[2].from == .created)
        #expect(policy.retention[3].match.auditActions == ["conflict"])
        #expect(policy.retention[3].from == .lastUpdated)
        #expect(policy.retention[3].keep.months == 18)

        #expect(policy.legalHolds.count == 2)
        let complaint = policy.legalHolds[0]
        #expect(complaint.entities == ["s42-hh-7"])
        #expect(complaint.until == (try TimePoint.parse("2027-06-30", option: "until")), "a date: the end of that day, UTC")
        #expect(complaint.until?.iso8601 == "2027-06-30T23:59:59.999Z")
        #expect(policy.legalHolds[1].criteria != nil && policy.legalHolds[1].until == nil)
        #expect(policy.profile(named: "statistics")?.rule(for: "monthlyIncome")?.op == .generalizeNumber(width: 500))
    }

    @Test("The public-release example loads: hierarchy, buckets, pseudonyms and 5-anonymity over three quasi-identifiers")
    func publicReleaseExample() throws {
        let policy = try PolicyLoader.load(path: Self.example("public-release.yaml"))
        #expect(policy.metadata.version == "1", "a whole-number version is read as text")
        #expect(policy.keys == ["pseudonym": PolicyKey(file: "keys/pseudonym.key")], "key paths are kept as written")
        #expect(policy.leftoverPatterns.map(\.name) == ["phone", "date-of-birth"])
        let profile = try #require(policy.profile(named: "public-release"))
        #expect(profile.otherFields == .drop)
        #expect(profile.fields.first?.field == "guid", "fields keep the order they are written in")
        #expect(profile.rule(for: "guid")?.op == .pseudonymize(key: "pseudonym", prefix: "P-", length: 16))
        #expect(profile.rule(for: "phone")?.op == .redact)
        #expect(profile.rule(for: "dateOfBirth")?.op == .generalizeDate(.year))
        guard case .generalizeHierarchy(let table, let levels) = profile.rule(for: "village")?.op else {
            Issue.record("village is not generalized through a hierarchy")
            return
        }
        #expect(table["Kalamba"] == "Northern" && table["Mbale Hill"] == "Northern" && levels == 1)
        #expect(profile.rule(for: "monthlyIncome")?.op == .bucket([
            NumberBucket(min: nil, max: 500, label: "under 500"),
            NumberBucket(min: 500, max: 1500, label: "500-1499"),
            NumberBucket(min: 1500, max: nil, label: "1500 or more"),
        ]))
        #expect(profile.kAnonymity == KAnonymityModel(quasiIdentifiers: ["dateOfBirth", "village", "sex"], k: 5, maxSuppression: 0.05))
        #expect(profile.lDiversity == nil)
    }

    @Test("The research-extract example loads: pseudonyms, date shift, masking and l-diversity")
    func researchExtractExample() throws {
        let policy = try PolicyLoader.load(path: Self.example("research-extract.yaml"))
        let profile = try #require(policy.profiles.first)
        #expect(profile.rule(for: "dateOfBirth")?.op == .dateShift(maxDays: 30, key: "research-date-shift"))
        #expect(profile.rule(for: "phone")?.op == .mask(keepFirst: 0, keepLast: 2, character: "#"))
        #expect(profile.rule(for: "monthlyIncome")?.op == .round(step: 50))
        #expect(profile.rule(for: "reason")?.op == .replace("withheld"))
        #expect(profile.kAnonymity?.k == 3)
        #expect(profile.lDiversity == LDiversityModel(sensitiveAttribute: "occupation", l: 2))
    }

    @Test("Defaults: otherFields drop, mask keeps nothing with *, pseudonyms of 16 characters, one hierarchy level, no suppression; empty sections")
    func defaults() throws {
        let text = Self.header + """
            retention: []
            legalHolds: []
            keys: {k: {file: k.key}}
            profiles:
              - name: p
                fields:
                  a: {op: mask}
                  b: {op: pseudonymize, key: k}
                  c: {op: generalize, hierarchy: {x: y}}
                  d: {op: replace, value: ~}
                  e: {op: replace, value: 12.50}
                kAnonymity: {quasiIdentifiers: [c], k: 2}
            """
        let policy = try PolicyLoader.parse(text, file: "test.yaml")
        let profile = try #require(policy.profiles.first)
        #expect(profile.otherFields == .drop)
        #expect(profile.fields.map(\.op) == [
            .mask(keepFirst: 0, keepLast: 0, character: "*"), .pseudonymize(key: "k", prefix: "", length: 16),
            .generalizeHierarchy(table: ["x": "y"], levels: 1), .replace(.null), .replace(.number(JSONNumber(literal: "12.5")!)),
        ])
        #expect(profile.kAnonymity?.maxSuppression == 0)
        #expect(policy.sourceSHA256 == Digest.sha256Hex(text.utf8))
    }

    // MARK: Unknown, missing and mistyped keys

    @Test("An unknown key at the top level is an error, with a suggestion for a typo")
    func unknownTopLevelKey() {
        expectOne(Self.header + "retentoin: []\n", 6, 1, "retentoin",
                  "unknown key \"retentoin\" (did you mean \"retention\"?); a policy file takes only policy, keys, patterns, retention, legalHolds, profiles")
    }

    @Test("An unknown key deep inside is an error, named by its full key path")
    func unknownNestedKey() {
        expectOne(Self.header + """
            retention:
              - name: r
                match: {entityType: group, village: Kalamba}
                keep: P1Y
                from: created
                then: delete
            """, 8, 32, "retention[0].match.village",
                  "unknown key \"village\"; a match takes only entityType, eventTypes, auditActions, criteria")
        expectOne(Self.header + "keys:\n  k: {file: k.key, secret: abc}\n", 7, 20, "keys.k.secret",
                  "unknown key \"secret\"; a key takes only file")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields: {a: {op: redact, value: x}}\n", 8, 30, "profiles[0].fields.a.value",
                  "unknown key \"value\"; the redact operator takes only op")
    }

    @Test("Missing required keys are reported at their mapping, one per key")
    func missingRequiredKeys() {
        #expect(problems("policy:\n  name: test\n  version: 1\n") == [
            PolicyProblem(file: "test.yaml", line: 2, column: 3, key: "policy.owner",
                          message: "is missing; the policy section needs \"owner\": who is responsible for the policy"),
            PolicyProblem(file: "test.yaml", line: 2, column: 3, key: "policy.legalBasis",
                          message: "is missing; the policy section needs \"legalBasis\": the law or decision that allows the processing"),
        ])
        expectOne("keys: {}\n", 1, 1, "policy", "is missing; a policy file needs \"policy\": name, version, owner and legalBasis of the policy")
        expectOne(Self.header + "retention:\n  - name: r\n    match: {entityType: group}\n    from: created\n    then: delete\n",
                  7, 5, "retention[0].keep", "is missing; a retention rule needs \"keep\": how long to keep them, such as P5Y")
        expectOne(Self.header + "legalHolds:\n  - name: h\n    entities: [x]\n", 7, 5, "legalHolds[0].reason",
                  "is missing; a legal hold needs \"reason\": why the data must not be touched")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields:\n      a: {keep: true}\n", 9, 10, "profiles[0].fields.a.op",
                  "is missing; every field needs an operator, op: one of redact, replace, mask, pseudonymize, hash, generalize, bucket, dateShift, round, drop, keep")
    }

    @Test("Wrong types say what was expected and what was found")
    func wrongTypes() {
        #expect(problems("policy:\n  name: [a, b]\n  version: 3.1\n  owner: yes\n  legalBasis: Act\n") == [
            PolicyProblem(file: "test.yaml", line: 2, column: 9, key: "policy.name",
                          message: "expected a policy name (text), found a list"),
            PolicyProblem(file: "test.yaml", line: 3, column: 12, key: "policy.version",
                          message: "expected a version (text or a whole number), found the number 3.1 (write \"3.1\" in quotes if it is meant as text)"),
            PolicyProblem(file: "test.yaml", line: 4, column: 10, key: "policy.owner",
                          message: "expected the owner (text), found the yes/no value yes (write \"yes\" in quotes if it is meant as text)"),
        ])
        expectOne(Self.header + "retention: {name: r}\n", 6, 12, "retention",
                  "expected a list of retention rules, found a mapping (key: value pairs)")
        expectOne(Self.header + """
            retention:
              - name: r
                match: {eventTypes: household-exited}
                keep: P1Y
                from: created
                then: delete
            """, 8, 25, "retention[0].match.eventTypes", "expected a list of event types, found the text \"household-exited\"")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields: {a: {op: keep}}\n    kAnonymity: {quasiIdentifiers: [a], k: five}\n",
                  9, 44, "profiles[0].kAnonymity.k",
                  "expected k, a whole number of at least 2 (every released subject shares its quasi-identifiers with at least k-1 others), found the text \"five\"")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields: {a: redact}\n", 8, 17, "profiles[0].fields.a",
                  "expected an operator such as {op: redact}, found the text \"redact\"")
        expectOne(Self.header + "profiles:\n  - name: \"\"\n    fields: {a: {op: keep}}\n",
                  7, 11, "profiles[0].name", "is empty; expected a profile name (text)")
    }

    // MARK: Retention rules

    static func rule(keep: String = "P1Y", from: String = "created", then: String = "delete") -> String {
        header + """
            retention:
              - name: r
                match: {entityType: group}
                keep: \(keep)
                from: \(from)
                then: \(then)

            """
    }

    @Test("A duration that is not ISO 8601 is an error with examples of what is meant")
    func badDuration() {
        expectOne(Self.rule(keep: "5 years"), 9, 11, "retention[0].keep",
                  "\"5 years\" is not an ISO 8601 duration; expected something like P5Y, P18M or P90D")
        expectOne(Self.rule(keep: "P5Y2Y"), 9, 11, "retention[0].keep",
                  "\"P5Y2Y\" is not an ISO 8601 duration; expected something like P5Y, P18M or P90D")
        expectOne(Self.rule(keep: "[P5Y]"), 9, 11, "retention[0].keep",
                  "expected an ISO 8601 duration (such as P5Y), found a list")
        // The documented description format: file:line:column: key: message.
        #expect(problems(Self.rule(keep: "5 years")).first?.description
            == "test.yaml:9:11: retention[0].keep: \"5 years\" is not an ISO 8601 duration; expected something like P5Y, P18M or P90D")
    }

    @Test("A clock that is not created, lastUpdated, {field} or {event} is an error")
    func badFrom() {
        let expected = "expected created, lastUpdated, {field: <date field>} or {event: <event type>}"
        expectOne(Self.rule(from: "exit"), 10, 11, "retention[0].from", "\"exit\" is not a retention clock; \(expected)")
        expectOne(Self.rule(from: "{field: exitDate, event: household-exited}"), 10, 11, "retention[0].from",
                  "a retention clock is either {field: ...} or {event: ...}, not both")
        expectOne(Self.rule(from: "{date: exitDate}"), 10, 12, "retention[0].from.date",
                  "unknown key \"date\"; a retention clock takes only field, event")
        expectOne(Self.rule(from: "{event: \"\"}"), 10, 19, "retention[0].from.event",
                  "is empty; expected an event type, such as household-exited")
    }

    @Test("An action that is not delete or {anonymize: profile} is an error")
    func badThen() {
        expectOne(Self.rule(then: "archive"), 11, 11, "retention[0].then",
                  "\"archive\" is not an action; expected delete or {anonymize: <profile name>}")
        #expect(problems(Self.rule(then: "{delete: true}")) == [
            PolicyProblem(file: "test.yaml", line: 11, column: 11, key: "retention[0].then.anonymize",
                          message: "is missing; an anonymize action needs \"anonymize\": the name of a profile in profiles"),
            PolicyProblem(file: "test.yaml", line: 11, column: 12, key: "retention[0].then.delete",
                          message: "unknown key \"delete\"; an anonymize action takes only anonymize"),
        ])
    }

    @Test("then: anonymize must name a profile of the policy")
    func unknownProfile() {
        expectOne(Self.rule(then: "{anonymize: public}"), 11, 23, "retention[0].then.anonymize",
                  "there is no profile named \"public\"; this policy declares no profiles")
        expectOne(Self.rule(then: "{anonymize: public}") + "profiles:\n  - name: stats\n    fields: {a: {op: keep}}\n  - name: open-data\n    fields: {a: {op: keep}}\n",
                  11, 23, "retention[0].then.anonymize",
                  "there is no profile named \"public\"; expected one of the profiles declared in this policy: open-data, stats")
    }

    @Test("A match needs a condition; entity types and criteria are checked")
    func badMatch() {
        expectOne(Self.header + "retention:\n  - name: r\n    match: {}\n    keep: P1Y\n    from: created\n    then: delete\n",
                  8, 12, "retention[0].match",
                  "a match needs at least one condition: entityType, eventTypes, auditActions, criteria")
        expectOne(Self.header + "retention:\n  - name: r\n    match: {entityType: household}\n    keep: P1Y\n    from: created\n    then: delete\n",
                  8, 25, "retention[0].match.entityType", "\"household\" is not an entity type; expected individual or group")
        expectOne(Self.header + "retention:\n  - name: r\n    match: {criteria: [{village: Kalamba}, {a: {$near: 3}}]}\n    keep: P1Y\n    from: created\n    then: delete\n",
                  8, 44, "retention[0].match.criteria[1]",
                  "not valid search criteria: unknown operator; use one of $eq $ne $gt $gte $lt $lte $in $regex $contains")
    }

    // MARK: Legal holds

    @Test("A legal hold needs entities or criteria, a reason, and a real date")
    func badLegalHolds() {
        expectOne(Self.header + "legalHolds:\n  - name: h\n    reason: complaint\n", 7, 5, "legalHolds[0]",
                  "a legal hold needs entities, criteria or both, to say which subjects it protects")
        expectOne(Self.header + "legalHolds:\n  - name: h\n    reason: complaint\n    entities: [x]\n    until: 30 June 2027\n",
                  10, 12, "legalHolds[0].until",
                  "\"30 June 2027\" is not a date; expected a date such as 2027-06-30 (the hold lasts to the end of that day, UTC) or a date and time with a zone such as 2027-06-30T17:00:00Z")
        expectOne(Self.header + "legalHolds:\n  - name: h\n    reason: complaint\n    entities: []\n", 9, 15, "legalHolds[0].entities",
                  "is an empty list; expected a list of entity guids (or leave the key out)")
    }

    @Test("A date-time with zone is accepted as the end of a hold")
    func holdUntilDateTime() throws {
        let policy = try PolicyLoader.parse(Self.header + "legalHolds:\n  - name: h\n    reason: r\n    entities: [x]\n    until: 2027-06-30T17:00:00+02:00\n",
                                            file: "test.yaml")
        #expect(policy.legalHolds.first?.until?.iso8601 == "2027-06-30T15:00:00.000Z")
    }

    // MARK: Profiles and operators

    static func profile(_ fields: String, models: String = "", keys: String = "keys: {pseudonym: {file: keys/p.key}}\n") -> String {
        header + keys + "profiles:\n  - name: p\n    fields:\n" + fields + models
    }

    @Test("An operator must name a key of keys")
    func unknownKeyReference() {
        expectOne(Self.profile("      name: {op: pseudonymize, key: secret}\n"), 10, 37, "profiles[0].fields.name.key",
                  "there is no key named \"secret\"; expected one of the keys declared in this policy: pseudonym")
        expectOne(Self.profile("      visit: {op: dateShift, maxDays: 30, key: pseudonym}\n", keys: ""), 9, 48, "profiles[0].fields.visit.key",
                  "there is no key named \"pseudonym\"; this policy declares no keys")
    }

    @Test("An unknown operator is an error that lists the operators")
    func unknownOperator() {
        expectOne(Self.profile("      name: {op: scramble}\n"), 10, 18, "profiles[0].fields.name.op",
                  "\"scramble\" is not an operator; expected one of redact, replace, mask, pseudonymize, hash, generalize, bucket, dateShift, round, drop, keep")
        expectOne(Self.profile("      name: {op: redcat}\n"), 10, 18, "profiles[0].fields.name.op",
                  "\"redcat\" is not an operator (did you mean \"redact\"?); expected one of redact, replace, mask, pseudonymize, hash, generalize, bucket, dateShift, round, drop, keep")
    }

    @Test("generalize takes exactly one of date, width and hierarchy")
    func generalizeVariants() {
        expectOne(Self.profile("      dateOfBirth: {op: generalize, date: year, width: 5}\n"), 10, 49, "profiles[0].fields.dateOfBirth.width",
                  "generalize takes exactly one of date, width or hierarchy; this one has date and width")
        expectOne(Self.profile("      dateOfBirth: {op: generalize}\n"), 10, 20, "profiles[0].fields.dateOfBirth",
                  "generalize needs exactly one of date (year, quarter or month), width (a number) or hierarchy (a mapping such as {Kalamba: Northern})")
        expectOne(Self.profile("      dateOfBirth: {op: generalize, date: week}\n"), 10, 43, "profiles[0].fields.dateOfBirth.date",
                  "\"week\" is not a date granularity; expected year, quarter or month")
        expectOne(Self.profile("      income: {op: generalize, width: 500, levels: 2}\n"), 10, 44, "profiles[0].fields.income.levels",
                  "levels only applies to generalize with hierarchy")
        expectOne(Self.profile("      income: {op: generalize, width: 0}\n"), 10, 39, "profiles[0].fields.income.width",
                  "the number 0 is not above 0; expected an interval width above 0, such as 500")
    }

    @Test("Operator options are range-checked")
    func operatorOptions() {
        expectOne(Self.profile("      name: {op: pseudonymize, key: pseudonym, length: 4}\n"), 10, 56, "profiles[0].fields.name.length",
                  "4 is out of range; expected a length from 8 to 64 characters")
        expectOne(Self.profile("      id: {op: mask, keepLast: -1}\n"), 10, 32, "profiles[0].fields.id.keepLast",
                  "-1 is out of range; expected a whole number of characters, 0 or more")
        expectOne(Self.profile("      id: {op: mask, character: \"**\"}\n"), 10, 33, "profiles[0].fields.id.character",
                  "\"**\" is not a single character; expected one masking character, such as \"*\"")
        expectOne(Self.profile("      visit: {op: dateShift, maxDays: 5000, key: pseudonym}\n"), 10, 39, "profiles[0].fields.visit.maxDays",
                  "5000 is out of range; expected a number of days from 1 to 3650")
        expectOne(Self.profile("      lat: {op: round, step: -0.1}\n"), 10, 30, "profiles[0].fields.lat.step",
                  "the number -0.1 is not above 0; expected a step above 0, such as 0.1 or 100")
        expectOne(Self.profile("      size: {op: bucket, buckets: [{min: 5, max: 3, label: big}]}\n"), 10, 50, "profiles[0].fields.size.buckets[0].max",
                  "max must be above min (min is inclusive, max exclusive)")
        expectOne(Self.profile("      size: {op: bucket, buckets: [{min: 5}]}\n"), 10, 36, "profiles[0].fields.size.buckets[0].label",
                  "is missing; a bucket needs \"label\": the text written for values in the bucket")
        expectOne(Self.profile("      note: {op: replace, value: [a]}\n"), 10, 34, "profiles[0].fields.note.value",
                  "expected a single value (text, number, true/false or null), found a list")
        expectOne(Self.profile("      household size: {op: round}\n"), 10, 23, "profiles[0].fields[\"household size\"].step",
                  "is missing; the round operator needs \"step\": the multiple to round to, such as 0.1")
    }

    @Test("k below 2, suppression outside 0...1 and l below 2 are errors")
    func privacyModelRanges() {
        let fields = "      sex: {op: keep}\n      disability: {op: keep}\n"
        expectOne(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex], k: 1}\n"), 12, 46, "profiles[0].kAnonymity.k",
                  "1 is out of range; expected k, a whole number of at least 2 (every released subject shares its quasi-identifiers with at least k-1 others)")
        expectOne(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex], k: 2, maxSuppression: 1.5}\n"), 12, 65,
                  "profiles[0].kAnonymity.maxSuppression",
                  "the number 1.5 is out of range; expected a share between 0 and 1, such as 0.05 for 5%")
        expectOne(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex], k: 2}\n    lDiversity: {sensitiveAttribute: disability, l: 1}\n"),
                  13, 53, "profiles[0].lDiversity.l",
                  "1 is out of range; expected l, a whole number of at least 2 (distinct sensitive values in every group)")
    }

    @Test("Every quasi-identifier must be a field the profile releases")
    func quasiIdentifiersNotInProfile() {
        let fields = "      sex: {op: keep}\n      phone: {op: redact}\n      name: {op: drop}\n"
        #expect(problems(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex, village, phone, name], k: 5}\n")) == [
            PolicyProblem(file: "test.yaml", line: 13, column: 42, key: "profiles[0].kAnonymity.quasiIdentifiers[1]",
                          message: "\"village\" is not a field of this profile, so it cannot be a quasi-identifier; every quasi-identifier needs an operator in fields that releases it (generalize, bucket, round or keep, say)"),
            PolicyProblem(file: "test.yaml", line: 13, column: 51, key: "profiles[0].kAnonymity.quasiIdentifiers[2]",
                          message: "\"phone\" is redacted by this profile (op: redact), so it cannot be a quasi-identifier; every quasi-identifier needs an operator in fields that releases it (generalize, bucket, round or keep, say)"),
            PolicyProblem(file: "test.yaml", line: 13, column: 58, key: "profiles[0].kAnonymity.quasiIdentifiers[3]",
                          message: "\"name\" is dropped by this profile (op: drop), so it cannot be a quasi-identifier; every quasi-identifier needs an operator in fields that releases it (generalize, bucket, round or keep, say)"),
        ])
    }

    @Test("l-diversity needs k-anonymity, and a released sensitive attribute that is not a quasi-identifier")
    func lDiversityRules() {
        let fields = "      sex: {op: keep}\n      disability: {op: keep}\n"
        expectOne(Self.profile(fields, models: "    lDiversity: {sensitiveAttribute: disability, l: 2}\n"), 12, 17, "profiles[0].lDiversity",
                  "l-diversity is measured within the groups k-anonymity makes; add kAnonymity to this profile")
        expectOne(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex], k: 2}\n    lDiversity: {sensitiveAttribute: sex, l: 2}\n"),
                  13, 38, "profiles[0].lDiversity.sensitiveAttribute",
                  "\"sex\" is a quasi-identifier; the sensitive attribute must be another field")
        expectOne(Self.profile(fields, models: "    kAnonymity: {quasiIdentifiers: [sex], k: 2}\n    lDiversity: {sensitiveAttribute: income, l: 2}\n"),
                  13, 38, "profiles[0].lDiversity.sensitiveAttribute",
                  "\"income\" is not a field of this profile, so its diversity cannot be measured; give it an operator that releases it (keep, say)")
    }

    @Test("otherFields is drop, keep or error; fields must not be empty")
    func profileShape() {
        expectOne(Self.header + "profiles:\n  - name: p\n    otherFields: ignore\n    fields: {a: {op: keep}}\n", 8, 18, "profiles[0].otherFields",
                  "\"ignore\" is not a choice; expected drop (the default), keep or error")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields: {}\n", 8, 13, "profiles[0].fields",
                  "a profile needs at least one field, such as phone: {op: redact}")
    }

    // MARK: Patterns and names

    @Test("A pattern whose regex does not compile is an error")
    func badRegex() {
        expectOne(Self.header + "patterns:\n  - {name: phone, regex: '[0-9'}\n", 7, 26, "patterns[0].regex",
                  "\"[0-9\" is not a valid regular expression; check brackets, parentheses and backslashes (in YAML, write it in single quotes)")
    }

    @Test("Names are unique within each list")
    func duplicateNames() {
        #expect(problems(Self.header + """
            patterns:
              - {name: phone, regex: 'a'}
              - {name: phone, regex: 'b'}
            retention:
              - {name: r, match: {entityType: group}, keep: P1Y, from: created, then: delete}
              - {name: r, match: {entityType: individual}, keep: P1Y, from: created, then: delete}
            legalHolds:
              - {name: h, entities: [a], reason: x}
              - {name: h, entities: [b], reason: y}
            profiles:
              - {name: p, fields: {a: {op: keep}}}
              - {name: p, fields: {b: {op: keep}}}
            """) == [
            PolicyProblem(file: "test.yaml", line: 8, column: 12, key: "patterns[1].name",
                          message: "\"phone\" is already the name of patterns[0]; each pattern needs a unique name"),
            PolicyProblem(file: "test.yaml", line: 11, column: 12, key: "retention[1].name",
                          message: "\"r\" is already the name of retention[0]; each retention rule needs a unique name"),
            PolicyProblem(file: "test.yaml", line: 14, column: 12, key: "legalHolds[1].name",
                          message: "\"h\" is already the name of legalHolds[0]; each legal hold needs a unique name"),
            PolicyProblem(file: "test.yaml", line: 17, column: 12, key: "profiles[1].name",
                          message: "\"p\" is already the name of profiles[0]; each profile needs a unique name"),
        ])
    }

    @Test("All problems of a file are reported at once, in file order")
    func allProblemsAtOnce() {
        let found = problems(Self.rule(keep: "five years", from: "exit", then: "{anonymize: nope}"))
        #expect(found.map(\.key) == ["retention[0].keep", "retention[0].from", "retention[0].then.anonymize"])
        #expect(found.map(\.line) == [9, 10, 11])
    }

    // MARK: Whole-file problems

    @Test("A file that is not a mapping is an error")
    func notAMapping() {
        expectOne("- policy\n- retention\n", 1, 1, "",
                  "a policy file must be a mapping with the sections policy, keys, patterns, retention, legalHolds, profiles, found a list")
        expectOne("just text\n", 1, 1, "",
                  "a policy file must be a mapping with the sections policy, keys, patterns, retention, legalHolds, profiles, found the text \"just text\"")
    }

    @Test("An empty file, or one with only comments, is an error")
    func emptyFile() {
        let message = "the policy file is empty; it needs at least a \"policy:\" section with name, version, owner and legalBasis"
        expectOne("", 1, 1, "", message)
        expectOne("# nothing yet\n\n", 1, 1, "", message)
    }

    @Test("A key written twice in one mapping is an error at its second occurrence, with its key path")
    func duplicateYAMLKeys() {
        expectOne("policy:\n  name: a\n  version: 1\n  name: b\n  owner: o\n  legalBasis: l\n", 4, 3, "policy.name",
                  "this key is written twice in the same mapping (first on line 2); each key may appear only once: remove or rename one of them")
        expectOne(Self.header + "profiles:\n  - name: p\n    fields: {a: {op: keep}, \"a\": {op: drop}}\n", 8, 29, "profiles[0].fields.a",
                  "this key is written twice in the same mapping (first on line 8); each key may appear only once: remove or rename one of them")
    }

    @Test("Tabs in indentation are explained")
    func tabs() {
        expectOne("policy:\n\tname: a\n", 2, 1, "", "a tab is used for indentation; YAML indentation must be made with spaces")
    }

    @Test("YAML syntax errors are located")
    func syntaxErrors() {
        expectOne("policy:\n  name: [a, b\n  version: 1\n", 3, 10, "",
                  "this is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 2); "
                  + "check the indentation, and put text containing \": \" or \" #\" or starting with a special character (& * ! | > ' \" % @ `) in quotes")
        expectOne(Self.header + "---\npolicy: {}\n", 6, 1, "",
                  "the file holds more than one YAML document (a second \"---\"); write one policy per file")
    }

    @Test("Anchors, aliases and alias bombs are refused before they expand", .timeLimit(.minutes(1)))
    func anchorsAndAliases() {
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        expectOne(bomb, 2, 10, "", "anchors (&a0) and aliases (*a0) are not allowed in policy files; write each value out in full")
        // A complex key made of aliases: hashing it would expand the bomb.
        expectOne(bomb + "? [*a12, *a12]\n: 1\n", 2, 10, "", "anchors (&a0) and aliases (*a0) are not allowed in policy files; write each value out in full")
        expectOne("policy: &p {name: a}\n", 1, 9, "policy", "anchors (&p) and aliases are not allowed in policy files; write each value out in full")
        expectOne("policy: *p\n", 1, 9, "", "aliases (*name) are not allowed in policy files; write each value out in full")
    }

    @Test("Custom YAML tags, deep nesting and oversized files are refused without crashing")
    func hostileInput() {
        expectOne("policy: !!python/object:os.system {name: a}\n", 1, 9, "policy",
                  "YAML tags such as !!python/object:os.system are not allowed in policy files; remove the tag")
        let deep = problems("policy: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n")
        #expect(deep.count == 1 && deep.first?.line == 1)
        let nested = problems("policy: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n")
        #expect(nested.map(\.message) == ["values are nested more than 64 levels deep; a policy needs far fewer"])
        let large = String(repeating: "# padding\n", count: 110_000)
        #expect(problems(large).map(\.message) == ["the file is \(large.utf8.count) bytes; a policy file may be at most 1048576 bytes (1 MiB)"])
    }

    @Test("A badly broken file lists its first 200 problems and counts the rest")
    func problemCap() {
        let text = Self.header + (0..<1000).map { "unknown\($0): 1\n" }.joined()
        let found = problems(text)
        #expect(found.count == 201)
        #expect(found.first?.key == "unknown0" && found.first?.line == 6)
        #expect(found.last == PolicyProblem(file: "test.yaml", line: 0, column: 0, key: "",
                                            message: "800 more problems are not listed; fix the ones above first"))
    }

    @Test("load(path:) reports unreadable, oversized and non-UTF-8 files")
    func loadFromFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policy-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func problems(ofFile path: String) -> [String] {
            do {
                _ = try PolicyLoader.load(path: path)
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        let missing = folder.appendingPathComponent("missing.yaml").path
        #expect(problems(ofFile: missing) == ["\(missing): the policy file cannot be opened; check the path and that it is readable"])
        let latin1 = folder.appendingPathComponent("latin1.yaml")
        try Data([0x70, 0x6F, 0x6C, 0x69, 0x63, 0x79, 0x3A, 0x20, 0xE9, 0x0A]).write(to: latin1)
        #expect(problems(ofFile: latin1.path) == ["\(latin1.path): the file is not UTF-8 text; save it as UTF-8"])
        let big = folder.appendingPathComponent("big.yaml")
        try Data(repeating: 0x23, count: 2 << 20).write(to: big)
        #expect(problems(ofFile: big.path) == ["\(big.path): the file is larger than 1048576 bytes (1 MiB); a policy file is a few kilobytes"])
        let bad = folder.appendingPathComponent("bad.yaml")
        try Data((Self.rule(keep: "5 years")).utf8).write(to: bad)
        #expect(problems(ofFile: bad.path) == [
            "\(bad.path):9:11: retention[0].keep: \"5 years\" is not an ISO 8601 duration; expected something like P5Y, P18M or P90D",
        ])
    }

    // MARK: The JSON Schema agrees with the loader

    /// Mistakes the JSON Schema can express: the loader and the schema must both reject them.
    static let rejectedByBoth: [(name: String, yaml: String)] = [
        ("unknown-top-level-key", header + "retentoin: []\n"),
        ("unknown-nested-key", header + "retention:\n  - {name: r, match: {village: x}, keep: P1Y, from: created, then: delete}\n"),
        ("missing-owner", "policy: {name: a, version: 1, legalBasis: b}\n"),
        ("name-is-a-list", "policy: {name: [a], version: 1, owner: o, legalBasis: b}\n"),
        ("bad-duration", rule(keep: "5 years")),
        ("bad-from", rule(from: "exit")),
        ("bad-then", rule(then: "archive")),
        ("unknown-op", profile("      name: {op: scramble}\n")),
        ("generalize-two-variants", profile("      dateOfBirth: {op: generalize, date: year, width: 5}\n")),
        ("k-below-2", profile("      sex: {op: keep}\n", models: "    kAnonymity: {quasiIdentifiers: [sex], k: 1}\n")),
        ("l-without-k", profile("      sex: {op: keep}\n", models: "    lDiversity: {sensitiveAttribute: sex, l: 2}\n")),
        ("hold-without-subjects", header + "legalHolds:\n  - {name: h, reason: r}\n"),
        ("bad-until", header + "legalHolds:\n  - {name: h, reason: r, entities: [x], until: 30 June 2027}\n"),
        ("mask-two-characters", profile("      id: {op: mask, character: \"**\"}\n")),
        ("short-pseudonym", profile("      id: {op: pseudonymize, key: pseudonym, length: 4}\n")),
        ("bucket-without-label", profile("      size: {op: bucket, buckets: [{min: 5}]}\n")),
        ("levels-without-hierarchy", profile("      income: {op: generalize, width: 500, levels: 2}\n")),
        ("not-a-mapping", "- policy\n- retention\n"),
        ("empty", ""),
    ]

    /// Mistakes only the loader can see (references, unique names, quasi-identifiers), which a
    /// JSON Schema cannot express: the schema accepts them, the loader does not.
    static let rejectedByLoaderOnly: [(name: String, yaml: String)] = [
        ("unknown-profile", rule(then: "{anonymize: public}")),
        ("unknown-key-reference", profile("      name: {op: pseudonymize, key: secret}\n")),
        ("duplicate-rule-names", header + "retention:\n"
            + "  - {name: r, match: {entityType: group}, keep: P1Y, from: created, then: delete}\n"
            + "  - {name: r, match: {entityType: individual}, keep: P1Y, from: created, then: delete}\n"),
        ("quasi-identifier-not-in-profile", profile("      sex: {op: keep}\n", models: "    kAnonymity: {quasiIdentifiers: [village], k: 5}\n")),
    ]

    @Test("The JSON Schema accepts the examples and rejects what the loader rejects (Python jsonschema)",
          .enabled(if: PythonJSONSchema.isAvailable,
                   "skipped: python3 with the jsonschema and PyYAML modules is not installed (pip install jsonschema pyyaml)"))
    func jsonSchemaAgreesWithLoader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policy-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String: String] = [:]
        for (name, yaml) in Self.rejectedByBoth + Self.rejectedByLoaderOnly {
            let path = folder.appendingPathComponent("\(name).yaml").path
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
            files[name] = path
        }
        let examples = ["household-registry-retention.yaml", "public-release.yaml", "research-extract.yaml"].map(Self.example)
        let script = folder.appendingPathComponent("validate.py")
        try Data(PythonJSONSchema.script.utf8).write(to: script)
        let schema = Self.packageRoot.appendingPathComponent("Policies/schema/policy.schema.json").path
        let result = try #require(PythonJSONSchema.run([script.path, schema] + examples + files.values.sorted()))
        #expect(result.status == 0, "\(result.output)")
        var verdicts: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
            if parts.count >= 2 { verdicts[parts[1]] = parts[0] }
        }

        for path in examples {
            #expect(verdicts[path] == "valid", "the schema rejects \(path): \(result.output)")
            #expect(throws: Never.self) { try PolicyLoader.load(path: path) }
        }
        for (name, _) in Self.rejectedByBoth {
            let path = try #require(files[name])
            #expect(verdicts[path] == "invalid", "the schema accepts \(name), the loader rejects it")
            #expect(throws: PolicyError.self, "the loader accepts \(name)") { try PolicyLoader.load(path: path) }
        }
        for (name, _) in Self.rejectedByLoaderOnly {
            let path = try #require(files[name])
            #expect(verdicts[path] == "valid", "\(name) is a cross-reference the schema cannot express; it should accept it")
            #expect(throws: PolicyError.self, "the loader accepts \(name)") { try PolicyLoader.load(path: path) }
        }
    }
}

/// Runs Python's `jsonschema` (Draft 2020-12) over YAML files, read as PyYAML reads them except
/// that dates stay text (as the loader reads them).
enum PythonJSONSchema {
    static let isAvailable: Bool = run(["-c", "import jsonschema, yaml"])?.status == 0

    static let script = """
        import json, sys, yaml, jsonschema
        class Loader(yaml.SafeLoader):
            pass
        Loader.yaml_implicit_resolvers = {
            first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            with open(path, encoding="utf-8") as handle:
                document = yaml.load(handle, Loader=Loader)
            errors = list(validator.iter_errors(document))
            print(("invalid" if errors else "valid") + "\t" + path + ("\t" + errors[0].message if errors else ""))
        """

    /// `python3 arguments...`: exit status and combined output, or nil when it cannot start.
    static func run(_ arguments: [String]) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return nil
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
