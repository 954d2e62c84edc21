import DataCollectCore
import DataCollectIntegrity

/// Asks the server to sign a checkpoint of one of its logs, and accepts it only as
/// ``CheckpointVerification`` allows: signed by the pinned key, of that log, and an extension
/// of the last checkpoint of it this client verified (fetching the consistency proof when one
/// is needed). The event rounds and the erasure follower both start this way.
enum SignedCheckpointFetch {
    static func fetch(_ log: LogName, from session: SyncServerSession, pinnedKey: String?,
                      extending previous: VerifiedCheckpoint?) async throws -> CheckpointVerification.Signed {
        let answer = try await session.signCheckpoint(log: log)
        let signed = try CheckpointVerification.verifySignature(answer, pinnedKey: pinnedKey, log: log)
        var proof: [[UInt8]]?
        if let previous, CheckpointVerification.needsConsistencyProof(from: previous, to: signed.checkpoint) {
            proof = try await session.consistencyProof(log: log, from: previous.size, to: signed.checkpoint.size)
        }
        try CheckpointVerification.requireExtension(of: previous, to: signed.checkpoint, proof: proof, log: log)
        return signed
    }
}
