public import DataCollectCore
import DataCollectIntegrity

/// What a report was made from: the database and the state of its logs, the policy file, the
/// tool, and the parameters given — enough to make the same report again.
public struct ReportInputs: Sendable, Hashable {
    /// The head of one log when the report was made.
    public struct LogState: Sendable, Hashable {
        public var log: LogName
        public var size: Int
        public var rootHash: String

        public init(log: LogName, size: Int, rootHash: String) {
            self.log = log
            self.size = size
            self.rootHash = rootHash
        }
    }

    /// The latest signed checkpoint of one log.
    public struct CheckpointState: Sendable, Hashable {
        public var log: LogName
        public var size: Int
        public var rootHash: String
        public var createdAt: EventTimestamp

        public init(log: LogName, size: Int, rootHash: String, createdAt: EventTimestamp) {
            self.log = log
            self.size = size
            self.rootHash = rootHash
            self.createdAt = createdAt
        }
    }

    /// One option the report was asked with.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A policy file a report read.
    public struct PolicyFile: Sendable, Hashable {
        public var path: String
        public var sha256: String
        public var name: String
        public var version: String

        public init(path: String, sha256: String, name: String, version: String) {
            self.path = path
            self.sha256 = sha256
            self.name = name
            self.version = version
        }
    }

    public var database: String
    public var tool: String
    public var toolVersion: String
    public var logs: [LogState]
    public var checkpoints: [CheckpointState]
    public var policy: PolicyFile?
    /// The options the report was asked with, in the order given (name → value as typed).
    public var parameters: [Parameter]

    public init(database: String, tool: String = "datacollect", toolVersion: String = DataCollectVersion.current,
                logs: [LogState], checkpoints: [CheckpointState], policy: PolicyFile? = nil,
                parameters: [Parameter] = []) {
        self.database = database
        self.tool = tool
        self.toolVersion = toolVersion
        self.logs = logs
        self.checkpoints = checkpoints
        self.policy = policy
        self.parameters = parameters
    }
}

/// The version of the toolkit, stated in every report and export.
public enum DataCollectVersion {
    public static let current = "0.1.0"
}
