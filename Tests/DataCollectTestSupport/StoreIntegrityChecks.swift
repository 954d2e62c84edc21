public import DataCollectCore
import DataCollectIntegrity

/// Checks that tests of a store's integrity data share (migrations, above all): each throws
/// or returns what the test then asserts.
public enum StoreIntegrityChecks {
    /// Proves every event's inclusion in the store's current log; throws at the first proof
    /// that does not verify.
    public static func proveEveryEvent(_ events: [Event], in store: any DataStore) throws {
        for event in events {
            let proof = try LogProofs.inclusion(ofEvent: event.guid, in: store)
            try MerkleVerification.verifyInclusion(leafHash: proof.leafHash, index: proof.leafIndex, size: proof.treeSize,
                                                   proof: proof.auditPath, root: proof.rootHash)
        }
    }

    /// The events log's seals texts as stored, with the canonical text of what each holds
    /// (equal when the store wrote them as this version writes them).
    public static func sealTexts(in store: any DataStore) throws -> [(stored: String, canonical: String)] {
        try store.read { transaction in
            var page = SealedPage(log: .events)
            try transaction.readSealedPage(log: .events, afterSeq: 0, firstLeafIndex: 0, limit: 10_000, into: &page)
            return page.records.compactMap(\.leaf).map { leaf in
                let text = page.string(leaf.seals)
                return (text, StoredSeals.text(StoredSeals.seals(parsing: text) ?? []))
            }
        }
    }
}
