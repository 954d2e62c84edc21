import DataCollectArchive
import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectReports
import DataCollectSQLite
import Foundation

/// A small registry that has been through everything the reports read: an import with
/// rejected lines, a signed checkpoint, a redaction, an archive export and a policy file.
struct ReportFixture {
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-report-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func path(_ name: String) -> String { "\(folder)/\(UUID().uuidString)-\(name)" }

    static let policyText = """
        policy:
          name: report-test
          version: "2"
          owner: Data Protection Officer
          legalBasis: test
        keys:
          pseudonym: {file: pseudonym.key}
        retention:
          - name: old-households
            match: {entityType: group}
            keep: P6M
            from: created
            then: delete
        legalHolds:
          - name: complaint
            entities: [s5-hh-1]
            reason: under review
        profiles:
          - name: release
            otherFields: drop
            fields:
              name: {op: pseudonymize, key: pseudonym, prefix: "P-", length: 12}
              dateOfBirth: {op: generalize, date: year}
              sex: {op: keep}
            kAnonymity: {quasiIdentifiers: [dateOfBirth, sex], k: 2, maxSuppression: 0.5}
        """

    let database: String
    let manager: EntityDataManager
    let events: [Event]
    let policyPath: String
    let policy: PrivacyPolicy
    let verifierKey: String
    /// 1-based line numbers of the malformed lines in the imported file.
    let malformedLines: [Int]
    let checkpointSize: Int

    init(households: Int = 30) throws {
        database = Self.path("registry.sqlite")
        let store = try SQLiteStore(path: database)
        manager = EntityDataManager(store: store)
        events = EventGenerator(households: households, seed: 5).generate().events
        // An import: the events as JSON Lines with two malformed lines among them.
        var lines = events.map { String(decoding: $0.jsonValue.canonicalBytes, as: UTF8.self) }
        lines.insert("{\"guid\": \"broken\"", at: 3)
        lines.insert("not json at all", at: 10)
        malformedLines = [4, 11]
        let file = Self.path("device.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try EventImporter(manager: manager, options: .init(quarantinePath: file + ".rejects", actor: "officer-1"))
            .importArchives([file])
        // A signed checkpoint and a redaction.
        let signer = try NoteSigner.generate(name: "report-tests")
        try store.write {
            try $0.setMetadata(IntegrityMetadata.origin, "datacollect/report-tests")
            try $0.setMetadata(IntegrityMetadata.verifierKey, signer.verifierKey)
        }
        verifierKey = signer.verifierKey
        let checkpoints = try CheckpointWriter(signer: signer).checkpoint(store, at: .now())
        checkpointSize = Int(checkpoints.first { $0.log == .events }?.size ?? 0)
        if let withPhone = events.first(where: { $0.data["phone"] != nil }) {
            _ = try manager.redact(eventGuid: withPhone.guid, fields: ["phone"], reason: "erasure request",
                                   policyRun: "request-17", actor: "officer-1")
        }
        // An archive export.
        _ = try ArchiveExporter(manager: manager).export(to: Self.path("export"), format: .dir, actor: "auditor-1",
                                                         tool: "tests", recipient: "audit office")
        // A policy with its key.
        let policyFolder = Self.path("policy")
        try FileManager.default.createDirectory(atPath: policyFolder, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: "\(policyFolder)/pseudonym.key"))
        policyPath = "\(policyFolder)/policy.yaml"
        try Self.policyText.write(toFile: policyPath, atomically: true, encoding: .utf8)
        policy = try PolicyLoader.load(path: policyPath)
    }

    func context(_ parameters: [ReportInputs.Parameter] = []) -> ReportContext {
        ReportContext(manager: manager, database: database, parameters: parameters)
    }

    var policyFile: ReportInputs.PolicyFile {
        ReportInputs.PolicyFile(path: policyPath, sha256: policy.sourceSHA256, name: policy.metadata.name, version: policy.metadata.version)
    }

    var keys: KeyRing {
        get throws { try KeyRing.load(policy, relativeTo: URL(fileURLWithPath: policyPath).deletingLastPathComponent().path) }
    }

    /// The report of each kind, built from this fixture.
    func allReports() throws -> [Report] {
        let times = events.map(\.timestamp.epochMilliseconds)
        let from = EventTimestamp(epochMilliseconds: times.min() ?? 0)
        let to = EventTimestamp(epochMilliseconds: times.max() ?? 0)
        let middle = EventTimestamp(epochMilliseconds: (from.epochMilliseconds + to.epochMilliseconds) / 2)
        guard let profile = policy.profile(named: "release") else { throw FixtureError.noProfile }
        return [
            try VerificationReport(verifier: IntegrityVerifier(verifierKey: verifierKey)).build(context()),
            try ImportReport().build(context()),
            try RetentionReport(policy: policy, policyFile: policyFile, at: TimePoint.parse("2025-06-30", option: "--now")).build(context()),
            try AnonymizationReport(policy: policy, policyFile: policyFile, profile: profile, keys: keys).build(context()),
            try TimeTravelReport(asOf: middle, from: middle, to: to).build(context()),
            try ActivityReport().build(context()),
            try ExportReport().build(context()),
        ]
    }

    enum FixtureError: Error { case noProfile }
}

extension Report {
    /// The table with this name (tests fail on a missing one through the empty default).
    func table(_ name: String) -> ReportTable? { tables.first { $0.name == name } }

    func int(_ key: String) -> Int? {
        if case .number(let number)? = summary[key] { return Int(number.literal) }
        return nil
    }
}

extension JSONValue {
    var int: Int? {
        if case .number(let number) = self { return Int(number.literal) }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
