import Foundation

/// The demo's copy of the example policies: the YAML files, and fresh random key files beside
/// them (keys are never in the repository), readable by their owner only.
enum DemoPolicies {
    static let files = ["household-registry-retention.yaml", "public-release.yaml", "research-extract.yaml"]
    static let keys = ["pseudonym.key", "research-pseudonym.key", "research-date-shift.key"]

    /// Copies the examples from `source` into `folder` and writes their keys; returns `folder`.
    static func prepare(from source: String, into folder: String) throws -> String {
        let files = FileManager.default
        try files.createDirectory(atPath: "\(folder)/keys", withIntermediateDirectories: true)
        for name in Self.files {
            guard let text = files.contents(atPath: "\(source)/\(name)") else {
                throw CommandFailure(exit: ExitCodes.usage, message: "The example policy \(source)/\(name) is missing. "
                    + "Run the demo from the repository's root folder, or give --policies DIR.")
            }
            try text.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        for key in keys {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = "\(folder)/keys/\(key)"
            guard files.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "Cannot write the demo key file \(path).")
            }
        }
        return folder
    }
}
