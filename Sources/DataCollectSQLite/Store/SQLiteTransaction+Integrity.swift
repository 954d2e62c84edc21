import DataCollectCore
import DataCollectIntegrity

/// The integrity tables (`record_seals`, `log_leaves`, `merkle_nodes`, `checkpoints`,
/// `redactions`); hashes are stored as lowercase hex so the `sqlite3` shell shows them.
extension SQLiteTransaction: IntegrityStore {
    func logHead(_ log: LogName) throws -> LogHead {
        let rows = try db.query("""
            SELECT leaf_index, chain_hash FROM log_leaves WHERE log = ? ORDER BY leaf_index DESC LIMIT 1
            """, [.text(log.rawValue)]) { (UInt64($0.int(0)), try Self.hash($0, 1, "log_leaves")) }
        guard let (index, chain) = rows.first else { return LogHead(size: 0, chainHash: HashChain.start) }
        return LogHead(size: index + 1, chainHash: chain)
    }

    func saveSeals(_ seals: [FieldSeal], log: LogName, recordSeq: Int64) throws {
        for seal in seals {
            try db.run("INSERT INTO record_seals (log, record_seq, field, salt, commitment) VALUES (?, ?, ?, ?, ?)",
                       [.text(log.rawValue), .integer(recordSeq), .text(seal.field),
                        seal.salt.map { .text($0.hexString) } ?? .null, .text(seal.commitment.hexString)])
        }
    }

