import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Testing

/// The tamper-evident logs behave the same on every store.
@Suite("Tamper-evident logs", .serialized)
struct IntegrityLogTests {
    static let signer: NoteSigner = {
        // The published test key of golang.org/x/mod/sumdb/note.
        (try? NoteSigner(privateKeyText: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"))!
    }()

    func sealedManager(_ kind: StoreKind) throws -> EntityDataManager {
        let manager = try kind.makeManager()
        try manager.store.write { transaction in
            try transaction.setMetadata(IntegrityMetadata.origin, "datacollect/test")
            try transaction.setMetadata(IntegrityMetadata.verifierKey, Self.signer.verifierKey)
        }
        try manager.submit(EventGenerator(households: 15, seed: 3).generate().events)
        return manager
    }

    @Test("every event and audit entry is sealed, and the logs verify", arguments: StoreKind.allCases)
    func sealedAndIntact(kind: StoreKind) throws {
        let manager = try sealedManager(kind)
        _ = try CheckpointWriter(signer: Self.signer).checkpoint(manager.store, at: EventTimestamp(epochMilliseconds: 0))
        let report = try IntegrityVerifier(verifierKey: Self.signer.verifierKey).verify(manager.store)
        #expect(report.isIntact, "\(String(describing: report.failure))")
        let events = try #require(report.logs.first { $0.log == .events })
        #expect(events.recordsChecked == (try manager.store.read { try $0.eventCount() }))
        #expect(events.checkpointsChecked == 1)
        #expect(try #require(report.logs.first { $0.log == .audit }).recordsChecked > events.recordsChecked)
    }

    @Test("the stored nodes give the same root as a tree built from the leaves", arguments: StoreKind.allCases)
    func storedRootMatchesInMemoryTree(kind: StoreKind) throws {
        let manager = try sealedManager(kind)
        try manager.store.read { transaction in
            let leaves = try transaction.leaves(log: .events, fromIndex: 0, limit: 100_000)
            var tree = InMemoryMerkleTree()
            for leaf in leaves { tree.append(leafHash: leaf.leafHash) }
            let stored = try MerkleLog.root(size: UInt64(leaves.count), reader: StoredMerkleNodes(store: transaction, log: .events))
            #expect(stored == tree.root())
        }
    }

    /// Levels 1 to 3 are recomputed from the leaves, the others are rows (``StoredMerkleLevels``):
    /// at every size, whether the appends were in this transaction or committed before, each
    /// node of the tree reads as the tree's own, a node not yet complete reads as absent, range
    /// reads give the same, only the stored levels are rows, and every proof is the tree's.
    @Test("every node reads as the tree's, stored or recomputed, at every size to 70", arguments: StoreKind.allCases)
    func nodesAtEveryLevelAndSize(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var tree = InMemoryMerkleTree()
        var recordSeq: Int64 = 0
        // Batches of 1 to 7 appends per transaction, so reads cross the pending and the committed.
        for batch in [1, 2, 7, 3, 5, 4, 6, 1, 7, 7, 2, 5, 6, 7, 7] {
            try store.write { transaction in
                for _ in 0..<batch {
                    recordSeq += 1
                    try LogAppender().append(log: .events, recordSeq: recordSeq, header: ["guid": .string("e\(recordSeq)")],
                                             values: ["n": .string("value \(recordSeq)")], in: transaction)
                }
                for leaf in try transaction.leaves(log: .events, fromIndex: tree.size, limit: batch) { tree.append(leafHash: leaf.leafHash) }
            }
            let size = tree.size
            try store.read { transaction throws -> Void in
                var rows = 0
                for level in 0...(StrayMerkleNode.topLevel(size: size) + 1) {
                    let complete = size >> UInt64(level)
                    for index in 0..<complete {
                        #expect(try transaction.merkleNode(log: .events, level: level, index: index) == (try tree.node(level: level, index: index)),
                                "size \(size), level \(level), index \(index)")
                    }
                    #expect(try transaction.merkleNode(log: .events, level: level, index: complete) == nil)
                    let read = try transaction.merkleNodes(log: .events, level: level, indexes: 0...(complete + 1))
                    #expect(read.map(\.index) == Array(0..<complete))
                    #expect(try read.allSatisfy { try $0.hash == tree.node(level: level, index: $0.index) })
                    if StoredMerkleLevels.isStored(level: level) { rows += Int(complete) }
                }
                #expect(try transaction.merkleNodeCount(log: .events) == rows)
                #expect(try transaction.merkleNodeOutsideTree(log: .events, size: size) == nil)
            }
        }
        try #require(tree.size == 70)
        try store.read { transaction throws -> Void in
            let stored = StoredMerkleNodes(store: transaction, log: .events)
            // Sizes around the stored levels' edges (16 leaves per level-4 node) and the last.
            for size: UInt64 in [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 70] {
                #expect(try MerkleLog.root(size: size, reader: stored) == MerkleLog.root(size: size, reader: tree))
                for index in 0..<size {
                    #expect(try MerkleLog.inclusionProof(index: index, size: size, reader: stored)
                            == MerkleLog.inclusionProof(index: index, size: size, reader: tree))
                }
                for from in 1...size {
                    #expect(try MerkleLog.consistencyProof(from: from, to: size, reader: stored)
                            == MerkleLog.consistencyProof(from: from, to: size, reader: tree))
                }
            }
        }
    }

    /// A pulled page's proofs come from one read (leaves as a range, nodes a level at a time):
    /// each is the proof the single-event function gives, and verifies against the root of that
    /// size; an event beyond the size gets none.
    @Test("a page's inclusion proofs are each event's own proof", arguments: StoreKind.allCases)
    func pageProofsEqualSingleProofs(kind: StoreKind) throws {
        let manager = try sealedManager(kind)
        let (events, logSize) = try manager.sealedEvents(afterSeq: 20, limit: 37)
        let page = events.map(\.0)
        // The whole log, a smaller tree, and a tree that ends in the middle of the page.
        for proofSize in [logSize, logSize - 5, UInt64(page.count / 2 + 21)] {
            let proofs = try manager.store.read { try LogProofs.inclusions(of: page, size: proofSize, in: $0) }
            var proven = 0
            for event in page {
                guard let proof = proofs[event.event.guid] else { continue }
                proven += 1
                #expect(proof == (try LogProofs.inclusion(ofEvent: event.event.guid, size: proofSize, in: manager.store)))
                #expect(throws: Never.self) {
                    try MerkleVerification.verifyInclusion(leafHash: proof.leafHash, index: proof.leafIndex, size: proofSize,
                                                           proof: proof.auditPath, root: proof.rootHash)
                }
            }
            #expect(proven == (try manager.store.read { transaction in
                try page.filter { try #require(try transaction.leaf(log: .events, recordSeq: $0.seq)).index < proofSize }.count
            }))
        }
        #expect(throws: DataCollectError.self) {
            try manager.store.read { try LogProofs.inclusions(of: page, size: logSize + 1, in: $0) }
        }
    }

    /// Audit entries far apart (the `redact-event` entries of policy runs months apart) are
    /// proven in one read too: the nodes are read around each run of neighbours, never across
    /// the log between them. Each proof is the one a tree built from the leaves gives.
    @Test("scattered audit entries are proven against the audit log", arguments: StoreKind.allCases)
    func scatteredAuditProofs(kind: StoreKind) throws {
        let manager = try sealedManager(kind)
        try manager.store.read { transaction in
            let entries = try transaction.auditEntries(afterSeq: 0, limit: 100_000)
            let leaves = try transaction.leaves(log: .audit, fromIndex: 0, limit: 100_000)
            try #require(leaves.count == entries.count && entries.count > 120)
            var tree = InMemoryMerkleTree()
            for leaf in leaves { tree.append(leafHash: leaf.leafHash) }
            // A run of neighbours, two strays far apart, the last entry; one beyond the tree.
            let chosen = Array(entries[10 ..< 20]) + [entries[40], entries[41 + 70], entries[entries.count - 1]]
            let size = UInt64(entries.count - 1)
            let proofs = try LogProofs.inclusions(of: chosen, size: size, in: transaction)
            #expect(proofs.count == chosen.count - 1)
            #expect(proofs[entries[entries.count - 1].entry.guid] == nil)
            for entry in chosen.dropLast() {
                let proof = try #require(proofs[entry.entry.guid])
                let leaf = try #require(try transaction.leaf(log: .audit, recordSeq: entry.seq))
                #expect(proof.log == .audit && proof.leafIndex == leaf.index && proof.leafHash == leaf.leafHash)
                #expect(proof.auditPath == (try MerkleLog.inclusionProof(index: leaf.index, size: size, reader: tree)))
                #expect(proof.rootHash == (try MerkleLog.root(size: size, reader: tree)))
            }
        }
        #expect(NeighbourhoodMerkleNodes.runs(of: [300, 5, 6, 6, 8, 8 + 64, 8 + 64 + 65]) == [5 ..< 73, 137 ..< 138, 300 ..< 301])
    }

    @Test("redaction erases values everywhere and changes no root", arguments: StoreKind.allCases)
    func redaction(kind: StoreKind) throws {
        let manager = try sealedManager(kind)
        let before = try IntegrityVerifier(verifierKey: Self.signer.verifierKey).verify(manager.store)
        // A household whose income and village no later event sets again, so both must vanish.
        let events = try manager.events(limit: 10_000).events.map(\.event)
        let target = try #require(events.first { created in
            created.type == "create-group" && !events.contains { later in
                later.entityGuid == created.entityGuid && later.guid != created.guid
                    && (later.data["monthlyIncome"] != nil || later.data["village"] != nil)
            }
        })
        let result = try manager.redact(eventGuid: target.guid, fields: ["monthlyIncome", "village"], reason: "test",
                                        policyRun: "run-1", actor: "officer")
        #expect(result.eventFields == ["monthlyIncome", "village"])
        #expect(!result.auditFields.isEmpty)
        let after = try IntegrityVerifier(verifierKey: Self.signer.verifierKey).verify(manager.store)
        #expect(after.isIntact, "\(String(describing: after.failure))")
        #expect(after.logs.first { $0.log == .events }?.rootHash == before.logs.first { $0.log == .events }?.rootHash)
        #expect(after.logs.first { $0.log == .events }?.redactedFieldsByPolicyRun["run-1"] == 2)
        let group = try manager.entity(target.entityGuid).pair.modified
        #expect(group.data["village"] == nil)
        #expect(group.data["monthlyIncome"] == nil)
        #expect(group.memberIds.count > 0, "membership is structure, not an erased value")
        for entry in try manager.store.read({ try $0.auditEntries(eventGuid: target.guid) }) {
            #expect(entry.entry.changes["village"] == nil)
            #expect(entry.entry.changes["monthlyIncome"] == nil)
        }
    }
}
