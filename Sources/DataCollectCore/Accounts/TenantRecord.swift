public import DataCollectIntegrity

/// A tenant (an app configuration of the existing system): its own event log, Merkle tree,
/// checkpoints, entities and audit trail, isolated from every other tenant.
public struct TenantRecord: Sendable, Hashable {
    /// `^[A-Za-z0-9][A-Za-z0-9_-]*$`, at most 64 characters: it names files and rows.
    public var id: String
    public var name: String
    /// 32 lowercase hex characters naming the public artifact; a new one on every re-upload.
    public var artifactId: String
    /// The whole app configuration as uploaded (forms, seed data, external sync settings).
    /// It may hold secrets, so only admins read it back.
    public var configuration: JSONValue
    public var createdAt: EventTimestamp
    public var updatedAt: EventTimestamp

    public init(id: String, name: String, artifactId: String, configuration: JSONValue,
                createdAt: EventTimestamp, updatedAt: EventTimestamp) {
        self.id = id
        self.name = name
        self.artifactId = artifactId
        self.configuration = configuration
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var version: String { configuration["version"]?.stringValue ?? "" }
    public var description: String { configuration["description"]?.stringValue ?? "" }

    /// Whether `id` may name a tenant: it is used in file names and SQL, so the rule is strict.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, id.utf8.count <= 64 else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        return isAlphanumeric(first) && id.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
