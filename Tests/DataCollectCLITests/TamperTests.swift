import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectTestSupport
import Foundation
import Testing

/// Each way an attacker could edit the SQLite file with plain SQL is caught by `verify`,
/// with exit code 3 and the first bad `seq` named.
@Suite("verify detects tampering", .serialized)
struct TamperTests {
    /// A store with five events (and their audit entries), initialised and checkpointed.
    /// A store of `events` sealed events and a checkpoint: `e1` to `e28` one a day from
    /// 2024-01-01 at 08:00, from `e29` on the same days again at 09:00. Merkle nodes are stored
    /// from level 4 up (``StoredMerkleLevels``), so the node cases use 40 events: level 4 holds
    /// nodes 0 and 1 (leaves 0–15 and 16–31), level 5 node 0.
    static func sealedStore(events: Int = 5) throws -> String {
        let db = Scratch.path("sealed.sqlite")
        #expect(datacollect("init", "--db", db).exitCode == 0)
        let lines = (1...events).map { index in
            let time = String(format: "2024-01-%02dT%02d:00:00Z", 1 + (index - 1) % 28, 8 + (index - 1) / 28)
            return #"{"guid":"e\#(index)","entityGuid":"p\#(index)","type":"create-individual","data":{"name":"Person \#(index)","phone":"000 \#(index)"},"timestamp":"\#(time)","userId":"u1"}"#
        }
        #expect(datacollect("submit", "--db", db, Scratch.write(lines.joined(separator: "\n"), "events.jsonl")).exitCode == 0)
        #expect(datacollect("checkpoint", "--db", db).exitCode == 0)
        return db
    }

    static func verifyFailure(_ db: String, _ extra: [String] = []) throws -> (code: String?, seq: Int?, log: String?, exit: Int32) {
        let result = datacollect(["verify", "--db", db, "--json"] + extra)
        let report = try JSONParser.parse(result.out)
        return (report["failure"]?["code"]?.stringValue, report["failure"]?["seq"]?.numberValue?.intValue,
                report["failure"]?["log"]?.stringValue, result.exitCode)
    }

