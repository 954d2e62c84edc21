public import DataCollectCore
import DataCollectIntegrity

/// Rows for the append-only tables that every append writes (log leaves with their seals,
/// Merkle nodes, entity versions, event touches), held by a write transaction until it reads
/// that table or commits, then sent as multi-row `INSERT`s: a few statements per table, not
/// one per record. On PostgreSQL each statement is a round trip; a push of 1,000 events wrote
/// about 4,000 of them here. ``SQLTransaction`` flushes a table before any statement that
/// reads or changes it, and its store flushes everything before `COMMIT`, so nothing else
/// ever sees the difference.
///
/// It also remembers, for the transaction's life, each log's head and the Merkle nodes the
/// appends computed (written or, below ``StoredMerkleLevels/lowest``, not stored at all), which
/// the next append reads back: those reads were another two round trips per record.
final class PendingRows {
    enum Table: CaseIterable {
        case logLeaves, merkleNodes, entityVersions, eventTouches
    }

    struct NodeKey: Hashable {
        let log: LogName
        let level: Int
        let index: UInt64
    }

    /// Rows a table holds before it is sent anyway, so a long transaction (a full import or
    /// rebuild) keeps bounded memory.
    static let flushThreshold = 2_000
    /// Nodes remembered before the memory is dropped (after the nodes are sent).
    static let nodeMemoryLimit = 8_192

    private(set) var rows: [Table: [[SQLValue]]] = [:]
    var heads: [LogName: LogHead] = [:]
    /// Events whose stored status is known to be `applied` in this transaction: the batch
    /// append inserts new events as `applied` (the fold's usual verdict, decided before
    /// commit), so only the events the fold leaves pending or skipped need an `UPDATE`.
    var storedApplied: Set<String> = []
    private(set) var nodes: [NodeKey: [UInt8]] = [:]

    func add(_ row: [SQLValue], to table: Table) {
        rows[table, default: []].append(row)
    }

    func count(_ table: Table) -> Int { rows[table]?.count ?? 0 }

    /// The table's rows, removed from the buffer.
    func take(_ table: Table) -> [[SQLValue]] {
        rows.removeValue(forKey: table) ?? []
    }

    func remember(_ node: MerkleNode, log: LogName) {
        nodes[NodeKey(log: log, level: node.level, index: node.index)] = node.hash
    }

    func node(log: LogName, level: Int, index: UInt64) -> [UInt8]? {
        nodes[NodeKey(log: log, level: level, index: index)]
    }

    /// Drops the remembered nodes once there are many; call only when none is waiting to be sent.
    func forgetNodesIfMany() {
        if nodes.count > Self.nodeMemoryLimit { nodes.removeAll(keepingCapacity: true) }
    }
}
