import DataCollectIntegrity
import Foundation

/// The checkpoint signing key on disk: the note signer's private key text, mode 0600.
enum SigningKeyFile {
    /// `<database>.signing-key` unless `--key` says otherwise.
    static func defaultPath(forDatabase db: String) -> String { db + ".signing-key" }

    static func load(_ path: String) throws -> NoteSigner {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(exit: ExitCodes.usage,
                                 message: "Cannot read the signing key \(path); create one with datacollect init or pass --key.")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try NoteSigner(privateKeyText: text)
        } catch {
            throw CommandFailure(exit: ExitCodes.usage, message: "The file \(path) is not a datacollect signing key: \(error)")
        }
    }

    /// Writes a new key readable only by its owner; refuses to overwrite an existing file.
    static func create(_ signer: NoteSigner, at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "The key file \(path) already exists; it was not overwritten.")
        }
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((signer.privateKeyText + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        guard created else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Cannot write the key file \(path).")
        }
    }

    /// A verifier key given on the command line, or read from a file when the argument names one.
    static func verifierKey(_ argument: String) -> String {
        if let data = FileManager.default.contents(atPath: argument) {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return argument
    }
}
