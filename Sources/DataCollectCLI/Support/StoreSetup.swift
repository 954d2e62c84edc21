import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// What `datacollect init` does to a store: a checkpoint origin and a signing key whose
/// verifier key is recorded in the store.
enum StoreSetup {
    /// Returns the origin, the verifier key, and whether a new key file was created.
    static func prepare(_ sqlite: SQLiteStore, keyPath: String) throws -> (origin: String, verifierKey: String, created: Bool) {
        try sqlite.write { transaction in
            let origin = try transaction.metadata(IntegrityMetadata.origin)
                ?? "datacollect/\(UUID().uuidString.lowercased())"
            try transaction.setMetadata(IntegrityMetadata.origin, origin)
            let recorded = try transaction.metadata(IntegrityMetadata.verifierKey)
            if FileManager.default.fileExists(atPath: keyPath) {
                let signer = try SigningKeyFile.load(keyPath)
                if let recorded, recorded != signer.verifierKey {
                    throw CommandFailure(exit: ExitCodes.usage, message: "The key in \(keyPath) is not the key recorded for this store.")
                }
                try transaction.setMetadata(IntegrityMetadata.verifierKey, signer.verifierKey)
                return (origin, signer.verifierKey, false)
            }
            if recorded != nil {
                throw CommandFailure(exit: ExitCodes.usage, message: "This store already has a signing key; pass its file with --key.")
            }
            let signer = try NoteSigner.generate(name: origin)
            try SigningKeyFile.create(signer, at: keyPath)
            try transaction.setMetadata(IntegrityMetadata.verifierKey, signer.verifierKey)
            return (origin, signer.verifierKey, true)
        }
    }
}
