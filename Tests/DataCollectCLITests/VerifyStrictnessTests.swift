import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectTestSupport
import Testing

/// `verify` hashes the stored bytes themselves: text rewritten to an equal but different JSON
/// spelling is a changed value, the stored Merkle nodes must be exactly those of the leaves,
/// and reading in pages (checked on another thread) changes nothing in what is reported.
@Suite("verify checks the stored bytes", .serialized)
struct VerifyStrictnessTests {
    static let cases: [TamperTests.Case] = [
        Case(name: "whitespace between members", sql: #"UPDATE events SET data = replace(data, '","', '", "') WHERE seq = 3"#,
             code: "VALUE_CHANGED", seq: 3),
        Case(name: "members reordered",
             sql: "UPDATE events SET data = json_object('phone', json_extract(data, '$.phone'), 'name', json_extract(data, '$.name')) WHERE seq = 2",
             code: "VALUE_CHANGED", seq: 2),
        Case(name: "an equal value spelled with an escape", sql: #"UPDATE events SET data = replace(data, 'Person', 'P\u0065rson') WHERE seq = 4"#,
             code: "VALUE_CHANGED", seq: 4),
        Case(name: "a key spelled with an escape", sql: #"UPDATE events SET data = replace(data, '"name"', '"n\u0061me"') WHERE seq = 5"#,
             code: "VALUE_CHANGED", seq: 5),
        Case(name: "a header field rewritten as an equal time",
             sql: "UPDATE events SET timestamp = replace(timestamp, '.000Z', 'Z') WHERE seq = 2", code: "LEAF_CHANGED", seq: 2),
        Case(name: "a missing Merkle node", sql: "DELETE FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 1",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node past a level's end",
             sql: "INSERT INTO merkle_nodes SELECT log, level, 2, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 1",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node above the tree",
             sql: "INSERT INTO merkle_nodes SELECT log, 9, 0, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node whose level is text",
             sql: "INSERT INTO merkle_nodes SELECT log, 'x', 0, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node between two levels",
             sql: "INSERT INTO merkle_nodes SELECT log, 4.5, 0, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node at a negative index",
             sql: "INSERT INTO merkle_nodes SELECT log, level, -1, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node whose index is text",
             sql: "INSERT INTO merkle_nodes SELECT log, level, 'x', hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node between two indices",
             sql: "INSERT INTO merkle_nodes SELECT log, level, 0.5, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "an extra Merkle node after a level's last index, before the next",
             sql: "INSERT INTO merkle_nodes SELECT log, level, 1.5, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 1",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "a leaf hash stored again as a level-0 node (level 0 lives only in log_leaves)",
             sql: "INSERT INTO merkle_nodes SELECT log, 0, leaf_index, leaf_hash FROM log_leaves WHERE log = 'events' AND leaf_index = 0",
             code: "TREE_CHANGED", seq: nil),
        Case(name: "a node of a level that is recomputed, not stored (levels 1 to 3)",
             sql: "INSERT INTO merkle_nodes SELECT log, 1, 0, leaf_hash FROM log_leaves WHERE log = 'events' AND leaf_index = 0",
             code: "TREE_CHANGED", seq: nil),
        Case(name: "a node between the recomputed and the stored levels",
             sql: "INSERT INTO merkle_nodes SELECT log, 3.5, 0, hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0",
             code: "TREE_CHANGED", seq: nil, events: 40),
        Case(name: "a record failure before a rewritten node wins",
             sql: "UPDATE merkle_nodes SET hash = '\(String(repeating: "cd", count: 32))' WHERE log = 'events' AND level = 4 AND node_index = 0; UPDATE log_leaves SET seals = json_set(seals, '$.name[0]', '00000000000000000000000000000000') WHERE log = 'events' AND record_seq = 5",
             code: "VALUE_CHANGED", seq: 5, events: 40),
    ]

    typealias Case = TamperTests.Case

    @Test(arguments: cases)
    func rewrittenBytesAreDetected(_ tamper: Case) throws {
        let db = try TamperTests.sealedStore(events: tamper.events)
        try SQLiteShell.run(db, tamper.sql)
        let failure = try TamperTests.verifyFailure(db)
        #expect(failure.exit == 3)
        #expect(failure.code == tamper.code)
        #expect(failure.seq == tamper.seq)
        #expect(failure.log == tamper.log)
    }

    @Test("hex stored in capitals decodes to the same hashes, as before")
    func capitalHexIsTheSameHash() throws {
        let db = try TamperTests.sealedStore(events: 40)
        try SQLiteShell.run(db, """
            UPDATE log_leaves SET seals = (
                SELECT json_group_object(key, json_array(upper(json_extract(value, '$[0]')), upper(json_extract(value, '$[1]'))))
                FROM json_each(log_leaves.seals)) WHERE record_seq = 2;
            UPDATE log_leaves SET leaf_hash = upper(leaf_hash), chain_hash = upper(chain_hash) WHERE record_seq = 3;
            UPDATE merkle_nodes SET hash = upper(hash) WHERE level = 4
            """)
        let result = datacollect("verify", "--db", db)
        #expect(result.exitCode == 0, "\(result.out)")
    }

