public import DataCollectCore
public import DataCollectIntegrity

/// The integrity tables (`log_leaves` with each record's seals, `merkle_nodes`, `checkpoints`,
/// `redactions`); hashes are stored as lowercase hex so the `sqlite3` shell and `psql` show them.
extension SQLTransaction: IntegrityStore {
    public func logHead(_ log: LogName) throws -> LogHead {
        // Every leaf this transaction appended moved the remembered head.
        if let head = pending.heads[log] { return head }
        let rows = try db.query("""
            SELECT leaf_index, chain_hash FROM log_leaves WHERE log = ? ORDER BY leaf_index DESC LIMIT 1
            """, [.text(log.rawValue)]) { (UInt64($0.int(0)), try Self.hash($0, 1, "log_leaves")) }
        let head = rows.first.map { LogHead(size: $0.0 + 1, chainHash: $0.1) } ?? LogHead(size: 0, chainHash: HashChain.start)
        pending.heads[log] = head
        return head
    }

    public func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal] {
        try seals(log: log, recordSeqs: [recordSeq])[recordSeq] ?? []
    }

    public func seals(log: LogName, recordSeqs: [Int64]) throws -> [Int64: [FieldSeal]] {
        try flush(.logLeaves)
        let rows = try chunked(Set(recordSeqs).sorted().map { .integer($0) }) { placeholders, values in
            try db.query("SELECT record_seq, seals FROM log_leaves WHERE log = ? AND record_seq IN (\(placeholders))",
                         [.text(log.rawValue)] + values) { row in
                (row.int(0), try Self.seals(row, 1))
            }
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func appendLeaf(_ leaf: LogLeaf, seals: [FieldSeal], log: LogName) throws {
        try hold([.text(log.rawValue), .integer(Int64(leaf.index)), .integer(leaf.recordSeq),
                  .text(leaf.leafHash.hexString), .text(leaf.chainHash.hexString), .text(StoredSeals.text(seals))], for: .logLeaves)
        pending.heads[log] = LogHead(size: leaf.index + 1, chainHash: leaf.chainHash)
        // The leaf hash is the level-0 node, which the next appends read.
        pending.remember(MerkleNode(level: 0, index: leaf.index, hash: leaf.leafHash), log: log)
    }

    /// A leaf row's seals; a text that is not in the ``StoredSeals`` form is a damaged row.
    private static func seals(_ row: Database.Row, _ column: Int32) throws -> [FieldSeal] {
        guard let seals = StoredSeals.seals(parsing: row.bytes(column)) else {
            throw SQLRowCoding.corrupted("log_leaves", String(row.int(0)))
        }
        return seals
    }

    static var leafSelect: String { "SELECT leaf_index, record_seq, leaf_hash, chain_hash FROM log_leaves" }
    /// ``leafSelect`` and the record's seals: what the verifier reads.
    static var sealedLeafSelect: String { "SELECT leaf_index, record_seq, leaf_hash, chain_hash, seals FROM log_leaves" }

    private static func leaf(_ row: Database.Row) throws -> LogLeaf {
        LogLeaf(index: UInt64(bitPattern: row.int(0)), recordSeq: row.int(1), leafHash: try hash(row, 2, "log_leaves"),
                chainHash: try hash(row, 3, "log_leaves"))
    }

    public func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf? {
        try flush(.logLeaves)
        return try db.query("\(Self.leafSelect) WHERE log = ? AND record_seq = ?", [.text(log.rawValue), .integer(recordSeq)],
                     Self.leaf).first
    }

    public func leaves(log: LogName, recordSeqs: [Int64]) throws -> [Int64: LogLeaf] {
        try flush(.logLeaves)
        let leaves = try chunked(Set(recordSeqs).sorted().map { .integer($0) }) { placeholders, values in
            try db.query("\(Self.leafSelect) WHERE log = ? AND record_seq IN (\(placeholders))", [.text(log.rawValue)] + values,
                         Self.leaf)
        }
        return Dictionary(leaves.map { ($0.recordSeq, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf] {
        try flush(.logLeaves)
        return try db.query("\(Self.leafSelect) WHERE log = ? AND leaf_index >= ? ORDER BY leaf_index LIMIT ?",
                     [.text(log.rawValue), .integer(Int64(fromIndex)), .integer(Int64(limit))], Self.leaf)
    }

    public func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]? {
        if let hash = pending.node(log: log, level: level, index: index) { return hash }
        return try merkleNodes(log: log, level: level, indexes: index...index).first?.hash
    }

    public func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws {
        for node in nodes where node.level > 0 {
            // The next appends read nodes of every level back; only the stored levels are rows.
            pending.remember(node, log: log)
            guard StoredMerkleLevels.isStored(level: node.level) else { continue }
            try hold([.text(log.rawValue), .integer(Int64(node.level)), .integer(Int64(node.index)), .text(node.hash.hexString)],
                     for: .merkleNodes)
        }
    }

    public func merkleNodes(log: LogName, level: Int, indexes: ClosedRange<UInt64>) throws -> [MerkleNode] {
        guard StoredMerkleLevels.isStored(level: level) else {
            let leaves = StoredMerkleLevels.leafIndexes(under: indexes, level: level)
            try flush(.logLeaves)
            let hashes = try db.query("""
                SELECT leaf_index, leaf_hash FROM log_leaves
                WHERE log = ? AND leaf_index BETWEEN ? AND ? ORDER BY leaf_index
                """, [.text(log.rawValue), .integer(Int64(leaves.lowerBound)), .integer(Int64(leaves.upperBound))]) {
                MerkleNode(level: 0, index: UInt64($0.int(0)), hash: try Self.hash($0, 1, "log_leaves"))
            }
            return level == 0 ? hashes : StoredMerkleLevels.recomputed(level: level, from: hashes)
        }
        try flush(.merkleNodes)
        return try db.query("""
            SELECT node_index, hash FROM merkle_nodes
            WHERE log = ? AND level = ? AND node_index BETWEEN ? AND ? ORDER BY node_index
            """, [.text(log.rawValue), .integer(Int64(level)), .integer(Int64(indexes.lowerBound)), .integer(Int64(indexes.upperBound))]) {
            MerkleNode(level: level, index: UInt64($0.int(0)), hash: try Self.hash($0, 1, "merkle_nodes"))
        }
    }

    public func save(_ checkpoint: StoredCheckpoint) throws {
        try db.run("INSERT INTO checkpoints (log, tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?, ?)",
                   [.text(checkpoint.log.rawValue), .integer(Int64(checkpoint.size)), .text(checkpoint.rootHash.hexString),
                    .text(checkpoint.note), .text(checkpoint.createdAt.iso8601)])
    }

    public func checkpoints(log: LogName) throws -> [StoredCheckpoint] {
        try db.query("SELECT tree_size, root_hash, note, created_at FROM checkpoints WHERE log = ? ORDER BY id",
                     [.text(log.rawValue)]) { row in
            guard let createdAt = row.text(3).flatMap(EventTimestamp.init(parsing:)) else {
                throw SQLRowCoding.corrupted("checkpoints", String(row.int(0)))
            }
            return StoredCheckpoint(log: log, size: UInt64(row.int(0)), rootHash: try Self.hash(row, 1, "checkpoints"),
                                    note: row.text(2) ?? "", createdAt: createdAt)
        }
    }

    public func save(_ redaction: Redaction) throws {
        try db.send("""
            INSERT INTO redactions (log, record_seq, field, policy_run, reason, redacted_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (log, record_seq, field) DO NOTHING
            """, [.text(redaction.log.rawValue), .integer(redaction.recordSeq), .text(redaction.field),
                  .text(redaction.policyRun), .text(redaction.reason), .text(redaction.redactedAt.iso8601)])
    }

    public func redactions(log: LogName) throws -> [Redaction] {
        try db.query("""
            SELECT record_seq, field, policy_run, reason, redacted_at FROM redactions WHERE log = ? ORDER BY record_seq, field
            """, [.text(log.rawValue)]) { row in
            guard let at = row.text(4).flatMap(EventTimestamp.init(parsing:)) else {
                throw SQLRowCoding.corrupted("redactions", String(row.int(0)))
            }
            return Redaction(log: log, recordSeq: row.int(0), field: row.text(1) ?? "", policyRun: row.text(2) ?? "",
                             reason: row.text(3) ?? "", redactedAt: at)
        }
    }

    public func eraseFields(_ fields: [String], log: LogName, recordSeq: Int64) throws {
        try flush(.logLeaves)
        let table = log == .events ? "events" : "audit_log"
        let column = log == .events ? "data" : "changes"
        // The record's values and its seals in one read (one round trip on PostgreSQL).
        guard let (current, sealText) = try db.query("""
            SELECT \(column), (SELECT seals FROM log_leaves WHERE log = ? AND record_seq = ?) FROM \(table) WHERE seq = ?
            """, [.text(log.rawValue), .integer(recordSeq), .integer(recordSeq)], { row in
                (try? JSONParser.parse(row.bytes(0)), row.isNull(1) ? nil : row.bytes(1))
            }).first,
            var object = current?.objectValue
        else { return }
        for field in fields { object[field] = nil }
        try db.send("UPDATE \(table) SET \(column) = ? WHERE seq = ?",
                    [.text(JSONValue.object(object).canonicalString), .integer(recordSeq)])
        guard let sealText else { return }
        guard var seals = StoredSeals.seals(parsing: sealText) else { throw SQLRowCoding.corrupted("log_leaves", String(recordSeq)) }
        guard StoredSeals.removeSalts(of: fields, from: &seals) else { return }
        try db.send("UPDATE log_leaves SET seals = ? WHERE log = ? AND record_seq = ?",
                    [.text(StoredSeals.text(seals)), .text(log.rawValue), .integer(recordSeq)])
    }

    /// The record columns a page reads: seq, the erasable JSON text, then the header columns in
    /// the order of ``LeafHeader/keys(of:)``.
    private static func recordSelect(_ log: LogName) -> String {
        switch log {
        case .events:
            // entityGuid, guid, recordedAt, timestamp, type, userId
            "SELECT seq, data, entity_guid, guid, recorded_at, timestamp, type, user_id FROM events WHERE seq > ? ORDER BY seq LIMIT ?"
        case .audit:
            // action, entityGuid, eventGuid, guid, recordedAt, timestamp, userId
            "SELECT seq, changes, action, entity_guid, event_guid, guid, recorded_at, timestamp, user_id FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"
        }
    }

    /// Put in place of a hash that is NULL: not hex, so the verifier reports the row as damaged
    /// when it reaches that record (in seq order, like every other problem it finds).
    static var unreadable: String { "NULL" }

    public func readSealedPage(log: LogName, afterSeq: Int64, firstLeafIndex: UInt64, limit: Int,
                        into page: inout SealedPage) throws {
        try flush(.logLeaves)
        try flush(.merkleNodes)
        page.reset(log: log, firstLeafIndex: firstLeafIndex)
        let keyCount = Int32(LeafHeader.keys(of: log).count)
        // The text as stored: no parsing, no re-encoding (the verifier hashes these bytes).
        try db.forEachRow(Self.recordSelect(log), [.integer(afterSeq), .integer(Int64(limit))]) { records in
            let values = page.append(records, 1, ifNull: "")
            for column in 0..<keyCount { page.header.append(page.append(records, 2 + column, ifNull: "")) }
            page.records.append(SealedPage.Record(seq: records.int(0), values: values, leaf: nil))
        }
        guard !page.records.isEmpty else {
            page.finishNodes()
            return
        }

        // Record k should hold leaf firstLeafIndex + k: read that index range (one range read,
        // not point reads per record), then look up by seq any record whose leaf is not where it
        // should be (deleted, inserted or reordered).
        try db.forEachRow("\(Self.sealedLeafSelect) WHERE log = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                          [.text(log.rawValue), .integer(Int64(firstLeafIndex)),
                           .integer(Int64(firstLeafIndex) + Int64(page.records.count))]) { leaves in
            let offset = UInt64(bitPattern: leaves.int(0)) &- firstLeafIndex
            guard offset < UInt64(page.records.count), page.records[Int(offset)].seq == leaves.int(1) else { return }
            page.records[Int(offset)].leaf = page.leaf(leaves, ifNull: Self.unreadable)
        }
        for position in page.records.indices where page.records[position].leaf == nil {
            try db.forEachRow("\(Self.sealedLeafSelect) WHERE log = ? AND record_seq = ?",
                              [.text(log.rawValue), .integer(page.records[position].seq)]) { leaf in
                page.records[position].leaf = page.leaf(leaf, ifNull: Self.unreadable)
            }
        }

        for (level, indices) in page.nodeRanges.enumerated() {
            page.startNodeLevel()
            // Level 0 is the leaf hashes, read with the leaves above; levels 1 to 3 are not stored.
            guard StoredMerkleLevels.isStored(level: level), !indices.isEmpty else { continue }
            try db.forEachRow("""
                SELECT node_index, hash FROM merkle_nodes
                WHERE log = ? AND level = ? AND node_index >= ? AND node_index < ? ORDER BY node_index
                """, [.text(log.rawValue), .integer(Int64(level)), .integer(Int64(indices.lowerBound)),
                      .integer(Int64(indices.upperBound))]) { nodes in
                page.nodes.append(SealedPage.Node(index: UInt64(bitPattern: nodes.int(0)),
                                                  hash: page.append(nodes, 1, ifNull: Self.unreadable)))
            }
        }
        page.finishNodes()
    }

    public func merkleNodeOutsideTree(log: LogName, size: UInt64) throws -> StrayMerkleNode? {
        try flush(.merkleNodes)
        let top = StrayMerkleNode.topLevel(size: size)
        // Each probe is a range of the primary key (log, level, node_index). Text sorts after
        // every number, so "above" also finds a level or an index that is not a number.
        let lowest = StoredMerkleLevels.lowest
        var probes: [(condition: String, values: [SQLValue])] = [
            ("level < ?", [.integer(Int64(lowest))]), ("level > ?", [.integer(Int64(top))]),
        ]
        if top >= lowest {
            for level in lowest...top {
                if level < top { probes.append(("level > ? AND level < ?", [.integer(Int64(level)), .integer(Int64(level + 1))])) }
                probes.append(("level = ? AND node_index < 0", [.integer(Int64(level))]))
                probes.append(("level = ? AND node_index >= ?", [.integer(Int64(level)), .integer(Int64(size >> UInt64(level)))]))
            }
        }
        for probe in probes {
            let found = try db.query("""
                SELECT CAST(level AS TEXT), CAST(node_index AS TEXT) FROM merkle_nodes WHERE log = ? AND \(probe.condition) LIMIT 1
                """, [.text(log.rawValue)] + probe.values) { StrayMerkleNode(level: $0.text(0) ?? "NULL", index: $0.text(1) ?? "NULL") }
            if let stray = found.first { return stray }
        }
        return nil
    }

    public func merkleNodeCount(log: LogName) throws -> Int {
        try flush(.merkleNodes)
        return Int(try db.query("SELECT count(*) FROM merkle_nodes WHERE log = ?", [.text(log.rawValue)]) { $0.int(0) }.first ?? 0)
    }

    public func recordCount(log: LogName) throws -> Int {
        let table = log == .events ? "events" : "audit_log"
        return Int(try db.query("SELECT count(*) FROM \(table)") { $0.int(0) }.first ?? 0)
    }

    private static func hash(_ row: Database.Row, _ column: Int32, _ table: String) throws -> [UInt8] {
        guard let text = row.text(column), let bytes = [UInt8](hex: text) else {
            throw SQLRowCoding.corrupted(table, "?")
        }
        return bytes
    }
}

extension SealedPage {
    /// Appends a column's text as stored (copied once, from the driver's buffer), or
    /// `fallback` when it is NULL.
    mutating func append<Row: SQLRow>(_ row: Row, _ column: Int32, ifNull fallback: String) -> ByteSpan {
        row.withText(column) { text in text.map { append($0) } ?? append(fallback) }
    }

    /// The leaf of a ``SQLTransaction/sealedLeafSelect`` row, its text appended as stored
    /// (`ifNull` in place of a NULL).
    mutating func leaf<Row: SQLRow>(_ row: Row, ifNull unreadable: String) -> Leaf {
        Leaf(index: UInt64(bitPattern: row.int(0)), leafHash: append(row, 2, ifNull: unreadable),
             chainHash: append(row, 3, ifNull: unreadable), seals: append(row, 4, ifNull: unreadable))
    }
}
