import DataCollectCore
import Synchronization

/// A tenant's count of potential duplicate pairs, which every pulled page reports. Counting
/// reads every entity with a shared match key (a scan of the registry), so it is kept with
/// the log sizes it was read at and read again only once a log grew: every change to entities
/// or dismissals appends events or audit entries. A pull of 100 pages then scans once, not
/// 100 times.
final class DuplicateCountCache: Sendable {
    private let cached = Mutex<(logSizes: [UInt64], count: Int)?>(nil)

    func count(of manager: EntityDataManager) throws -> Int {
        let sizes = try manager.logSizes()
        if let hit = cached.withLock({ $0 }), hit.logSizes == sizes { return hit.count }
        let (pairs, readAt) = try manager.potentialDuplicatesWithLogSizes()
        cached.withLock { $0 = (readAt, pairs.count) }
        return pairs.count
    }
}