    @Test("stored values that are not JSON are a damaged store, as when reading them for any use")
    func unreadableValuesAreADamagedStore() throws {
        let db = try TamperTests.sealedStore()
        try SQLiteShell.run(db, #"UPDATE events SET data = '{"name":"Person 4","phone":' WHERE seq = 4"#)
        #expect(throws: DataCollectError.self) { try IntegrityVerifier().verify(try SQLiteStore(path: db)) }
        #expect(datacollect("verify", "--db", db).exitCode == 3)
    }

    @Test("seals that are no longer a JSON object of salts and commitments are a damaged store")
    func unreadableSealsAreADamagedStore() throws {
        let db = try TamperTests.sealedStore()
        try SQLiteShell.run(db, "UPDATE log_leaves SET seals = '{\"name\":' WHERE log = 'events' AND record_seq = 3")
        #expect(throws: DataCollectError.self) { try IntegrityVerifier().verify(try SQLiteStore(path: db)) }
        #expect(datacollect("verify", "--db", db).exitCode == 3)
    }

    @Test("page size changes nothing: same report, same first failure", arguments: [1, 2, 3, 7, 2_000])
    func pagesChangeNothing(pageSize: Int) throws {
        let db = try TamperTests.sealedStore(events: 40)
        let store = try SQLiteStore(path: db)
        var verifier = IntegrityVerifier()
        let reference = try verifier.verify(store)
        #expect(reference.isIntact)
        verifier.pageSize = pageSize
        #expect(try verifier.verify(store) == reference)

        // Failures in several pages: the lowest seq is reported, whichever page checks first.
        try SQLiteShell.run(db, """
            UPDATE events SET user_id = 'mallory' WHERE seq = 5;
            UPDATE events SET data = json_set(data, '$.name', 'Mallory') WHERE seq = 3;
            DELETE FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0
            """)
        let failure = try #require(try verifier.verify(store).failure)
        #expect(failure.kind == .valueChanged)
        #expect(failure.seq == 3)
    }

    @Test("a stray Merkle node inside a level's range is found on every page size",
          arguments: ["0.5", "1.5"], [1, 2, 3, 15, 16, 17, 2_000])
    func strayNodesInsideTheRanges(index: String, pageSize: Int) throws {
        let db = try TamperTests.sealedStore(events: 40)
        try SQLiteShell.run(db, """
            INSERT INTO merkle_nodes SELECT log, level, \(index), hash FROM merkle_nodes WHERE log = 'events' AND level = 4 AND node_index = 0
            """)
        var verifier = IntegrityVerifier()
        verifier.pageSize = pageSize
        let failure = try #require(try verifier.verify(try SQLiteStore(path: db)).failure)
        #expect(failure.kind == .treeChanged)
    }

    /// Node 0 of level 4 is completed by leaf 15 and node 1 by leaf 31: with pages of 1, 15, 16
    /// or 20 records they fall in the first or a later page, at its start, middle or end.
    @Test("a rewritten Merkle node is found and named whichever page completes it",
          arguments: [0, 1], [1, 15, 16, 20])
    func rewrittenNodesOnEveryPage(index: Int, pageSize: Int) throws {
        let db = try TamperTests.sealedStore(events: 40)
        try SQLiteShell.run(db, """
            UPDATE merkle_nodes SET hash = '\(String(repeating: "cd", count: 32))' WHERE log = 'events' AND level = 4 AND node_index = \(index)
            """)
        var verifier = IntegrityVerifier()
        verifier.pageSize = pageSize
        let failure = try #require(try verifier.verify(try SQLiteStore(path: db)).failure)
        #expect(failure.kind == .treeChanged)
        #expect(failure.message.contains("level 4, index \(index)"))
    }

    @Test("a redacted record is checked on the slow path and still verifies, on every page size", arguments: [1, 2_000])
    func redactedRecordsVerify(pageSize: Int) throws {
        let db = try TamperTests.sealedStore()
        let redacted = datacollect("redact", "--db", db, "e2", "--field", "phone", "--reason", "erasure request",
                                   "--policy-run", "run-7", "--user", "officer-1")
        #expect(redacted.exitCode == 0, "\(redacted.out)\(redacted.error)")
        var verifier = IntegrityVerifier()
        verifier.pageSize = pageSize
        let report = try verifier.verify(try SQLiteStore(path: db))
        #expect(report.isIntact, "\(String(describing: report.failure))")
        #expect(report.logs.first { $0.log == .events }?.redactedFieldsByPolicyRun["run-7"] == 1)
        #expect(report.logs.first { $0.log == .events }?.fieldsChecked == 9)
    }
}
