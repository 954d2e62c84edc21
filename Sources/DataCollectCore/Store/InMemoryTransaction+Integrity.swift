import DataCollectIntegrity

extension InMemoryTransaction: IntegrityStore {
    func logHead(_ log: LogName) throws -> LogHead {
        let leaves = state.integrity[log]?.leaves ?? []
        return LogHead(size: UInt64(leaves.count), chainHash: leaves.last?.chainHash ?? HashChain.start)
    }

    func saveSeals(_ seals: [FieldSeal], log: LogName, recordSeq: Int64) throws {
        state.integrity[log, default: InMemoryLog()].seals[recordSeq] = seals
    }

    func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal] {
        state.integrity[log]?.seals[recordSeq] ?? []
    }

    func appendLeaf(_ leaf: LogLeaf, log: LogName) throws {
        var entry = state.integrity[log, default: InMemoryLog()]
        entry.leafIndexBySeq[leaf.recordSeq] = entry.leaves.count
        entry.leaves.append(leaf)
        state.integrity[log] = entry
    }

    func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf? {
        guard let entry = state.integrity[log], let index = entry.leafIndexBySeq[recordSeq] else { return nil }
        return entry.leaves[index]
    }

    func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf] {
        let leaves = state.integrity[log]?.leaves ?? []
        let start = Int(min(fromIndex, UInt64(leaves.count)))
        return Array(leaves[start..<min(leaves.count, start + limit)])
    }

    func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]? {
        state.integrity[log]?.nodes[InMemoryLog.nodeKey(level, index)]
    }

    func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws {
        for node in nodes {
            state.integrity[log, default: InMemoryLog()].nodes[InMemoryLog.nodeKey(node.level, node.index)] = node.hash
        }
    }

    func merkleNodes(log: LogName, after position: (level: Int, index: UInt64)?, limit: Int) throws -> [MerkleNode] {
        let all = (state.integrity[log]?.nodes ?? [:]).compactMap { key, hash -> MerkleNode? in
            let parts = key.split(separator: "/")
            guard parts.count == 2, let level = Int(parts[0]), let index = UInt64(parts[1]) else { return nil }
            return MerkleNode(level: level, index: index, hash: hash)
        }.sorted { ($0.level, $0.index) < ($1.level, $1.index) }
        let remaining = all.filter { node in position.map { (node.level, node.index) > ($0.level, $0.index) } ?? true }
        return Array(remaining.prefix(limit))
    }

    func save(_ checkpoint: StoredCheckpoint) throws { state.checkpoints.append(checkpoint) }

    func checkpoints(log: LogName) throws -> [StoredCheckpoint] {
        state.checkpoints.filter { $0.log == log }
    }

    func save(_ redaction: Redaction) throws { state.redactions.append(redaction) }

    func redactions(log: LogName) throws -> [Redaction] {
        state.redactions.filter { $0.log == log }
    }

    func eraseField(_ field: String, log: LogName, recordSeq: Int64) throws {
        switch log {
        case .events:
            if let index = state.events.firstIndex(where: { $0.seq == recordSeq }) {
                state.events[index].event.data[field] = nil
            }
        case .audit:
            if let index = state.audit.firstIndex(where: { $0.seq == recordSeq }),
               var changes = state.audit[index].entry.changes.objectValue {
                changes[field] = nil
                state.audit[index].entry.changes = .object(changes)
            }
        }
        if var seals = state.integrity[log]?.seals[recordSeq], let index = seals.firstIndex(where: { $0.field == field }) {
            seals[index].salt = nil
            state.integrity[log]?.seals[recordSeq] = seals
        }
    }

    func sealedRecords(log: LogName, afterSeq: Int64, limit: Int) throws -> [SealedRecord] {
        switch log {
        case .events:
            return try events(afterSeq: afterSeq, limit: limit).map { stored in
                SealedRecord(seq: stored.seq, guid: stored.event.guid, header: LeafHeader.event(stored),
                             values: LeafHeader.eventValues(stored), seals: try seals(log: log, recordSeq: stored.seq),
                             leaf: try leaf(log: log, recordSeq: stored.seq))
            }
        case .audit:
            return try auditEntries(afterSeq: afterSeq, limit: limit).map { stored in
                SealedRecord(seq: stored.seq, guid: stored.entry.guid, header: LeafHeader.audit(stored),
                             values: LeafHeader.auditValues(stored), seals: try seals(log: log, recordSeq: stored.seq),
                             leaf: try leaf(log: log, recordSeq: stored.seq))
            }
        }
    }

    func recordCount(log: LogName) throws -> Int {
        log == .events ? state.events.count : state.audit.count
    }
}
