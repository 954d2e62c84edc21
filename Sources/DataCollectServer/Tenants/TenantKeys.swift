import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Each tenant's checkpoint signing key, one file per tenant (mode 0600) in a folder only the
/// server reads. The verifier key is also recorded in the tenant's store, so clients pin it.
struct TenantKeys: Sendable {
    let folder: String

    init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        self.folder = folder
    }

    /// The tenant's signer, made on first use together with the store's checkpoint origin.
    func signer(for tenant: String, store: any DataStore) throws -> NoteSigner {
        let path = (folder as NSString).appendingPathComponent(tenant + ".signing-key")
        if let data = FileManager.default.contents(atPath: path) {
            return try NoteSigner(privateKeyText: String(decoding: data, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return try store.write { transaction in
            let origin = try transaction.metadata(IntegrityMetadata.origin)
                ?? "datacollect-server/\(tenant)/\(UUID().uuidString.lowercased().prefix(8))"
            let signer = try NoteSigner.generate(name: origin)
            guard FileManager.default.createFile(atPath: path, contents: Data((signer.privateKeyText + "\n").utf8),
                                                 attributes: [.posixPermissions: 0o600])
            else { throw DataCollectError(.storeCorrupted, message: "Cannot write the tenant's signing key file.") }
            try transaction.setMetadata(IntegrityMetadata.origin, origin)
            try transaction.setMetadata(IntegrityMetadata.verifierKey, signer.verifierKey)
            return signer
        }
    }
}
