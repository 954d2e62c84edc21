import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import Synchronization
import Testing

/// A transaction-time clock the test moves by hand.
final class ManualClock: Sendable {
    private let millis: Mutex<Int64>

    init(_ start: Int64 = 1_767_225_600_000) { millis = Mutex(start) }

    var now: EventTimestamp { EventTimestamp(epochMilliseconds: millis.withLock { $0 }) }

    func advance(minutes: Int64) { millis.withLock { $0 += minutes * 60_000 } }

    func set(_ time: EventTimestamp) { millis.withLock { $0 = time.epochMilliseconds } }
}

/// The fast path (the version index) against the definition: the state as of (T, K) is the
/// fold, from nothing, of the events captured by T and recorded by K.
@Suite("Time travel agrees with a naive replay", .serialized)
struct TimeTravelReferenceTests {
    static let dataSet = EventGenerator(households: 30, seed: 77).generate()

    /// The naive reference: a fresh store that receives only the chosen events.
    static func replay(_ stored: [StoredEvent], asOf: EventTimestamp, knownAt: EventTimestamp?) throws -> EntityDataManager {
        let chosen = stored.filter { stored in
            stored.event.timestamp <= asOf && (knownAt.map { stored.recordedAt <= $0 } ?? true)
        }
        let manager = EntityDataManager(store: InMemoryStore())
        try manager.submit(chosen.map(\.event))
        return manager
    }

    /// Delivers the data set as devices would: random batches, some of them swapped so that
    /// events captured earlier arrive later, with the clock moving a minute per batch.
    static func deliver(to manager: EntityDataManager, clock: ManualClock, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var batches: [[Event]] = []
        var index = 0
        let events = dataSet.events
        while index < events.count {
            let size = random.int(1...60)
            batches.append(Array(events[index..<min(events.count, index + size)]))
            index += size
        }
        for _ in 0..<(batches.count / 4) {
            let a = random.int(0...(batches.count - 1)), b = random.int(0...(batches.count - 1))
            batches.swapAt(a, b)
        }
        for batch in batches {
            clock.advance(minutes: 1)
            let report = try manager.submit(batch)
            #expect(report.rejected == 0)
        }
    }

    static func randomTime(_ range: ClosedRange<Int64>, _ random: inout SeededRandom) -> EventTimestamp {
        let span = range.upperBound - range.lowerBound
        return EventTimestamp(epochMilliseconds: range.lowerBound + Int64(random.int(0...Int(span / 1000))) * 1000)
    }

    @Test("state hashes as of random (T, K) equal a replay of the events captured by T and recorded by K",
          arguments: StoreKind.allCases, [5, 6] as [UInt64])
    func fastPathEqualsReplay(kind: StoreKind, seed: UInt64) throws {
        let clock = ManualClock()
        let manager = EntityDataManager(store: try kind.makeStore(), now: { clock.now })
        try Self.deliver(to: manager, clock: clock, seed: seed)
        let stored = try manager.store.read { try $0.allStoredEvents() }
        let captured = stored.map(\.event.timestamp.epochMilliseconds)
        let recorded = stored.map(\.recordedAt.epochMilliseconds)
        let validRange = (captured.min()! - 86_400_000)...(captured.max()! + 86_400_000)
        let knownRange = (recorded.min()! - 60_000)...(recorded.max()! + 60_000)

        var random = SeededRandom(seed: seed &* 31)
        let guids = Array(Set(stored.map(\.event.entityGuid))).sorted()
        for round in 0..<30 {
            let asOf = Self.randomTime(validRange, &random)
            let knownAt: EventTimestamp? = round % 5 == 0 ? nil : Self.randomTime(knownRange, &random)
            let reference = try Self.replay(stored, asOf: asOf, knownAt: knownAt)
            let fast = try manager.stateHash(asOf: asOf, knownAt: knownAt)
            #expect(fast.hash == (try reference.stateHash()), "as of \(asOf), known at \(String(describing: knownAt))")
            #expect(fast.entities == (try reference.store.read { try $0.entityCount() }))
            for guid in (0..<5).map({ _ in guids[random.int(0...(guids.count - 1))] }) {
                let expected = try reference.store.read { try $0.record(guid: guid) }?.entity
                #expect(try manager.entity(guid, asOf: asOf, knownAt: knownAt) == expected)
            }
        }
        // Now and "as of the end of time" are the live projection.
        #expect(try manager.stateHash(asOf: EventTimestamp(epochMilliseconds: validRange.upperBound)).hash
            == manager.stateHash())
    }

    @Test("rebuilding the history from the stored events gives exactly the versions live maintenance wrote",
          arguments: StoreKind.allCases)
    func rebuiltHistoryEqualsLiveHistory(kind: StoreKind) throws {
        let clock = ManualClock()
        let manager = EntityDataManager(store: try kind.makeStore(), now: { clock.now })
        try Self.deliver(to: manager, clock: clock, seed: 11)
        let guids = Set(Self.dataSet.events.map(\.entityGuid))
        let allLive = try Self.allVersions(manager, guids)
        #expect(allLive.contains { $0.recordedTo != nil }, "late batches closed some versions")
        try manager.store.write { try HistoryBuilder().rebuildAll(in: $0) }
        #expect(try Self.allVersions(manager, guids) == allLive)
    }

    /// Every version, current and past, of these entities.
    static func allVersions(_ manager: EntityDataManager, _ guids: Set<String>) throws -> Set<EntityVersion> {
        try manager.store.read { transaction in
            var all: Set<EntityVersion> = []
            for guid in guids { all.formUnion(try transaction.everyVersion(of: guid)) }
            return all
        }
    }
}
