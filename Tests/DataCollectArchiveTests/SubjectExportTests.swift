import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

@Suite("Subject exports", .serialized)
struct SubjectExportTests {
    @Test func aHouseholdExportHoldsItsDataHistoryAuditAndVerifiableProofs() throws {
        let manager = EntityDataManager(store: try SQLiteStore(path: ImportFixtures.path("subject.sqlite")))
        try manager.store.write { transaction in
            try transaction.setMetadata(IntegrityMetadata.origin, "datacollect/subject-test")
            try transaction.setMetadata(IntegrityMetadata.verifierKey, ExportRoundTripTests.signer.verifierKey)
        }
        try manager.submit(ImportFixtures.events)
        _ = try CheckpointWriter(signer: ExportRoundTripTests.signer).checkpoint(manager.store, at: EventTimestamp(epochMilliseconds: 0))
        let household = try #require(try manager.allEntities().first { $0.modified.type == .group && $0.modified.memberIds.count >= 2 })
        let creation = try #require(try manager.events(limit: 10_000).events.first {
            $0.event.entityGuid == household.guid && $0.event.type == "create-group"
        })
        try manager.redact(eventGuid: creation.event.guid, fields: ["monthlyIncome"], reason: "minimisation",
                           policyRun: "run-1", actor: "officer")

        let output = ImportFixtures.path("subject-export")
        let receipt = try SubjectExporter(manager: manager).export(subject: household.guid, to: output, format: .dir,
                                                                   actor: "officer", tool: "tests")
        #expect(receipt.entities == 1 + household.modified.memberIds.count)
        #expect(try BagValidator().validate(output).problems == [])
        try ExportRoundTripTests.ensureBagitPy()
        #expect(try ExportRoundTripTests.bagitPy(output) == 0)

        let history = try String(contentsOfFile: output + "/data/history.ndjson", encoding: .utf8)
        let creationLine = try #require(history.split(separator: "\n").map { try JSONParser.parse(String($0)) }
            .first { $0["event"]?["guid"] == .string(creation.event.guid) })
        #expect(creationLine["redactedFields"] == ["monthlyIncome"])
        #expect(creationLine["event"]?["data"]?["monthlyIncome"] == nil, "a redacted value is never recovered")
        let csv = try String(contentsOfFile: output + "/data/subject.csv", encoding: .utf8)
        #expect(csv.hasPrefix("guid,type,name,version,lastUpdated,memberIds,data."))
        #expect(FileManager.default.fileExists(atPath: output + "/data/schemas/history.schema.json"))
        #expect(try manager.auditTrail(entityGuid: household.guid).contains { $0.entry.action == "export" })

        // A proof changed after export is caught.
        let proofs = output + "/data/proofs.ndjson"
        let text = try String(contentsOfFile: proofs, encoding: .utf8)
        let tampered = text.replacingOccurrences(of: "\"leafIndex\":", with: "\"leafIndex\":1", options: [], range: text.range(of: "\"leafIndex\":"))
        try tampered.write(toFile: proofs, atomically: true, encoding: .utf8)
        #expect(!(try BagValidator().validate(output).isValid))
    }

    @Test func anUnknownSubjectIsAClearError() throws {
        let manager = EntityDataManager(store: InMemoryStore())
        #expect(throws: DataCollectError.self) {
            try SubjectExporter(manager: manager).export(subject: "nobody", to: ImportFixtures.path("none"), format: .dir,
                                                         actor: "a", tool: "tests")
        }
    }
}
