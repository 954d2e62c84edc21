public import DataCollectCore
import DataCollectIntegrity

/// What every report kind is made from: the store, how the database is named in the report,
/// the time the report is made and the options it was asked with.
public struct ReportContext: Sendable {
    public var manager: EntityDataManager
    /// The database as the report names it (its path, as given).
    public var database: String
    public var now: EventTimestamp
    public var parameters: [ReportInputs.Parameter]

    public init(manager: EntityDataManager, database: String, now: EventTimestamp = .now(),
                parameters: [ReportInputs.Parameter] = []) {
        self.manager = manager
        self.database = database
        self.now = now
        self.parameters = parameters
    }

    /// The inputs section: the head of each log (size and Merkle root) and its latest signed
    /// checkpoint, read in one snapshot, plus the policy file when the report read one.
    public func inputs(policy: ReportInputs.PolicyFile? = nil) throws -> ReportInputs {
        try manager.store.read { transaction in
            var logs: [ReportInputs.LogState] = []
            var checkpoints: [ReportInputs.CheckpointState] = []
            for log in LogName.allCases {
                let head = try transaction.logHead(log)
                let root = try MerkleLog.root(size: head.size, reader: StoredMerkleNodes(store: transaction, log: log))
                logs.append(.init(log: log, size: Int(head.size), rootHash: root.hexString))
                if let latest = try transaction.checkpoints(log: log).last {
                    checkpoints.append(.init(log: log, size: Int(latest.size), rootHash: latest.rootHash.hexString,
                                             createdAt: latest.createdAt))
                }
            }
            return ReportInputs(database: database, logs: logs, checkpoints: checkpoints, policy: policy,
                                parameters: parameters)
        }
    }

    /// Every audit entry with one of these actions, oldest first.
    func auditEntries(actions: Set<String>) throws -> [StoredAuditEntry] {
        var found: [StoredAuditEntry] = []
        var after: Int64 = 0
        while true {
            let page = try manager.store.read { try $0.auditEntries(afterSeq: after, limit: 5_000) }
            guard let last = page.last else { return found }
            found += page.filter { actions.contains($0.entry.action) }
            after = last.seq
        }
    }
}
