import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

/// The README's first command on a small data set: every step runs, and what it leaves
/// behind exists and verifies.
@Suite("demo command", .serialized)
struct DemoCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theDemoRunsEveryStepAndItsOutputsVerify() throws {
        let out = Scratch.path("demo")
        let result = datacollect("demo", "--households", "40", "--out", out, "--policies", "\(Self.repositoryRoot)/Policies/examples")
        #expect(result.exitCode == 0, "\(result.out)\(result.error)")
        #expect(result.out.contains("identical"), "the shuffled replay gives the same state hash")
        #expect(result.out.contains("applied run household-registry-retention@3/retention/"))
        #expect(result.out.contains("Reports (open report.html in a browser):"))

        let verify = datacollect("verify", "--db", "\(out)/demo.sqlite", "--json")
        #expect(verify.exitCode == 0, "\(verify.out)")
        let logs = try JSONParser.parse(verify.out)["logs"]
        let redacted: Int = {
            guard case .array(let entries)? = logs else { return 0 }
            return entries.reduce(0) { total, log in
                guard case .object(let runs)? = log["redactedFieldsByPolicyRun"] else { return total }
                return total + runs.values.reduce(0) { $0 + ($1.numberValue?.intValue ?? 0) }
            }
        }()
        #expect(redacted > 0, "the policy runs' redactions are reported, and the trail is still intact")

        let validation = datacollect("validate-export", "\(out)/archive-export.tar.gz")
        #expect(validation.exitCode == 0, "\(validation.out)\(validation.error)")
        // 40 households are too few for the research extract's 3-anonymity and 2-diversity: the
        // demo says so and writes no release (the 2,000 of the README's demo meet it).
        #expect(result.out.contains("refused, no release written: PRIVACY_MODEL_NOT_MET"), "\(result.out)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/research-extract-release.tar.gz"))

        for kind in ["verification", "import", "retention", "anonymization", "time-travel", "activity", "export"] {
            let folder = "\(out)/reports/\(kind)"
            #expect(result.out.contains("\(folder)/report.html"), "the summary names the \(kind) report")
            let json = try #require(FileManager.default.contents(atPath: "\(folder)/report.json"), "\(kind) report.json")
            let report = try JSONParser.parse(String(decoding: json, as: UTF8.self))
            #expect(report["kind"] == .string(kind))
            #expect(report["status"] != .string("failure"), "\(kind) found a failure")
            #expect(FileManager.default.fileExists(atPath: "\(folder)/report.html"))
        }
        let store = try SQLiteStore(path: "\(out)/demo.sqlite")
        let reports = try store.read { try $0.auditEntries(afterSeq: 0, limit: Int.max) }.filter { $0.entry.action == "report" }
        #expect(reports.count == 7, "every report is recorded in the audit trail")
    }
}
