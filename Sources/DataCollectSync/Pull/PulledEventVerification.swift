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

/// Checks one pulled sealed event against a verified checkpoint (``SealedRecordChecks``). Its
/// leaf must also be the next one expected, so that the server cannot leave events out.
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
        let checks = SealedRecordChecks.event
        let proof = try checks.proof(of: record, seq: seq, checkpoint: checkpoint)
        guard proof.leafIndex <= expectedLeaf else {
            throw SyncIntegrityError(.eventsWithheld, message: "The server sent leaf \(proof.leafIndex) where leaf \(expectedLeaf) was expected: events of its log were left out.", serverSeq: seq)
        }
        guard proof.leafIndex == expectedLeaf else {
            throw SyncIntegrityError(.malformedRecord, message: "The server sent leaf \(proof.leafIndex) again; leaf \(expectedLeaf) was expected.", serverSeq: seq)
        }
        let commitments = try checks.commitments(seals, values: LeafHeader.eventValues(stored), seq: seq)
        try checks.requireInclusion(header: LeafHeader.event(stored), commitments: commitments, proof: proof, seq: seq,
                                    checkpoint: checkpoint)
        return VerifiedEvent(stored: stored, leafIndex: proof.leafIndex,
                             erasedFields: seals.filter { $0.salt == nil }.map(\.field).sorted())
    }
}
