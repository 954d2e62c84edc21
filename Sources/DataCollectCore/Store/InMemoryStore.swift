import DataCollectIntegrity
import Foundation

/// A store that lives in memory: for tests and tools. Behaves exactly like the SQLite store
/// (one shared test suite runs against both); a write transaction works on a copy that
/// replaces the state only when the body succeeds.
public final class InMemoryStore: DataStore, @unchecked Sendable {
    // Guarded by `lock`; transactions work on copies, so readers never see partial writes.
    private var state = InMemoryState()
    private let lock = NSLock()

    public init() {}

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let transaction = InMemoryTransaction(state)
        let result = try body(transaction)
        state = transaction.state
        return result
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        lock.lock()
        let snapshot = state
        lock.unlock()
        return try body(InMemoryTransaction(snapshot))
    }
}

struct InMemoryState: Sendable {
    var events: [StoredEvent] = []
    var eventIndex: [String: Int] = [:]
    /// Appended in the current transaction, not folded yet: never "pending" to the fold.
    var unfolded: Set<String> = []
    var touchesByEvent: [String: Set<String>] = [:]
    var touchesByEntity: [String: Set<String>] = [:]
    var records: [String: EntityRecord] = [:]
    var parentIndex: [String: Set<String>] = [:]
    var tombstones: [String: Tombstone] = [:]
    var dismissals: Set<DismissedDuplicate> = []
    var audit: [StoredAuditEntry] = []
    var auditGuids: Set<String> = []
    var metadata: [String: String] = [:]
    var integrity: [LogName: InMemoryLog] = [.events: InMemoryLog(), .audit: InMemoryLog()]
    var checkpoints: [StoredCheckpoint] = []
    var redactions: [Redaction] = []
    var versions: [String: [EntityVersion]] = [:]
}

/// One tamper-evident log held in memory.
struct InMemoryLog: Sendable {
    var seals: [Int64: [FieldSeal]] = [:]
    var leaves: [LogLeaf] = []
    var leafIndexBySeq: [Int64: Int] = [:]
    var nodes: [String: [UInt8]] = [:]

    static func nodeKey(_ level: Int, _ index: UInt64) -> String { "\(level)/\(index)" }
}
