import DataCollectCore
import DataCollectIntegrity

/// A pulled event that passed every check, with its place in the server's log.
struct VerifiedEvent: Sendable, Hashable {
    /// The event with the server's `seq` and `recordedAt`.
    var stored: StoredEvent
    var leafIndex: UInt64
    /// Fields a policy run on the server erased (sealed without salt or value).
    var erasedFields: [String] = []
}

/// Checks one pulled sealed record against a verified checkpoint, as `datacollect verify` checks
/// a stored one: each value against its salted commitment, the leaf recomputed from the header
/// and the commitments with the very functions the server's ``LogAppender`` used, and the RFC
/// 9162 inclusion proof of that leaf against the checkpoint's root. The leaf must also be the
/// next one expected, so that the server cannot leave events out.
enum PulledEventVerification {
    static func verify(_ record: JSONValue, expectedLeaf: UInt64, afterSeq: Int64,
                       checkpoint: Checkpoint) throws(SyncIntegrityError) -> VerifiedEvent {
        let stored: StoredEvent
        let seals: [FieldSeal]
        do {
            (stored, seals) = try SealedRecordCoding.storedEvent(record)
        } catch {
            throw SyncIntegrityError(.malformedRecord, message: "A pulled record is not a sealed event: \(error)",
                                     serverSeq: record["seq"]?.numberValue?.intValue.map(Int64.init))
        }
        let seq = stored.seq
        guard seq > afterSeq else {
            throw SyncIntegrityError(.malformedRecord, message: "The server sent an event at or before the requested cursor \(afterSeq).", serverSeq: seq)
        }
        let proof = try inclusionProof(record, seq: seq, checkpoint: checkpoint)
        guard proof.leafIndex <= expectedLeaf else {
            throw SyncIntegrityError(.eventsWithheld, message: "The server sent leaf \(proof.leafIndex) where leaf \(expectedLeaf) was expected: events of its log were left out.", serverSeq: seq)
        }
        guard proof.leafIndex == expectedLeaf else {
            throw SyncIntegrityError(.malformedRecord, message: "The server sent leaf \(proof.leafIndex) again; leaf \(expectedLeaf) was expected.", serverSeq: seq)
        }
        let commitments = try checkSeals(seals, of: stored.event, seq: seq)
        let leafHash = MerkleHashing.leafHash(LeafInput.bytes(log: LogName.events.rawValue, header: LeafHeader.event(stored),
                                                              commitments: commitments))
        do {
            try MerkleVerification.verifyInclusion(leafHash: leafHash, index: proof.leafIndex, size: checkpoint.size,
                                                   proof: proof.auditPath, root: checkpoint.rootHash)
        } catch {
            throw SyncIntegrityError(.eventNotInLog, message: "The event is not the one the signed log holds at leaf \(proof.leafIndex) (its header or commitments differ): \(error)", serverSeq: seq)
        }
        return VerifiedEvent(stored: stored, leafIndex: proof.leafIndex,
                             erasedFields: seals.filter { $0.salt == nil }.map(\.field).sorted())
    }

    /// Every value must match its seal; a seal without salt (redacted by a policy) must have no
    /// value. Returns the commitments by field, as the leaf holds them.
    private static func checkSeals(_ seals: [FieldSeal], of event: Event, seq: Int64) throws(SyncIntegrityError) -> [String: [UInt8]] {
        var byField: [String: FieldSeal] = [:]
        for seal in seals {
            guard byField.updateValue(seal, forKey: seal.field) == nil else {
                throw SyncIntegrityError(.malformedRecord, message: "The field \"\(seal.field)\" is sealed twice.", serverSeq: seq)
            }
        }
        for (field, value) in event.data.sorted(by: { $0.key < $1.key }) {
            guard let seal = byField[field] else {
                throw SyncIntegrityError(.eventAltered, message: "The field \"\(field)\" has no commitment: it was added after the event was sealed.", serverSeq: seq)
            }
            guard let salt = seal.salt, FieldCommitment.compute(salt: salt, key: field, value: value) == seal.commitment else {
                throw SyncIntegrityError(.eventAltered, message: "The value of the field \"\(field)\" does not match its sealed commitment.", serverSeq: seq)
            }
        }
        for seal in seals where seal.salt != nil && event.data[seal.field] == nil {
            throw SyncIntegrityError(.eventAltered, message: "The field \"\(seal.field)\" was removed without being redacted.", serverSeq: seq)
        }
        return byField.mapValues(\.commitment)
    }

    private struct Proof {
        var leafIndex: UInt64
        var auditPath: [[UInt8]]
    }

    private static func inclusionProof(_ record: JSONValue, seq: Int64, checkpoint: Checkpoint) throws(SyncIntegrityError) -> Proof {
        guard let proof = record["proof"] else {
            throw SyncIntegrityError(.eventNotInLog, message: "The event carries no inclusion proof although the checkpoint of \(checkpoint.size) events covers it.", serverSeq: seq)
        }
        guard let index = proof["leafIndex"]?.numberValue?.intValue.flatMap(UInt64.init(exactly:)),
              let path = proof["auditPath"]?.arrayValue
        else {
            throw SyncIntegrityError(.malformedRecord, message: "The event's inclusion proof has no leaf index or audit path.", serverSeq: seq)
        }
        if let size = proof["treeSize"]?.numberValue?.intValue, UInt64(exactly: size) != checkpoint.size {
            throw SyncIntegrityError(.malformedRecord, message: "The event's inclusion proof is for a tree of \(size) events, not the checkpoint's \(checkpoint.size).", serverSeq: seq)
        }
        var hashes: [[UInt8]] = []
        for element in path {
            guard let hash = element.stringValue.flatMap({ [UInt8](hex: $0) }) else {
                throw SyncIntegrityError(.malformedRecord, message: "The event's audit path holds something that is not a hex hash.", serverSeq: seq)
            }
            hashes.append(hash)
        }
        return Proof(leafIndex: index, auditPath: hashes)
    }
}
