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
