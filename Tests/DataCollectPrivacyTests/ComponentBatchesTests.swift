import DataCollectCore
import DataCollectIntegrity
@testable import DataCollectPrivacy
import DataCollectSQLite
import Synchronization
import Testing

/// A retention run re-folds each connected component once: its batches never split one.
@Suite("Retention batches follow connected components")
struct ComponentBatchesTests {
    static func time(_ text: String) -> EventTimestamp { RetentionAndErasureTests.time(text) }

    /// Households a and b share a member (c's member moved in), c and d stand alone.
    static func linkedStore(_ db: String) throws -> EntityDataManager {
        let manager = EntityDataManager(store: try SQLiteStore(path: db), now: { time("2025-06-01T00:00:00Z") })
        func group(_ guid: String, _ members: [String], day: Int) -> Event {
            Event(guid: "\(guid)-create", entityGuid: guid, type: "create-group",
                  data: ["name": .string("Household \(guid)"),
                         "members": .array(members.map { ["guid": .string($0), "name": .string("Person \($0)")] })],
                  timestamp: time("2024-01-0\(day)T09:00:00Z"), userId: "c1")
        }
        let events = [
            group("hh-a", ["p-a1", "p-a2"], day: 1),
            group("hh-c", ["p-c1"], day: 2),
            group("hh-b", ["p-b1"], day: 3),
            group("hh-d", ["p-d1"], day: 4),
            Event(guid: "move", entityGuid: "hh-b", type: "add-member", data: ["members": [["guid": "p-a2", "name": "Person p-a2"]]],
                  timestamp: time("2024-01-05T09:00:00Z"), userId: "c1"),
        ]
        #expect(try manager.submit(events).rejected == 0)
        return manager
    }

    @Test("the subjects of one component share a batch, even past the batch size; others fill batches in order")
    func batchesKeepComponentsWhole() throws {
        let manager = try Self.linkedStore(RetentionAndErasureTests.path("components.sqlite"))
        let subjects = [["hh-a", "p-a1", "p-a2"], ["hh-c", "p-c1"], ["hh-b", "p-b1"], ["hh-d", "p-d1"]]
        let plan = { (limit: Int) in try manager.store.read { try ComponentBatches.plan(subjects, limit: limit, in: $0) } }
        #expect(try plan(1) == [[subjects[0], subjects[2]], [subjects[1]], [subjects[3]]])
        #expect(try plan(3) == [[subjects[0], subjects[2], subjects[1]], [subjects[3]]])
        #expect(try plan(100) == [[subjects[0], subjects[2], subjects[1], subjects[3]]])
        #expect(try plan(1).flatMap { $0 }.count == subjects.count, "every subject once")
    }

    @Test("a run in batches of one ends where a run in one batch does, one progress step per batch")
    func batchSizeChangesNothingButTheSteps() throws {
        let policy = RetentionAndErasureTests.policy(holding: [])
        let now = Self.time("2025-06-01T00:00:00Z")
        func run(_ name: String, batchSize: Int) throws -> (EntityDataManager, [Int]) {
            let manager = try Self.linkedStore(RetentionAndErasureTests.path(name))
            let steps = Mutex<[Int]>([])
            var runner = PolicyRunner(manager: manager, policy: policy, actor: "officer-1")
            runner.batchSize = batchSize
            runner.progress = { done, _ in steps.withLock { $0.append(done) } }
            let report = try runner.applyRetention(try runner.planRetention(now: now)) { _ in { _, _, data in data } }
            #expect(report.subjects == 4)
            return (manager, steps.withLock { $0 })
        }
        let (small, smallSteps) = try run("batches-of-one.sqlite", batchSize: 1)
        let (whole, wholeSteps) = try run("one-batch.sqlite", batchSize: 100)
        #expect(smallSteps == [2, 3, 4], "hh-a and hh-b together, then hh-c, then hh-d")
        #expect(wholeSteps == [4])
        #expect(try small.stateHash() == whole.stateHash())
        #expect(try IntegrityVerifier().verify(small.store).isIntact)
    }
}
