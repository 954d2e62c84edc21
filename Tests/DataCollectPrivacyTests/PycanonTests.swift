import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import Foundation
import Testing

/// The independent check: a generated registry, anonymized by a profile and made 5-anonymous and
/// 2-diverse by the engine, measured by pyCANON (IFCA-CSIC's Python library), which knows
/// nothing of our code. pyCANON sees the suppressed subjects (`*` in every quasi-identifier) as
/// one more class, as an attacker would, so it checks the engine's suppression too.
///
/// pyCANON runs in its own virtual environment (it pins pandas and numpy), created on first use
/// under the temporary directory and reused afterwards; a failed install fails the test with
/// pip's output.
@Suite("pyCANON confirms k-anonymity and l-diversity", .serialized)
struct PycanonTests {
    static let quasiIdentifiers = ["dateOfBirth", "sex", "village"]
    static let sensitive = "relationship"
    static let k = 5
    static let l = 2

    /// The generator's villages, grouped into three regions for the release.
    static let regions: [String: String] = [
        "Kalamba": "Region A", "Nyota": "Region A", "Riverside": "Region A", "Mbale Hill": "Region A", "Bwera": "Region A",
        "Santa Cruz": "Region B", "San Isidro": "Region B", "Lakeview": "Region B", "Oasis": "Region B",
        "Dar Es Salam East": "Region C", "Kanyama": "Region C", "Tamale North": "Region C", "Kibera West": "Region C",
        "Highfield": "Region C",
    ]

    static let profile = AnonymizationProfile(
        name: "open-data",
        fields: [
            FieldRule(field: "name", op: .pseudonymize(key: "release", prefix: "P-", length: 12)),
            FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
            FieldRule(field: "sex", op: .keep),
            FieldRule(field: "village", op: .generalizeHierarchy(table: regions, levels: 1)),
            FieldRule(field: "relationship", op: .keep),
        ],
        otherFields: .drop,
        kAnonymity: KAnonymityModel(quasiIdentifiers: quasiIdentifiers, k: k, maxSuppression: 0.1),
        lDiversity: LDiversityModel(sensitiveAttribute: sensitive, l: l))

    /// One record per individual of the generated registry, with its household's village.
    static func subjects() throws -> [SubjectRecord] {
        let manager = EntityDataManager(store: InMemoryStore())
        _ = try manager.submit(EventGenerator(households: 300, seed: 7).generate().events)
        let entities = try manager.allEntities().map(\.modified)
        var household: [String: Entity] = [:]
        for group in entities where group.type == .group {
            for member in group.memberIds where household[member] == nil { household[member] = group }
        }
        let keys = KeyRing(keys: ["release": Array("a release key of at least 32 bytes".utf8)])
        return try entities.filter { $0.type == .individual }.map { person in
            var data = person.data
            if let village = household[person.guid]?.data["village"] { data["village"] = village }
            let home = household[person.guid]?.guid
            let values = try profile.anonymize(data, context: RecordContext(entityGuid: person.guid, householdGuid: home, keys: keys))
            return SubjectRecord(guid: person.guid, householdGuid: home, values: values)
        }
    }

    @Test("the engine's release of a generated registry is 5-anonymous and 2-diverse for pyCANON",
          .timeLimit(.minutes(15)))
    func pycanonAgrees() throws {
        let subjects = try Self.subjects()
        #expect(subjects.count > 1_000)
        #expect(subjects.allSatisfy { $0.values["dateOfBirth"]?.stringValue?.count == 4 })
        let result = try #require(try Self.profile.enforcePrivacyModels(on: subjects))
        #expect(result.achievedK >= Self.k)
        #expect(try #require(result.achievedL) >= Self.l)
        #expect(result.suppressionRate <= 0.1)
        // Years alone leave too many small groups: the engine has to climb to decades.
        #expect(result.generalizationSteps["dateOfBirth"] == 1)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-pycanon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("release.csv")
        try Self.csv(result.records).write(to: csv, atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("measure.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)

        let python = try Self.pycanonPython()
        let run = try Self.run(python, [script.path, csv.path] + [Self.sensitive] + Self.quasiIdentifiers)
        try #require(run.status == 0, "pyCANON failed:\n\(run.output)")
        let measured = Dictionary(uniqueKeysWithValues: run.output.split(separator: "\n").compactMap { line -> (String, Int)? in
            let parts = line.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            return (String(parts[0]), value)
        })
        let pycanonK = try #require(measured["k"], "no k in pyCANON's output:\n\(run.output)")
        let pycanonL = try #require(measured["l"], "no l in pyCANON's output:\n\(run.output)")
        #expect(pycanonK >= Self.k, "pyCANON measured k = \(pycanonK)")
        #expect(pycanonL >= Self.l, "pyCANON measured l = \(pycanonL)")
        // pyCANON's k is the engine's, or the suppressed group's size when that is smaller.
        let suppressedGroup = result.suppressedSubjects > 0 ? result.suppressedSubjects : Int.max
        #expect(pycanonK == min(result.achievedK, suppressedGroup))
        #expect(measured["rows"] == subjects.count)
    }

    /// The release as CSV: the quasi-identifiers and the sensitive attribute, `*` where suppressed.
    static func csv(_ records: [SubjectRecord]) -> String {
        let columns = quasiIdentifiers + [sensitive]
        func cell(_ value: JSONValue?) -> String {
            let text = value?.stringValue ?? (value ?? .null).canonicalString
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let rows = records.map { record in columns.map { cell(record.values[$0]) }.joined(separator: ",") }
        return ([columns.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }

    static let script = """
        import sys
        import pandas as pd
        from pycanon import anonymity

        path, sensitive, qi = sys.argv[1], sys.argv[2], sys.argv[3:]
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        print(f"rows={len(df)}")
        print(f"k={int(anonymity.k_anonymity(df, qi))}")
        print(f"l={int(anonymity.l_diversity(df, qi, [sensitive]))}")
        """

    /// The Python of a virtual environment with pyCANON, set up on first use.
    static func pycanonPython() throws -> String {
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-pycanon-venv").path
        let python = venv + "/bin/python"
        if FileManager.default.isExecutableFile(atPath: python), try run(python, ["-c", "import pycanon"]).status == 0 {
            return python
        }
        let create = try run("/usr/bin/env", ["python3", "-m", "venv", "--clear", venv])
        guard create.status == 0 else { throw SetupFailure(step: "python3 -m venv \(venv)", output: create.output) }
        let install = try run(venv + "/bin/pip", ["install", "--disable-pip-version-check", "--no-input", "pycanon"])
        guard install.status == 0 else { throw SetupFailure(step: "pip install pycanon", output: install.output) }
        return python
    }

    struct SetupFailure: Error, CustomStringConvertible {
        var step: String
        var output: String
        var description: String { "Setting up pyCANON failed at `\(step)`:\n\(output)" }
    }

    /// Runs a program to completion; standard output and error together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
