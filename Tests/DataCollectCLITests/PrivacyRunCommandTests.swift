import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

/// The policy commands end to end on a generated registry: dry runs change nothing, applied
/// runs verify, releases scan clean, and a planted leftover is found.
@Suite("retention, anonymize, erase and scan commands", .serialized)
struct PrivacyRunCommandTests {
    static let policyText = """
        policy:
          name: test-registry
          version: "1"
          owner: Data Protection Officer
          legalBasis: test
        keys:
          pseudonym: {file: pseudonym.key}
        patterns:
          - {name: national-id, regex: 'NID-[0-9]{6}'}
        retention:
          - name: old-households
            match: {entityType: group}
            keep: P6M
            from: created
            then: delete
        profiles:
          - name: release
            otherFields: drop
            fields:
              name: {op: pseudonymize, key: pseudonym, prefix: "P-", length: 12}
              dateOfBirth: {op: generalize, date: year}
              sex: {op: keep}
            kAnonymity: {quasiIdentifiers: [dateOfBirth, sex], k: 2, maxSuppression: 0.5}
        """

    /// A generated store and a policy file (with its key) beside it.
    static func setUp() throws -> (db: String, policy: String) {
        let db = Scratch.path("privacy.sqlite")
        let manager = EntityDataManager(store: try SQLiteStore(path: db))
        #expect(try manager.submit(EventGenerator(households: 30, seed: 9).generate().events).rejected == 0)
        let folder = Scratch.path("policy")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(repeating: 42, count: 32).write(to: URL(fileURLWithPath: "\(folder)/pseudonym.key"))
        try policyText.write(toFile: "\(folder)/policy.yaml", atomically: true, encoding: .utf8)
        return (db, "\(folder)/policy.yaml")
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func aDryRunChangesNothingAndApplyingVerifies() throws {
        let (db, policy) = try Self.setUp()
        let before = Self.bytes(db)
        let dry = datacollect("retention", "--db", db, "--policy", policy, "--now", "2025-01-01")
        #expect(dry.exitCode == 0, "\(dry.error)")
        #expect(dry.out.contains("old-households:"))
        #expect(dry.out.contains("would be changed"))
        let dryErase = datacollect("erase", "--db", db, "--subject", "s9-hh-0", "--reason", "request")
        #expect(dryErase.exitCode == 0, "\(dryErase.error)")
        #expect(Self.bytes(db) == before, "dry runs leave the database file byte for byte the same")

        let applied = datacollect("retention", "--db", db, "--policy", policy, "--now", "2025-01-01", "--apply", "--user", "dpo-1", "--json")
        #expect(applied.exitCode == 0, "\(applied.error)")
        let report = try JSONParser.parse(applied.out)
        #expect((report["applied"]?["subjects"]?.numberValue?.intValue ?? 0) > 0)
        let verify = datacollect("verify", "--db", db)
        #expect(verify.exitCode == 0, "\(verify.out)")
        #expect(verify.out.contains("by test-registry@1/retention/2025-01-01T23:59:59.999Z"))
        let again = datacollect("retention", "--db", db, "--policy", policy, "--now", "2025-01-01", "--json")
        #expect(try JSONParser.parse(again.out)["entitiesAffected"] == .number(JSONNumber(0)), "the second run has nothing left to do")
    }

    @Test func aReleaseScansCleanAndAPlantedValueIsFound() throws {
        let (db, policy) = try Self.setUp()
        let out = Scratch.path("release")
        let dry = datacollect("anonymize", "--db", db, "--policy", policy, "--profile", "release", "--out", out)
        #expect(dry.exitCode == 0, "\(dry.error)")
        #expect(!FileManager.default.fileExists(atPath: out), "a dry run writes no release")
        let made = datacollect("anonymize", "--db", db, "--policy", policy, "--profile", "release", "--out", out,
                               "--format", "dir", "--apply")
        #expect(made.exitCode == 0, "\(made.error)")
        let description = try JSONParser.parse(Array(Self.bytes("\(out)/data/release.json") ?? Data()))
        #expect((description["privacyModel"]?["achievedK"]?.numberValue?.intValue ?? 0) >= 2)
        #expect(datacollect("validate-export", out).exitCode == 0)
        let clean = datacollect("scan", out, "--db", db, "--policy", policy, "--profile", "release")
        #expect(clean.exitCode == 0, "\(clean.out)")
        #expect(clean.out.contains("0 findings"))

        // Plant an original name (a direct identifier the profile pseudonymizes) and a national id.
        let manager = EntityDataManager(store: try SQLiteStore(path: db))
        let someone = try #require(try manager.allEntities().first { $0.modified.type == .individual })
        let csv = "\(out)/data/individuals.csv"
        let original = String(decoding: Self.bytes(csv) ?? Data(), as: UTF8.self)
        try (original + "R999,H1,\(someone.modified.name),1990,female\nR1000,H1,NID-123456,1990,male\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let dirty = datacollect("scan", out, "--db", db, "--policy", policy, "--profile", "release")
        #expect(dirty.exitCode == 3)
        let lineCount = original.split(separator: "\n").count
        #expect(dirty.out.contains("data/individuals.csv:\(lineCount + 1): value of data field name"))
        #expect(dirty.out.contains("data/individuals.csv:\(lineCount + 2): pattern national-id"))
        #expect(!dirty.out.contains(someone.modified.name), "findings never print the value")
    }

    @Test func erasureThroughTheCommandLine() throws {
        let (db, _) = try Self.setUp()
        let manager = EntityDataManager(store: try SQLiteStore(path: db))
        let household = try #require(try manager.allEntities().first { $0.modified.type == .group })
        let erased = datacollect("erase", "--db", db, "--subject", household.modified.guid, "--reason", "request 7", "--apply", "--user", "dpo-2")
        #expect(erased.exitCode == 0, "\(erased.error)")
        #expect(datacollect("entity", household.modified.guid, "--db", db).exitCode == 4)
        #expect(datacollect("verify", "--db", db).exitCode == 0)
        let audit = try manager.store.read { try $0.auditEntries(afterSeq: 0, limit: 1_000_000) }
        #expect(audit.contains { $0.entry.action == "erasure" && $0.entry.userId == "dpo-2" && $0.entry.entityGuid == household.modified.guid })
    }
}
