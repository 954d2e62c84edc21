import Crypto
import Foundation

/// The secret keys that keyed operators (`pseudonymize`, `dateShift`) name, by key name.
///
/// Keys live in files the policy points to (never inline in the policy); ``load(_:relativeTo:)``
/// reads them. The whole file is the key, byte for byte (a trailing newline is part of it), and it
/// must hold at least ``minimumKeyBytes`` bytes. A key ring never prints its keys.
///
/// ```swift
/// let keys = try KeyRing.load(policy, relativeTo: "Policies")
/// let context = RecordContext(entityGuid: "p-1", householdGuid: "hh-1", keys: keys)
/// ```
public struct KeyRing: Sendable, CustomStringConvertible {
    /// The shortest key accepted: 256 bits, the strength of HMAC-SHA-256.
    public static let minimumKeyBytes = 32

    private let keys: [String: [UInt8]]

    /// A key ring holding these keys (tests and callers that manage keys themselves).
    public init(keys: [String: [UInt8]]) {
        self.keys = keys
    }

    /// The names of the keys held, sorted.
    public var names: [String] { keys.keys.sorted() }

    /// Never the key material.
    public var description: String { "KeyRing(\(keys.count) key\(keys.count == 1 ? "" : "s"))" }

    /// The key named `name`, ready for HMAC; nil when the ring does not hold it.
    func symmetricKey(named name: String) -> SymmetricKey? {
        keys[name].map { SymmetricKey(data: $0) }
    }

    /// Reads every key file the policy names. Relative paths are relative to `policyDirectory`,
    /// the folder of the policy file.
    ///
    /// - Throws: ``AnonymizationError`` `KEY_FILE_UNREADABLE` or `KEY_TOO_SHORT`, naming the key
    ///   and its file (never the file's content).
    public static func load(_ policy: PrivacyPolicy, relativeTo policyDirectory: String)
        throws(AnonymizationError) -> KeyRing
    {
        var keys: [String: [UInt8]] = [:]
        for (name, key) in policy.keys.sorted(by: { $0.key < $1.key }) {
            let file = key.file
            let path = resolve(file, relativeTo: policyDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path)
            else {
                throw AnonymizationError(
                    .keyFileUnreadable,
                    message: "The key '\(name)' cannot be read from its file '\(file)'. Check that the file exists, "
                        + "is readable, and that relative paths are relative to the policy's folder.")
            }
            guard data.count >= minimumKeyBytes else {
                throw AnonymizationError(
                    .keyTooShort,
                    message: "The key '\(name)' in file '\(file)' is shorter than \(minimumKeyBytes) bytes. "
                        + "Generate a longer key, for example with: head -c 32 /dev/urandom > \(file)")
            }
            keys[name] = [UInt8](data)
        }
        return KeyRing(keys: keys)
    }

    private static func resolve(_ file: String, relativeTo directory: String) -> String {
        if file.hasPrefix("/") || directory.isEmpty { return file }
        return directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }
}
