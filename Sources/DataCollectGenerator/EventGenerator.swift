public import DataCollectCore
import DataCollectIntegrity

/// Makes a realistic, reproducible event stream of household registrations: households of 1–9
/// members registered over six months by a dozen collectors, then updated for months; births,
/// departures (with the person's `exitDate`), moves between households, deletions, concurrent
/// edits by two collectors, near-duplicate registrations, households leaving the programme
/// (`household-exited`), and a late-arriving offline batch (events captured weeks earlier,
/// delivered at the end).
///
/// The same (households, seed) always gives the same events, in the same order.
///
/// ```swift
/// let set = EventGenerator(households: 1_000, seed: 42).generate()
/// set.events.count // ~ 7,000, in arrival order
/// ```
public struct EventGenerator: Sendable {
    public var households: Int
    public var seed: UInt64
    /// First capture time of the data set.
    public var start: EventTimestamp
    /// How many follow-up visits each household gets (each visit writes 0–2 events).
    public var visitsPerHousehold: ClosedRange<Int>

    public init(households: Int, seed: UInt64, start: EventTimestamp = EventTimestamp(epochMilliseconds: 1_704_700_800_000),
                visitsPerHousehold: ClosedRange<Int> = 1...6) {
        self.households = households
        self.seed = seed
        self.start = start
        self.visitsPerHousehold = visitsPerHousehold
    }

    /// The generated stream.
    public struct DataSet: Sendable {
        /// Events in arrival order: mostly by capture time, then the late offline batch.
        public var events: [Event]
        /// How many events at the end form the late offline batch.
        public var lateBatchCount: Int
    }

    public func generate() -> DataSet {
        var builder = HouseholdStoryBuilder(seed: seed, start: start, households: households, visits: visitsPerHousehold)
        for index in 0..<households { builder.household(index) }
        var events = builder.events.sorted { $0.orderKey < $1.orderKey }

        // The offline devices: two collectors whose events from months 2–4 arrive last.
        let windowStart = start.epochMilliseconds + 45 * HouseholdStoryBuilder.day
        let windowEnd = start.epochMilliseconds + 110 * HouseholdStoryBuilder.day
        let isLate: (Event) -> Bool = { event in
            (event.userId == "collector-11" || event.userId == "collector-12")
                && (windowStart..<windowEnd).contains(event.timestamp.epochMilliseconds)
        }
        let late = events.filter(isLate)
        events.removeAll(where: isLate)
        return DataSet(events: events + late, lateBatchCount: late.count)
    }
}
