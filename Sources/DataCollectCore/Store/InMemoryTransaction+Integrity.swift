import DataCollectIntegrity

extension InMemoryTransaction: IntegrityStore {
    func logHead(_ log: LogName) throws -> LogHead {
        let leaves = state.integrity[log]?.leaves ?? []
        return LogHead(size: UInt64(leaves.count), chainHash: leaves.last?.chainHash ?? HashChain.start)
    }

    func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal] {
        state.integrity[log]?.seals[recordSeq] ?? []
    }

    func seals(log: LogName, recordSeqs: [Int64]) throws -> [Int64: [FieldSeal]] {
        var found: [Int64: [FieldSeal]] = [:]
        for seq in recordSeqs { if let seals = state.integrity[log]?.seals[seq] { found[seq] = seals } }
        return found
    }

    func appendLeaf(_ leaf: LogLeaf, seals: [FieldSeal], log: LogName) throws {
        var entry = state.integrity[log, default: InMemoryLog()]
        entry.seals[leaf.recordSeq] = seals
        entry.leafIndexBySeq[leaf.recordSeq] = entry.leaves.count
        entry.leaves.append(leaf)
        state.integrity[log] = entry
    }

    func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf? {
        guard let entry = state.integrity[log], let index = entry.leafIndexBySeq[recordSeq] else { return nil }
        return entry.leaves[index]
    }

    func leaves(log: LogName, recordSeqs: [Int64]) throws -> [Int64: LogLeaf] {
        var found: [Int64: LogLeaf] = [:]
        for seq in recordSeqs { if let leaf = try leaf(log: log, recordSeq: seq) { found[seq] = leaf } }
        return found
    }

    func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf] {
        let leaves = state.integrity[log]?.leaves ?? []
        let start = Int(min(fromIndex, UInt64(leaves.count)))
        return Array(leaves[start..<min(leaves.count, start + limit)])
    }

    func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]? {
        try merkleNodes(log: log, level: level, indexes: index...index).first?.hash
    }

    func merkleNodes(log: LogName, level: Int, indexes: ClosedRange<UInt64>) throws -> [MerkleNode] {
        guard StoredMerkleLevels.isStored(level: level) else {
            let leaves = state.integrity[log]?.leaves ?? []
            let under = StoredMerkleLevels.leafIndexes(under: indexes, level: level)
            guard under.lowerBound < UInt64(leaves.count) else { return [] }
            let hashes = leaves[Int(under.lowerBound)...Int(min(under.upperBound, UInt64(leaves.count) - 1))]
                .map { MerkleNode(level: 0, index: $0.index, hash: $0.leafHash) }
            return level == 0 ? hashes : StoredMerkleLevels.recomputed(level: level, from: hashes)
        }
        let nodes = state.integrity[log]?.nodes ?? [:]
        return indexes.compactMap { index in
            nodes[InMemoryLog.nodeKey(level, index)].map { MerkleNode(level: level, index: index, hash: $0) }
        }
    }

    func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws {
        for node in nodes where StoredMerkleLevels.isStored(level: node.level) {
            state.integrity[log, default: InMemoryLog()].nodes[InMemoryLog.nodeKey(node.level, node.index)] = node.hash
        }
    }

    func save(_ checkpoint: StoredCheckpoint) throws { state.checkpoints.append(checkpoint) }

    func checkpoints(log: LogName) throws -> [StoredCheckpoint] {
        state.checkpoints.filter { $0.log == log }
    }

    func save(_ redaction: Redaction) throws { state.redactions.append(redaction) }

    func redactions(log: LogName) throws -> [Redaction] {
        state.redactions.filter { $0.log == log }
    }

    func eraseFields(_ fields: [String], log: LogName, recordSeq: Int64) throws {
        switch log {
        case .events:
            if let index = state.events.firstIndex(where: { $0.seq == recordSeq }) {
                for field in fields { state.events[index].event.data[field] = nil }
            }
        case .audit:
            if let index = state.audit.firstIndex(where: { $0.seq == recordSeq }),
               var changes = state.audit[index].entry.changes.objectValue {
                for field in fields { changes[field] = nil }
                state.audit[index].entry.changes = .object(changes)
            }
        }
        if var seals = state.integrity[log]?.seals[recordSeq] {
            StoredSeals.removeSalts(of: fields, from: &seals)
            state.integrity[log]?.seals[recordSeq] = seals
        }
    }

    func readSealedPage(log: LogName, afterSeq: Int64, firstLeafIndex: UInt64, limit: Int,
                        into page: inout SealedPage) throws {
        // Laid out as the SQLite store keeps them: values and seals as canonical JSON, hashes as hex.
        page.reset(log: log, firstLeafIndex: firstLeafIndex)
        func add(seq: Int64, header: [String: JSONValue], values: [UInt8]) throws {
            let valueSpan = page.append(values)
            for key in LeafHeader.keys(of: log) { page.header.append(page.append(header[key]?.stringValue ?? "")) }
            let leaf = try leaf(log: log, recordSeq: seq).map {
                SealedPage.Leaf(index: $0.index, leafHash: page.append($0.leafHash.hexString),
                                chainHash: page.append($0.chainHash.hexString),
                                seals: page.append(StoredSeals.text(try seals(log: log, recordSeq: seq))))
            }
            page.records.append(SealedPage.Record(seq: seq, values: valueSpan, leaf: leaf))
        }
        switch log {
        case .events:
            for stored in try events(afterSeq: afterSeq, limit: limit) {
                try add(seq: stored.seq, header: LeafHeader.event(stored),
                        values: JSONValue.object(LeafHeader.eventValues(stored)).canonicalBytes)
            }
        case .audit:
            // `changes` itself: one that is not an object is committed as the field "value".
            for stored in try auditEntries(afterSeq: afterSeq, limit: limit) {
                try add(seq: stored.seq, header: LeafHeader.audit(stored), values: stored.entry.changes.canonicalBytes)
            }
        }
        let nodes = state.integrity[log]?.nodes ?? [:]
        for (level, indices) in page.nodeRanges.enumerated() {
            page.startNodeLevel()
            guard StoredMerkleLevels.isStored(level: level) else { continue }
            for index in indices {
                guard let hash = nodes[InMemoryLog.nodeKey(level, index)] else { continue }
                page.nodes.append(SealedPage.Node(index: index, hash: page.append(hash.hexString)))
            }
        }
        page.finishNodes()
    }

    func merkleNodeCount(log: LogName) throws -> Int {
        state.integrity[log]?.nodes.count ?? 0
    }

    func merkleNodeOutsideTree(log: LogName, size: UInt64) throws -> StrayMerkleNode? {
        let top = StrayMerkleNode.topLevel(size: size)
        let keys = state.integrity[log].map { Array($0.nodes.keys) } ?? []
        for key in keys.sorted() {
            let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let level = Int(parts[0]), let index = UInt64(parts[1]),
                  StoredMerkleLevels.isStored(level: level), level <= top, index < size >> UInt64(level)
            else { return StrayMerkleNode(level: parts[0], index: parts.count > 1 ? parts[1] : "") }
        }
        return nil
    }

    func recordCount(log: LogName) throws -> Int {
        log == .events ? state.events.count : state.audit.count
    }
}
