import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

@Suite("datacollect commands", .serialized)
struct CommandTests {
    static let goodLine = #"{"guid":"e1","entityGuid":"p1","type":"create-individual","data":{"name":"Amina Diallo","dateOfBirth":"1990-01-01"},"timestamp":"2024-01-01T08:00:00Z","userId":"u1"}"#

    @Test func initCreatesADatabase() {
        let db = Scratch.path("init.sqlite")
        let result = datacollect("init", "--db", db)
        #expect(result.exitCode == 0)
        #expect(result.out.contains("create-event-log-projection-audit"))
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func submitReportsEachBadLineAndStoresTheGoodOnes() throws {
        let db = Scratch.path("submit.sqlite")
        let file = Scratch.write([
            Self.goodLine,
            #"{"guid":"e2","entityGuid":"p2","type":"create-individual","data":{},"timestamp":"2024-01-01T08:00:00Z","userId":"u1"}"#,
            #"{"guid":"e3", this is not json"#,
            "",
            #"{"guid":"e4","entityGuid":"p4","type":"create-individual","data":{"name":"X"},"timestamp":"March 1st","userId":"u1"}"#,
        ].joined(separator: "\n"), "events.jsonl")
        let result = datacollect("submit", "--db", db, file)
        #expect(result.exitCode == 2)
        #expect(result.out.contains("events.jsonl:2: INVALID_FORM (data)"))
        #expect(result.out.contains("events.jsonl:3: INVALID_JSON"))
        #expect(result.out.contains("events.jsonl:5: INVALID_FORM (timestamp)"))
        #expect(result.out.contains("1 appended"))
        #expect(!result.out.contains("Amina"), "no field values in output")

        let again = datacollect("submit", "--db", db, "--json", file)
        #expect(again.exitCode == 2)
        let summary = try JSONParser.parse(again.out)
        #expect(summary["alreadyPresent"] == 1)
        #expect(summary["appended"] == 0)
        #expect(summary["rejected"] == 3)
    }

    @Test func invalidUTF8IsRejectedWithItsLineAndTheOtherLinesLand() throws {
        let db = Scratch.path("utf8.sqlite")
        var bytes = Array(Self.goodLine.utf8) + [0x0A]
        bytes += Array(#"{"guid":"e9","entityGuid":"p9","type":"create-individual","data":{"name":"X"#.utf8)
        bytes += [0xC3, 0x28]  // an invalid UTF-8 sequence inside a string
        bytes += Array(#""},"timestamp":"2024-01-01T08:00:00Z","userId":"u1"}"#.utf8)
        let path = Scratch.path("bad-utf8.jsonl")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let result = datacollect("submit", "--db", db, path)
        #expect(result.exitCode == 2)
        #expect(result.out.contains("bad-utf8.jsonl:2: INVALID_JSON"))
        #expect(datacollect("entity", "--db", db, "p1").exitCode == 0)
        #expect(datacollect("entity", "--db", db, "p9").exitCode == 4)
    }

    @Test func aJSONArrayFileReportsRecordsByIndex() {
        let db = Scratch.path("array.sqlite")
        let file = Scratch.write("[\(Self.goodLine), {\"guid\": 5}]", "batch.json")
        let result = datacollect("submit", "--db", db, file)
        #expect(result.exitCode == 2)
        #expect(result.out.contains("batch.json[1]: INVALID_FORM (guid)"))
    }

    @Test func anEmptyOrMissingFileIsAUsageError() {
        #expect(datacollect("submit", "--db", Scratch.path("x.sqlite"), Scratch.write("", "empty.json")).exitCode == 1)
        #expect(datacollect("submit", "--db", Scratch.path("x.sqlite"), "/nonexistent/file.json").exitCode == 1)
    }

    @Test func entitiesEntityEventsAuditAndStateHash() throws {
        let db = Scratch.path("read.sqlite")
        #expect(datacollect("submit", "--db", db, Scratch.write(Self.goodLine, "one.json")).exitCode == 0)

        let list = datacollect("entities", "--db", db, "--format", "json")
        #expect(try JSONParser.parse(list.out).arrayValue?.first?["guid"] == "p1")
        let csv = datacollect("entities", "--db", db, "--format", "csv")
        #expect(csv.out.hasPrefix("guid,type,name,version,lastUpdated,members\r\np1,individual,Amina Diallo,1,"))
        let filtered = datacollect("entities", "--db", db, "--where", #"[{"name": {"$regex": "^zz"}}]"#, "--json")
        #expect(try JSONParser.parse(filtered.out) == [])
        #expect(datacollect("entities", "--db", db, "--where", "[{").exitCode == 1)

        #expect(datacollect("entity", "--db", db, "p1", "--json").exitCode == 0)
        #expect(datacollect("entity", "--db", db, "nobody").exitCode == 4)
        let events = datacollect("events", "--db", db, "--json")
        #expect(try JSONParser.parse(events.out)["events"]?.arrayValue?.first?["status"] == "applied")
        let audit = datacollect("audit", "--db", db, "p1")
        #expect(audit.out.contains("create-individual"))
        #expect(!audit.out.contains("Amina"))

        let hash = datacollect("state-hash", "--db", db, "--json")
        let expected = try EntityDataManager(store: try SQLiteStore(path: db)).stateHash()
        #expect(try JSONParser.parse(hash.out)["stateHash"] == .string(expected))
        #expect(datacollect("rebuild", "--db", db).exitCode == 0)
    }

    @Test func duplicatesAreListedAndResolved() throws {
        let db = Scratch.path("dups.sqlite")
        let second = Self.goodLine.replacingOccurrences(of: "\"e1\"", with: "\"e2\"")
            .replacingOccurrences(of: "\"p1\"", with: "\"p2\"")
            .replacingOccurrences(of: "Amina Diallo", with: "AMINA  diallo")
        #expect(datacollect("submit", "--db", db, Scratch.write(Self.goodLine + "\n" + second, "d.jsonl")).exitCode == 0)
        let listed = datacollect("duplicates", "--db", db, "--json")
        #expect(try JSONParser.parse(listed.out) == [["entityGuid": "p2", "duplicateGuid": "p1"]])
        #expect(datacollect("duplicates", "--db", db, "--resolve", "p2:p1", "--keep-both").exitCode != 0, "needs --user")
        let resolved = datacollect("duplicates", "--db", db, "--resolve", "p2:p1", "--keep-both", "--user", "officer-1", "--json")
        #expect(resolved.exitCode == 0)
        #expect(try JSONParser.parse(resolved.out) == [])
        #expect(datacollect("entity", "--db", db, "p2").exitCode == 0, "keep both")
    }

    @Test func generateIsReproducibleAndItsOutputSubmitsCleanly() throws {
        let first = Scratch.path("a.jsonl")
        let second = Scratch.path("b.jsonl")
        #expect(datacollect("generate", "--households", "30", "--seed", "5", "--out", first).exitCode == 0)
        #expect(datacollect("generate", "--households", "30", "--seed", "5", "--out", second).exitCode == 0)
        let a = try #require(FileManager.default.contents(atPath: first))
        #expect(a == FileManager.default.contents(atPath: second))
        let db = Scratch.path("gen.sqlite")
        let submitted = datacollect("submit", "--db", db, first)
        #expect(submitted.exitCode == 0, "\(submitted.out)")
    }
}