    @Test func anUntouchedStoreIsIntact() throws {
        let db = try Self.sealedStore()
        let result = datacollect("verify", "--db", db)
        #expect(result.exitCode == 0, "\(result.out)")
        #expect(result.out.contains("INTACT"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let sql: String
        let code: String
        let seq: Int?
        var log = "events"
        /// The events of the store it is played on (``sealedStore(events:)``).
        var events = 5
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a changed value", sql: "UPDATE events SET data = json_set(data, '$.name', 'Mallory') WHERE seq = 3",
             code: "VALUE_CHANGED", seq: 3),
        Case(name: "a changed salt",
             sql: "UPDATE log_leaves SET seals = json_set(seals, '$.name[0]', '00000000000000000000000000000000') WHERE log = 'events' AND record_seq = 2",
             code: "VALUE_CHANGED", seq: 2),
        Case(name: "a changed commitment",
             sql: "UPDATE log_leaves SET seals = json_set(seals, '$.phone[1]', '\(String(repeating: "ab", count: 32))') WHERE log = 'events' AND record_seq = 4",
             code: "VALUE_CHANGED", seq: 4),
        Case(name: "a changed header field", sql: "UPDATE events SET user_id = 'mallory' WHERE seq = 4",
             code: "LEAF_CHANGED", seq: 4),
        Case(name: "a changed capture time", sql: "UPDATE events SET timestamp = '2020-01-01T00:00:00.000Z' WHERE seq = 1",
             code: "LEAF_CHANGED", seq: 1),
        Case(name: "a deleted event", sql: "DELETE FROM events WHERE seq = 2", code: "ORDER_CHANGED", seq: 3),
        Case(name: "an inserted event",
             sql: "INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash, status) SELECT 'forged', entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash, status FROM events WHERE seq = 5",
             code: "MISSING_LEAF", seq: 6),
        Case(name: "a duplicated event with a forged leaf",
             sql: "INSERT INTO events (guid, entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash, status) SELECT 'copy', entity_guid, type, data, timestamp, user_id, sync_level, recorded_at, content_hash, status FROM events WHERE seq = 5; INSERT INTO log_leaves SELECT log, 5, 6, leaf_hash, chain_hash, seals FROM log_leaves WHERE log = 'events' AND record_seq = 5",
             code: "LEAF_CHANGED", seq: 6),
        Case(name: "two events swapped",
             sql: "UPDATE events SET seq = -2 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = -2",
             code: "VALUE_CHANGED", seq: 2),
        Case(name: "a truncated log (last event, seals and leaf removed; the fifth leaf completes no node)",
             sql: "DELETE FROM events WHERE seq = 5; DELETE FROM log_leaves WHERE log = 'events' AND record_seq = 5",
             code: "LOG_TRUNCATED_OR_ROLLED_BACK", seq: nil),
        Case(name: "a rewritten Merkle node", sql: "UPDATE merkle_nodes SET hash = '\(String(repeating: "cd", count: 32))' WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "a checkpoint whose stored root was changed",
             sql: "UPDATE checkpoints SET root_hash = '\(String(repeating: "ef", count: 32))' WHERE log = 'events'",
             code: "CHECKPOINT_MISMATCH", seq: nil),
        Case(name: "a checkpoint whose signed text was changed",
             sql: "UPDATE checkpoints SET note = replace(note, char(10) || '5' || char(10), char(10) || '4' || char(10)), tree_size = 4 WHERE log = 'events'",
             code: "BAD_SIGNATURE", seq: nil),
        Case(name: "a changed audit entry", sql: "UPDATE audit_log SET action = 'nothing-to-see' WHERE seq = 2",
             code: "LEAF_CHANGED", seq: 2, log: "audit"),
        Case(name: "a value removed without a redaction record",
             sql: "UPDATE events SET data = json_remove(data, '$.phone') WHERE seq = 3; UPDATE log_leaves SET seals = json_set(seals, '$.phone[0]', NULL) WHERE log = 'events' AND record_seq = 3",
             code: "UNRECORDED_REDACTION", seq: 3),
        Case(name: "a redaction record for a value still present",
             sql: "INSERT INTO redactions VALUES ('events', 2, 'phone', 'run-x', 'forged', '2026-01-01T00:00:00.000Z')",
             code: "REDACTION_MISMATCH", seq: 2),
    ]

    @Test(arguments: cases)
    func tamperingIsDetected(_ tamper: Case) throws {
        let db = try Self.sealedStore(events: tamper.events)
        try SQLiteShell.run(db, tamper.sql)
        let failure = try Self.verifyFailure(db)
        #expect(failure.exit == 3)
        #expect(failure.code == tamper.code)
        #expect(failure.seq == tamper.seq)
        #expect(failure.log == tamper.log)
    }

    @Test func aDatabaseRestoredFromAnOlderCopyIsCaughtByTheAuditorsCheckpoint() throws {
        let db = try Self.sealedStore()
        let backup = Scratch.path("backup.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: backup)
        let more = #"{"guid":"e6","entityGuid":"p6","type":"create-individual","data":{"name":"Six"},"timestamp":"2024-01-06T08:00:00Z","userId":"u1"}"#
        #expect(datacollect("submit", "--db", db, Scratch.write(more, "six.json")).exitCode == 0)
        let checkpoint = datacollect("checkpoint", "--db", db, "--json")
        let notes = try JSONParser.parse(checkpoint.out).arrayValue ?? []
        let eventsNote = try #require(notes.first { $0["log"] == "events" }?["note"]?.stringValue)
        let kept = Scratch.write(eventsNote, "auditor-checkpoint.txt")
        #expect(datacollect("verify", "--db", db, "--checkpoint", kept).exitCode == 0)

        // The attacker puts the older file back (with its own, older checkpoints and key).
        try FileManager.default.removeItem(atPath: db)
        try FileManager.default.copyItem(atPath: backup, toPath: db)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        #expect(datacollect("verify", "--db", db).exitCode == 0, "on its own the old copy is consistent")
        let failure = try Self.verifyFailure(db, ["--checkpoint", kept])
        #expect(failure.exit == 3)
        #expect(failure.code == "LOG_TRUNCATED_OR_ROLLED_BACK")
    }

    @Test func aCheckpointReSignedWithAnotherKeyFailsAgainstTheAuditorsKey() throws {
        let db = try Self.sealedStore()
        let genuineKey = try JSONParser.parse(datacollect("init", "--db", db, "--json").out)["verifierKey"]?.stringValue ?? ""
        // The attacker makes a key, records it as the store's key and signs a checkpoint with it.
        let forgedKeyPath = Scratch.path("forged.key")
        let forger = try NoteSigner.generate(name: "mallory")
        _ = FileManager.default.createFile(atPath: forgedKeyPath, contents: Data(forger.privateKeyText.utf8))
        try SQLiteShell.run(db, "UPDATE store_metadata SET value = '\(forger.verifierKey)' WHERE key = 'integrity.verifierKey'; DELETE FROM checkpoints")
        #expect(datacollect("checkpoint", "--db", db, "--key", forgedKeyPath).exitCode == 0)
        #expect(datacollect("verify", "--db", db).exitCode == 0, "the forged key is self-consistent")
        let failure = try Self.verifyFailure(db, ["--verifier-key", genuineKey])
        #expect(failure.exit == 3)
        #expect(failure.code == "BAD_SIGNATURE")
    }

    @Test func redactionKeepsVerifyGreenAndEveryRootUnchanged() throws {
        let db = try Self.sealedStore()
        let before = try JSONParser.parse(datacollect("verify", "--db", db, "--json").out)
        let redacted = datacollect("redact", "--db", db, "e3", "--field", "phone", "--reason", "erasure request",
                                   "--policy-run", "run-42", "--user", "officer-1")
        #expect(redacted.exitCode == 0, "\(redacted.out)\(redacted.error)")
        let after = datacollect("verify", "--db", db, "--json")
        #expect(after.exitCode == 0, "\(after.out)")
        let report = try JSONParser.parse(after.out)
        let eventsBefore = before["logs"]?.arrayValue?.first { $0["log"] == "events" }
        let eventsAfter = report["logs"]?.arrayValue?.first { $0["log"] == "events" }
        #expect(eventsAfter?["rootHash"] == eventsBefore?["rootHash"])
        #expect(eventsAfter?["redactedFieldsByPolicyRun"]?["run-42"] == 1)
        let entity = try JSONParser.parse(datacollect("entity", "--db", db, "p3", "--json").out)
        #expect(entity["modified"]?["data"]?["phone"] == nil)
        #expect(entity["modified"]?["data"]?["name"] == "Person 3")
        let audit = datacollect("audit", "--db", db, "p3", "--json").out
        #expect(!audit.contains("000 3"), "the audit trail no longer holds the value")
        #expect(audit.contains("redact-event"))
    }

    @Test func proofsVerifyAgainstTheCheckpointedRoot() throws {
        let db = try Self.sealedStore()
        let proof = try JSONParser.parse(datacollect("prove", "--db", db, "e3", "--json").out)
        let leafHash = try #require(proof["leafHash"]?.stringValue.flatMap { [UInt8](hex: $0) })
        let path = (proof["auditPath"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { [UInt8](hex: $0) } }
        let root = try #require(proof["rootHash"]?.stringValue.flatMap { [UInt8](hex: $0) })
        try MerkleVerification.verifyInclusion(leafHash: leafHash, index: 2, size: 5, proof: path, root: root)
        #expect(proof["leafIndex"] == 2)

        let consistency = try JSONParser.parse(datacollect("consistency", "--db", db, "--from", "3", "--json").out)
        let steps = (consistency["proof"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { [UInt8](hex: $0) } }
        try MerkleVerification.verifyConsistency(
            from: 3, to: 5, proof: steps,
            fromRoot: try #require(consistency["fromRoot"]?.stringValue.flatMap { [UInt8](hex: $0) }),
            toRoot: root)
        #expect(datacollect("prove", "--db", db, "missing-event").exitCode == 4)
    }
}
