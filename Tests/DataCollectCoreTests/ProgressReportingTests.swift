import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectTestSupport
import Synchronization
import Testing

/// The progress callbacks behind the command line's progress bars: they count up, never past
/// the total, and end at it.
@Suite("Progress reporting", .serialized)
struct ProgressReportingTests {
    /// Every (done, total) pair a callback received.
    final class Calls: Sendable {
        let pairs = Mutex<[(String, Int, Int)]>([])
        func record(_ label: String, _ done: Int, _ total: Int) { pairs.withLock { $0.append((label, done, total)) } }
        func of(_ label: String) -> [(done: Int, total: Int)] {
            pairs.withLock { $0.filter { $0.0 == label }.map { ($0.1, $0.2) } }
        }
    }

    static func expectCountsUpToTheTotal(_ calls: [(done: Int, total: Int)], total: Int, _ what: String) {
        #expect(!calls.isEmpty, "\(what): no progress reported")
        #expect(calls.allSatisfy { $0.total == total && $0.done <= total }, "\(what): \(calls)")
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.done <= $1.done }, "\(what) counts up")
        #expect(calls.last?.done == total, "\(what) ends at the total")
    }

    @Test(arguments: [StoreKind.memory, .sqlite])
    func verifyAndRebuildReportTheirProgress(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submit(EventGenerator(households: 40, seed: 8).generate().events)
        let calls = Calls()
        var verifier = IntegrityVerifier(progress: { calls.record($0.rawValue, $1, $2) })
        verifier.pageSize = 50
        _ = try verifier.verify(manager.store)
        for log in LogName.allCases {
            let size = try manager.store.read { Int(try $0.logHead(log).size) }
            Self.expectCountsUpToTheTotal(calls.of(log.rawValue), total: size, "verify, \(log.rawValue) log")
            #expect(calls.of(log.rawValue).count > 2, "several pages")
        }
        let before = try manager.stateHash()
        try manager.rebuild { calls.record("rebuild", $0, $1) }
        #expect(try manager.stateHash() == before)
        Self.expectCountsUpToTheTotal(calls.of("rebuild"), total: try manager.store.read { try $0.eventCount() }, "rebuild")
    }
}
