import DataCollectCore
import DataCollectIntegrity

/// The checks a server checkpoint must pass before anything it covers is applied: signed by
/// the pinned key, for this tenant's events log, and an extension of the last checkpoint this
/// client verified (RFC 9162 consistency). No I/O: the caller fetches the proof.
///
/// ```swift
/// let signed = try CheckpointVerification.verifySignature(answer, pinnedKey: state.serverKey)
/// if CheckpointVerification.needsConsistencyProof(from: state.checkpoint, to: signed.checkpoint) { … fetch proof … }
/// try CheckpointVerification.requireExtension(of: state.checkpoint, to: signed.checkpoint, proof: proof)
/// ```
enum CheckpointVerification {
    /// A checkpoint whose signature verified, with the key that signed it.
    struct Signed: Sendable, Hashable {
        var checkpoint: Checkpoint
        var verifierKey: String
        var note: String

        /// What the client keeps once it acted on this checkpoint.
        func verified(at time: EventTimestamp) -> VerifiedCheckpoint {
            VerifiedCheckpoint(origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash,
                               note: note, verifiedAt: time)
        }
    }

    /// Checks the note against the pinned key (or, with none pinned yet, the key the server
    /// presents: trust on first use), and that it is a checkpoint of the log asked for.
    static func verifySignature(_ answer: SignedCheckpointAnswer, pinnedKey: String?,
                                log: LogName = .events) throws(SyncIntegrityError) -> Signed {
        let key = pinnedKey ?? answer.verifierKey
        guard answer.verifierKey == key else {
            throw SyncIntegrityError(.serverKeyChanged, message: "The server now signs its checkpoints with another key than the one pinned for this tenant: this is not the log this client verified before.")
        }
        let verifier: NoteVerifier
        do {
            verifier = try NoteVerifier(verifierKey: key)
        } catch {
            throw SyncIntegrityError(.invalidCheckpoint, message: "The server's verifier key cannot be used: \(error)")
        }
        let checkpoint: Checkpoint
        do {
            let note = try SignedNote(parsing: answer.note)
            try verifier.verify(note)
            checkpoint = try Checkpoint(body: note.text)
        } catch {
            throw SyncIntegrityError(.invalidCheckpoint, message: "The server's checkpoint does not verify: \(error)")
        }
        guard checkpoint.origin == CheckpointWriter.origin(base: verifier.name, log: log) else {
            throw SyncIntegrityError(.wrongLog, message: "The signed checkpoint is not of this tenant's \(log.rawValue) log (its origin is another log's).")
        }
        guard checkpoint.rootHash.count == 32 else {
            throw SyncIntegrityError(.invalidCheckpoint, message: "The checkpoint's root hash is not a SHA-256 hash.")
        }
        return Signed(checkpoint: checkpoint, verifierKey: key, note: answer.note)
    }

    /// Whether the server must prove that `new` extends `previous`: yes when both are
    /// non-empty and the log grew (equal sizes compare roots; a shrink is refused outright).
    static func needsConsistencyProof(from previous: VerifiedCheckpoint?, to new: Checkpoint) -> Bool {
        guard let previous, previous.size > 0 else { return false }
        return new.size > previous.size
    }

    /// Throws unless the log at `new` extends the log at `previous`.
    static func requireExtension(of previous: VerifiedCheckpoint?, to new: Checkpoint, proof: [[UInt8]]?,
                                 log: LogName = .events) throws(SyncIntegrityError) {
        guard let previous, previous.size > 0 else { return }
        let records = log == .events ? "events" : "audit entries"
        guard new.size >= previous.size else {
            throw SyncIntegrityError(.logRolledBack, message: "The server's \(log.rawValue) log has \(new.size) \(records), fewer than the \(previous.size) it signed before: it was rolled back or truncated.")
        }
        guard new.size > previous.size else {
            guard new.rootHash == previous.rootHash else {
                throw SyncIntegrityError(.logForked, message: "The server signed two different \(log.rawValue) logs of \(new.size) \(records): its history was rewritten (a fork).")
            }
            return
        }
        do {
            try MerkleVerification.verifyConsistency(from: previous.size, to: new.size, proof: proof ?? [],
                                                     fromRoot: previous.rootHash, toRoot: new.rootHash)
        } catch {
            throw SyncIntegrityError(.logRewritten, message: "The server's \(log.rawValue) log of \(new.size) \(records) does not extend the log of \(previous.size) \(records) this client verified: \(error)")
        }
    }
}
