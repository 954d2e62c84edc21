@testable import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
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

    /// The reading thread vouches for records ahead of the check when the check is busy
    /// (`RecordLeafHasher`), so which records it covers depends on timing. Whatever it covers,
    /// the scan must be the one the check alone gives: pinned here with every record vouched
    /// for, none, and every other one, on an intact store and on stores tampered with so that
    /// a vouched-for record fails only in what the check adds (its position, its chain link).
    @Test("records vouched for ahead of the check give the same scan, intact or tampered", arguments: [
        "",
        "UPDATE log_leaves SET chain_hash = leaf_hash WHERE log = 'events' AND record_seq = 4",
        "UPDATE events SET seq = -2 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -2; UPDATE log_leaves SET record_seq = -2 WHERE record_seq = 2; UPDATE log_leaves SET record_seq = 2 WHERE record_seq = 3; UPDATE log_leaves SET record_seq = 3 WHERE record_seq = -2",
        "DELETE FROM events WHERE seq = 6; DELETE FROM log_leaves WHERE log = 'events' AND record_seq = 6",
        "UPDATE events SET user_id = 'mallory' WHERE seq = 7",
        "UPDATE events SET data = json_set(data, '$.name', 'Mallory') WHERE seq = 3",
    ])
    func vouchingAheadChangesNothing(tamper: String) throws {
        let path = TemporaryFiles.path("vouched.sqlite")
        let manager = EntityDataManager(store: try SQLiteStore(path: path))
        try manager.submit((1...12).map(StoreIntegrityChecks.threeFieldEvent))
        try manager.redact(eventGuid: "e5", fields: ["phone"], reason: "retention", policyRun: "run-1", actor: "officer-1")
        if !tamper.isEmpty { try SQLiteShell.run(path, tamper) }
        try SQLiteStore(path: path).read { transaction throws -> Void in
            var page = SealedPage(log: .events)
            try transaction.readSealedPage(log: .events, afterSeq: 0, firstLeafIndex: 0, limit: 100, into: &page)
            let redactions = try transaction.redactions(log: .events)
            var alone = LogScan(log: .events, redactions: redactions, wantedSizes: [])
            try alone.check(page)
            var hasher = alone.makeHasher()
            let all = try page.bytes.withUnsafeBufferPointer { base in
                page.records.indices.map { hasher.vouch(for: page, $0, base) }
            }
            #expect(all.contains { $0 == nil }, "the redacted record is never vouched for")
            let everyOther = all.enumerated().map { $0.offset % 2 == 0 ? $0.element : nil }
            for vouched in [all, [], everyOther, Array(all.prefix(3))] {
                var scan = LogScan(log: .events, redactions: redactions, wantedSizes: [])
                try scan.check(page, vouched: vouched)
                #expect(scan.failure == alone.failure)
                #expect(scan.records == alone.records && scan.fields == alone.fields)
                #expect(scan.redactedByRun == alone.redactedByRun)
                #expect(scan.accumulator.root == alone.accumulator.root && scan.chain == alone.chain)
            }
            #expect((tamper.isEmpty) == (alone.failure == nil))
        }
    }
}
