@testable import DataCollectCore
import DataCollectIntegrity
import DataCollectTestSupport
import Testing

/// The verifier's fast path (hashing the stored bytes in place) and its slow path (parsing
/// everything, naming the first check that fails) accept the same records, so a fast path that
/// silently stopped working would change no report, only the speed. This pins that every
/// record stored as datacollect writes it is vouched for by the fast path, on every store.
@Suite("Verify: the fast path takes every record stored as written")
struct VerifyFastPathTests {
    @Test(arguments: StoreKind.allCases)
    func onlyTheRedactedRecordTakesTheSlowPath(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submit((1...12).map(StoreIntegrityChecks.threeFieldEvent))
        try manager.redact(eventGuid: "e5", fields: ["phone"], reason: "retention", policyRun: "run-1", actor: "officer-1")
        try manager.store.read { transaction throws -> Void in
            var page = SealedPage(log: .events)
            try transaction.readSealedPage(log: .events, afterSeq: 0, firstLeafIndex: 0, limit: 100, into: &page)
            var scan = LogScan(log: .events, redactions: try transaction.redactions(log: .events), wantedSizes: [])
            try scan.check(page)
            #expect(scan.failure == nil)
            #expect(scan.records == 12)
            #expect(scan.recordsCheckedQuickly == 11)
            #expect(scan.redactedByRun == ["run-1": 1])
        }
    }
}
