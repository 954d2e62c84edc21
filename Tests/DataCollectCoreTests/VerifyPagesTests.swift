import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Testing

/// The streaming verifier gives one answer whatever the store and the page size.
@Suite("Verify in pages", .serialized)
struct VerifyPagesTests {
    @Test("the header keys are listed in canonical order, for both logs")
    func headerKeysAreCanonical() {
        let event = StoredEvent(event: Event(guid: "g", entityGuid: "e", type: "t", data: [:],
                                             timestamp: EventTimestamp(epochMilliseconds: 0), userId: "u"),
                                seq: 1, recordedAt: EventTimestamp(epochMilliseconds: 0), status: .applied)
        let entry = StoredAuditEntry(entry: AuditEntry(guid: "a", timestamp: EventTimestamp(epochMilliseconds: 0), userId: "u",
                                                       action: "x", eventGuid: "g", entityGuid: "e", changes: .null),
                                     seq: 1, recordedAt: EventTimestamp(epochMilliseconds: 0))
        let utf16Order = { (lhs: String, rhs: String) in lhs.utf16.lexicographicallyPrecedes(rhs.utf16) }
        #expect(LeafHeader.keys(of: .events) == LeafHeader.event(event).keys.sorted(by: utf16Order))
        #expect(LeafHeader.keys(of: .audit) == LeafHeader.audit(entry).keys.sorted(by: utf16Order))
    }

    @Test("every page size gives the same report", arguments: StoreKind.allCases)
    func pageSizes(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submit(EventGenerator(households: 12, seed: 5).generate().events)
        let target = try #require(try manager.events(limit: 10_000).events.first { $0.event.type == "create-group" })
        _ = try manager.redact(eventGuid: target.event.guid, fields: ["village"], reason: "test", policyRun: "run-1", actor: "officer")
        let reference = try IntegrityVerifier().verify(manager.store)
        #expect(reference.isIntact, "\(String(describing: reference.failure))")
        #expect(reference.logs.allSatisfy { $0.recordsChecked > 0 })
        for pageSize in [1, 2, 5, 64, 511] {
            var verifier = IntegrityVerifier()
            verifier.pageSize = pageSize
            #expect(try verifier.verify(manager.store) == reference, "page size \(pageSize)")
        }
    }
}
