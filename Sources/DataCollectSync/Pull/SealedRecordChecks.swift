import DataCollectCore
import DataCollectIntegrity

/// The checks every pulled sealed record passes, event or audit entry, as `datacollect verify`
/// checks a stored one: each value against its salted commitment, then the leaf recomputed
/// from the header and the commitments (with the very functions the server's ``LogAppender``
/// used) and its RFC 9162 inclusion proof against a verified checkpoint's root.
struct SealedRecordChecks {
    /// What the messages call the record, and the codes its failures carry.
    let noun: String
    let altered: SyncIntegrityError.Code
    let notInLog: SyncIntegrityError.Code
    let log: LogName

    static let event = SealedRecordChecks(noun: "event", altered: .eventAltered, notInLog: .eventNotInLog, log: .events)
    static let auditEntry = SealedRecordChecks(noun: "audit entry", altered: .auditEntryAltered, notInLog: .auditEntryNotInLog,
                                               log: .audit)

    /// A record's place in the log, as its `proof` member says.
    struct Proof {
        var leafIndex: UInt64
        var auditPath: [[UInt8]]
    }

    /// Every value must match its seal; a seal without salt (redacted by a policy) must have no
    /// value. Returns the commitments by field, as the leaf holds them.
    func commitments(_ seals: [FieldSeal], values: [String: JSONValue], seq: Int64) throws(SyncIntegrityError) -> [String: [UInt8]] {
        var byField: [String: FieldSeal] = [:]
        for seal in seals {
            guard byField.updateValue(seal, forKey: seal.field) == nil else {
                throw SyncIntegrityError(.malformedRecord, message: "The field \"\(seal.field)\" is sealed twice.", serverSeq: seq)
            }
        }
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let seal = byField[field] else {
                throw SyncIntegrityError(altered, message: "The field \"\(field)\" has no commitment: it was added after the \(noun) was sealed.", serverSeq: seq)
            }
            guard let salt = seal.salt, FieldCommitment.compute(salt: salt, key: field, value: value) == seal.commitment else {
                throw SyncIntegrityError(altered, message: "The value of the field \"\(field)\" does not match its sealed commitment.", serverSeq: seq)
            }
        }
        for seal in seals where seal.salt != nil && values[seal.field] == nil {
            throw SyncIntegrityError(altered, message: "The field \"\(seal.field)\" was removed without being redacted.", serverSeq: seq)
        }
        return byField.mapValues(\.commitment)
    }

    /// The record's `proof` member, which must be for the checkpoint's tree size.
    func proof(of record: JSONValue, seq: Int64, checkpoint: Checkpoint) throws(SyncIntegrityError) -> Proof {
        guard let proof = record["proof"] else {
            throw SyncIntegrityError(notInLog, message: "The \(noun) carries no inclusion proof although the checkpoint of \(checkpoint.size) leaves covers it.", serverSeq: seq)
        }
        guard let index = proof["leafIndex"]?.numberValue?.intValue.flatMap(UInt64.init(exactly:)),
              let path = proof["auditPath"]?.arrayValue
        else {
            throw SyncIntegrityError(.malformedRecord, message: "The \(noun)'s inclusion proof has no leaf index or audit path.", serverSeq: seq)
        }
        if let size = proof["treeSize"]?.numberValue?.intValue, UInt64(exactly: size) != checkpoint.size {
            throw SyncIntegrityError(.malformedRecord, message: "The \(noun)'s inclusion proof is for a tree of \(size) leaves, not the checkpoint's \(checkpoint.size).", serverSeq: seq)
        }
        var hashes: [[UInt8]] = []
        for element in path {
            guard let hash = element.stringValue.flatMap({ [UInt8](hex: $0) }) else {
                throw SyncIntegrityError(.malformedRecord, message: "The \(noun)'s audit path holds something that is not a hex hash.", serverSeq: seq)
            }
            hashes.append(hash)
        }
        return Proof(leafIndex: index, auditPath: hashes)
    }

    /// The leaf of this header and these commitments must be the one the signed log holds at
    /// the proof's index.
    func requireInclusion(header: [String: JSONValue], commitments: [String: [UInt8]], proof: Proof, seq: Int64,
                          checkpoint: Checkpoint) throws(SyncIntegrityError) {
        let leafHash = MerkleHashing.leafHash(LeafInput.bytes(log: log.rawValue, header: header, commitments: commitments))
        do {
            try MerkleVerification.verifyInclusion(leafHash: leafHash, index: proof.leafIndex, size: checkpoint.size,
                                                   proof: proof.auditPath, root: checkpoint.rootHash)
        } catch {
            throw SyncIntegrityError(notInLog, message: "The \(noun) is not the one the signed log holds at leaf \(proof.leafIndex) (its header or commitments differ): \(error)", serverSeq: seq)
        }
    }
}