    func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal] {
        try db.query("SELECT field, salt, commitment FROM record_seals WHERE log = ? AND record_seq = ? ORDER BY field",
                     [.text(log.rawValue), .integer(recordSeq)]) { row in
            let salt = try row.text(1).map { text -> [UInt8] in
                guard let bytes = [UInt8](hex: text) else { throw SQLiteRowCoding.corrupted("record_seals", String(recordSeq)) }
                return bytes
            }
            return FieldSeal(field: row.text(0) ?? "", salt: salt, commitment: try Self.hash(row, 2, "record_seals"))
        }
    }

    func appendLeaf(_ leaf: LogLeaf, log: LogName) throws {
        try db.run("INSERT INTO log_leaves (log, leaf_index, record_seq, leaf_hash, chain_hash) VALUES (?, ?, ?, ?, ?)",
                   [.text(log.rawValue), .integer(Int64(leaf.index)), .integer(leaf.recordSeq),
                    .text(leaf.leafHash.hexString), .text(leaf.chainHash.hexString)])
    }

    private static let leafSelect = "SELECT leaf_index, record_seq, leaf_hash, chain_hash FROM log_leaves"

    private static func leaf(_ row: SQLiteStatement) throws -> LogLeaf {
        LogLeaf(index: UInt64(row.int(0)), recordSeq: row.int(1), leafHash: try hash(row, 2, "log_leaves"),
                chainHash: try hash(row, 3, "log_leaves"))
    }

    func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf? {
        try db.query("\(Self.leafSelect) WHERE log = ? AND record_seq = ?", [.text(log.rawValue), .integer(recordSeq)],
                     Self.leaf).first
    }

    func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf] {
        try db.query("\(Self.leafSelect) WHERE log = ? AND leaf_index >= ? ORDER BY leaf_index LIMIT ?",
                     [.text(log.rawValue), .integer(Int64(fromIndex)), .integer(Int64(limit))], Self.leaf)
    }

    func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]? {
        try db.query("SELECT hash FROM merkle_nodes WHERE log = ? AND level = ? AND node_index = ?",
                     [.text(log.rawValue), .integer(Int64(level)), .integer(Int64(index))]) {
            try Self.hash($0, 0, "merkle_nodes")
        }.first
    }

    func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws {
        for node in nodes {
            try db.run("INSERT INTO merkle_nodes (log, level, node_index, hash) VALUES (?, ?, ?, ?)",
                       [.text(log.rawValue), .integer(Int64(node.level)), .integer(Int64(node.index)),
                        .text(node.hash.hexString)])
        }
    }

    func merkleNodes(log: LogName, after position: (level: Int, index: UInt64)?, limit: Int) throws -> [MerkleNode] {
        // One level at a time, so every page is an index range read (an OR across levels made
        // SQLite scan the table for each page).
        var level = Int64(position?.level ?? 0)
        var after = position.map { Int64($0.index) } ?? -1
        let maxLevel = try db.query("SELECT max(level) FROM merkle_nodes WHERE log = ?", [.text(log.rawValue)]) {
            $0.text(0) == nil ? -1 : $0.int(0)
        }.first ?? -1
        while level <= maxLevel {
            let page = try db.query("""
                SELECT level, node_index, hash FROM merkle_nodes
                WHERE log = ? AND level = ? AND node_index > ? ORDER BY node_index LIMIT ?
                """, [.text(log.rawValue), .integer(level), .integer(after), .integer(Int64(limit))]) {
                MerkleNode(level: Int($0.int(0)), index: UInt64($0.int(1)), hash: try Self.hash($0, 2, "merkle_nodes"))
            }
            if !page.isEmpty { return page }
            level += 1
            after = -1
        }
        return []
    }

    func save(_ checkpoint: StoredCheckpoint) throws {
        try db.run("INSERT INTO checkpoints (log, tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?, ?)",
                   [.text(checkpoint.log.rawValue), .integer(Int64(checkpoint.size)), .text(checkpoint.rootHash.hexString),
                    .text(checkpoint.note), .text(checkpoint.createdAt.iso8601)])
    }

    func checkpoints(log: LogName) throws -> [StoredCheckpoint] {
        try db.query("SELECT tree_size, root_hash, note, created_at FROM checkpoints WHERE log = ? ORDER BY id",
                     [.text(log.rawValue)]) { row in
            guard let createdAt = row.text(3).flatMap(EventTimestamp.init(parsing:)) else {
                throw SQLiteRowCoding.corrupted("checkpoints", String(row.int(0)))
            }
            return StoredCheckpoint(log: log, size: UInt64(row.int(0)), rootHash: try Self.hash(row, 1, "checkpoints"),
                                    note: row.text(2) ?? "", createdAt: createdAt)
        }
    }

    func save(_ redaction: Redaction) throws {
        try db.run("""
            INSERT INTO redactions (log, record_seq, field, policy_run, reason, redacted_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (log, record_seq, field) DO NOTHING
            """, [.text(redaction.log.rawValue), .integer(redaction.recordSeq), .text(redaction.field),
                  .text(redaction.policyRun), .text(redaction.reason), .text(redaction.redactedAt.iso8601)])
    }

    func redactions(log: LogName) throws -> [Redaction] {
        try db.query("""
            SELECT record_seq, field, policy_run, reason, redacted_at FROM redactions WHERE log = ? ORDER BY record_seq, field
            """, [.text(log.rawValue)]) { row in
            guard let at = row.text(4).flatMap(EventTimestamp.init(parsing:)) else {
                throw SQLiteRowCoding.corrupted("redactions", String(row.int(0)))
            }
            return Redaction(log: log, recordSeq: row.int(0), field: row.text(1) ?? "", policyRun: row.text(2) ?? "",
                             reason: row.text(3) ?? "", redactedAt: at)
        }
    }

    func eraseField(_ field: String, log: LogName, recordSeq: Int64) throws {
        let table = log == .events ? "events" : "audit_log"
        let column = log == .events ? "data" : "changes"
        let current = try db.query("SELECT \(column) FROM \(table) WHERE seq = ?", [.integer(recordSeq)]) {
            try? JSONParser.parse($0.bytes(0))
        }.first ?? nil
        guard var object = current?.objectValue else { return }
        object[field] = nil
        try db.run("UPDATE \(table) SET \(column) = ? WHERE seq = ?",
                   [.text(JSONValue.object(object).canonicalString), .integer(recordSeq)])
        try db.run("UPDATE record_seals SET salt = NULL WHERE log = ? AND record_seq = ? AND field = ?",
                   [.text(log.rawValue), .integer(recordSeq), .text(field)])
    }

    func sealedRecords(log: LogName, afterSeq: Int64, limit: Int) throws -> [SealedRecord] {
        let records: [(seq: Int64, guid: String, header: [String: JSONValue], values: [String: JSONValue])]
        switch log {
        case .events:
            records = try events(afterSeq: afterSeq, limit: limit).map {
                ($0.seq, $0.event.guid, LeafHeader.event($0), LeafHeader.eventValues($0))
            }
        case .audit:
            records = try auditEntries(afterSeq: afterSeq, limit: limit).map {
                ($0.seq, $0.entry.guid, LeafHeader.audit($0), LeafHeader.auditValues($0))
            }
        }
        guard let first = records.first?.seq, let last = records.last?.seq else { return [] }
        // Two range reads per page instead of two point reads per record.
        var seals: [Int64: [FieldSeal]] = [:]
        let sealRows = try db.query("""
            SELECT record_seq, field, salt, commitment FROM record_seals
            WHERE log = ? AND record_seq BETWEEN ? AND ? ORDER BY record_seq, field
            """, [.text(log.rawValue), .integer(first), .integer(last)]) { row -> (Int64, FieldSeal) in
            let salt = try row.text(2).map { text -> [UInt8] in
                guard let bytes = [UInt8](hex: text) else { throw SQLiteRowCoding.corrupted("record_seals", String(row.int(0))) }
                return bytes
            }
            return (row.int(0), FieldSeal(field: row.text(1) ?? "", salt: salt, commitment: try Self.hash(row, 3, "record_seals")))
        }
        for (seq, seal) in sealRows { seals[seq, default: []].append(seal) }
        var leaves: [Int64: LogLeaf] = [:]
        for leaf in try db.query("\(Self.leafSelect) WHERE log = ? AND record_seq BETWEEN ? AND ?",
                                 [.text(log.rawValue), .integer(first), .integer(last)], Self.leaf) {
            leaves[leaf.recordSeq] = leaf
        }
        return records.map { record in
            SealedRecord(seq: record.seq, guid: record.guid, header: record.header, values: record.values,
                         seals: seals[record.seq] ?? [], leaf: leaves[record.seq])
        }
    }

    func recordCount(log: LogName) throws -> Int {
        let table = log == .events ? "events" : "audit_log"
        return Int(try db.query("SELECT count(*) FROM \(table)") { $0.int(0) }.first ?? 0)
    }

    private static func hash(_ row: SQLiteStatement, _ column: Int32, _ table: String) throws -> [UInt8] {
        guard let text = row.text(column), let bytes = [UInt8](hex: text) else {
            throw SQLiteRowCoding.corrupted(table, "?")
        }
        return bytes
    }
}
