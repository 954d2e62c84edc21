public import DataCollectCore
import DataCollectIntegrity

/// Checks that tests of a store's integrity data share (migrations, above all): each throws
/// or returns what the test then asserts.
public enum StoreIntegrityChecks {
    /// Individual `e<index>` with three fields (name, phone, age): the events these checks seal.
    public static func threeFieldEvent(_ index: Int) -> Event {
        Event(guid: "e\(index)", entityGuid: "p\(index)", type: "create-individual",
              data: ["name": .string("Person \(index)"), "phone": .string("0700 \(index)"), "age": .number(JSONNumber(20 + index))],
              timestamp: EventTimestamp(epochMilliseconds: 1_704_067_200_000 + Int64(index)), userId: "u1")
    }

    /// What a store says of its events log: the verify report and the seals of records 1…9.
    public struct Sealed: Equatable {
        public var report: IntegrityReport
        public var seals: [Int64: [FieldSeal]]
    }

    /// Submits `events` (at least four), redacts the phone of `e4`, and reads what the store
    /// then says.
    public static func sealWithARedaction(_ events: [Event], in store: any DataStore) throws -> Sealed {
        let manager = EntityDataManager(store: store)
        try manager.submit(events)
        try manager.redact(eventGuid: "e4", fields: ["phone"], reason: "retention", policyRun: "run-1", actor: "officer-1")
        return try sealed(store)
    }

    /// The verify report and the seals of records 1…9.
    public static func sealed(_ store: any DataStore) throws -> Sealed {
        Sealed(report: try IntegrityVerifier().verify(store),
               seals: try store.read { try $0.seals(log: .events, recordSeqs: Array(1...9)) })
    }

    /// Proves every event's inclusion in the store's current log; throws at the first proof
    /// that does not verify.
    public static func proveEveryEvent(_ events: [Event], in store: any DataStore) throws {
        for event in events {
            let proof = try LogProofs.inclusion(ofEvent: event.guid, in: store)
            try MerkleVerification.verifyInclusion(leafHash: proof.leafHash, index: proof.leafIndex, size: proof.treeSize,
                                                   proof: proof.auditPath, root: proof.rootHash)
        }
    }

    /// What a migrated store says: its report and seals, how many seals texts it holds and how
    /// many of them are not the canonical text this version writes.
    public struct Migrated {
        public var sealed: Sealed
        public var sealTexts: Int
        public var nonCanonicalSealTexts: Int
    }

    /// Reads what a migrated store says, after proving every event's inclusion (throwing at
    /// the first proof that does not verify).
    public static func migrated(_ store: any DataStore, events: [Event]) throws -> Migrated {
        try proveEveryEvent(events, in: store)
        let texts = try sealTexts(in: store)
        return Migrated(sealed: try sealed(store), sealTexts: texts.count,
                        nonCanonicalSealTexts: texts.filter { $0.stored != $0.canonical }.count)
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

    /// The nodes of levels 1 to 3 of every log, as SQL row values `('log', level, index, 'hex')`
    /// for `merkle_nodes`: what versions before migration 7 stored.
    public static func unstoredNodeRows(in store: any DataStore) throws -> [String] {
        try store.read { transaction in
            var rows: [String] = []
            for log in [LogName.events, .audit] {
                let size = try transaction.logHead(log).size
                for level in 1..<StoredMerkleLevels.lowest where size >> UInt64(level) > 0 {
                    for node in try transaction.merkleNodes(log: log, level: level, indexes: 0...((size >> UInt64(level)) - 1)) {
                        rows.append("('\(log.rawValue)', \(level), \(node.index), '\(node.hash.hexString)')")
                    }
                }
            }
            return rows
        }
    }
}
