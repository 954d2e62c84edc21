import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectTestSupport
import Foundation
import Testing

/// `datacollect report KIND`: the files, the JSON answer, the audit entry, the exit code on an
/// integrity failure, and a refused output folder that loses nothing.
@Suite("ReportCommand", .serialized)
struct ReportCommandTests {
    @Test func writesTheFilesAnswersInJSONAndRecordsTheReport() throws {
        let db = try TamperTests.sealedStore()
        let out = Scratch.path("activity-report")
        let result = datacollect("report", "activity", "--db", db, "--out", out, "--json", "--user", "auditor-3")
        #expect(result.exitCode == 0, "\(result.error)")
        let answer = try JSONParser.parse(result.out)
        #expect(answer["kind"] == "activity")
        #expect(answer["status"] == "ok")
        let files = answer["files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(files.contains("\(out)/report.html") && files.contains("\(out)/report.json"))
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("<svg"), "the activity report draws its charts")
        #expect(!html.contains("Person 1") && !html.contains("000 1"), "no field values in a report")

        let entries = try SQLiteStore(path: db).read { try $0.auditEntries(afterSeq: 0, limit: Int.max) }
        let recorded = try #require(entries.last { $0.entry.action == "report" })
        #expect(recorded.entry.userId == "auditor-3")
        #expect(recorded.entry.changes["kind"] == "activity")
        let json = try #require(FileManager.default.contents(atPath: "\(out)/report.json"))
        #expect(recorded.entry.changes["reportJSONSHA256"]?.stringValue == Digest.sha256Hex(json))
    }

    @Test func refusesAFolderThatHoldsFilesAndLeavesThemAlone() throws {
        let db = try TamperTests.sealedStore()
        let out = Scratch.path("occupied")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "keep me".write(toFile: "\(out)/notes.txt", atomically: true, encoding: .utf8)
        let result = datacollect("report", "import", "--db", db, "--out", out)
        #expect(result.exitCode == 1)
        #expect(result.error.contains(out), "the error names the folder: \(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
        #expect(try String(contentsOfFile: "\(out)/notes.txt", encoding: .utf8) == "keep me")
        let entries = try SQLiteStore(path: db).read { try $0.auditEntries(afterSeq: 0, limit: Int.max) }
        #expect(!entries.contains { $0.entry.action == "report" }, "a report that was not written is not recorded")
    }

    @Test func aVerificationReportOnATamperedStoreExitsThreeAndPinpointsTheRecord() throws {
        let db = try TamperTests.sealedStore()
        try SQLiteShell.run(db, "UPDATE events SET data = json_set(data, '$.name', 'Mallory') WHERE seq = 2")
        let out = Scratch.path("verification-report")
        let result = datacollect("report", "verification", "--db", db, "--out", out, "--json")
        #expect(result.exitCode == 3, "\(result.error)")
        let report = try JSONParser.parse(String(decoding: try #require(FileManager.default.contents(atPath: "\(out)/report.json")),
                                                 as: UTF8.self))
        #expect(report["status"] == "failure")
        #expect(report["summary"]?["failure"]?["seq"]?.numberValue?.intValue == 2)
    }

    @Test func everyKindHasHelpWithAnExample() {
        for kind in ["verification", "import", "retention", "anonymization", "time-travel", "activity", "export"] {
            let result = datacollect("report", kind, "--help")
            #expect(result.exitCode == 0)
            // Help is printed like a usage message, on stderr.
            #expect((result.out + result.error).contains("Example"), "report \(kind) --help shows an example")
        }
    }
}
