public import DataCollectIntegrity

/// The bitemporal version index: every version of every entity, with the valid time (fold
/// step) and the transaction time (`recordedFrom`..`recordedTo`) it holds for. Answers
/// "as of T, known at K" with an index lookup instead of a replay.
///
/// "Known at K" means `recordedFrom <= K < recordedTo`; a nil `knownAt` means "what the store
/// knows now" (`recordedTo` is nil). "As of T" means the newest version whose step's
/// timestamp is at or before T.
public protocol EntityHistoryStore {
    /// Stores new versions.
    func insert(_ versions: [EntityVersion]) throws
    /// The versions of these entities the store knows now, ordered by entity, then step.
    func currentVersions(of entityGuids: Set<String>) throws -> [EntityVersion]
    /// Ends what the store knows of these versions at `time`. A version that opened at that
    /// same instant was never visible to any query and is removed instead.
    func close(_ versions: [EntityVersion], at time: EventTimestamp) throws
    /// Removes every version, current and past, of these entities (before rebuilding their history).
    func removeVersions(of entityGuids: Set<String>) throws
    /// Removes the whole history (before rebuilding it).
    func removeAllVersions() throws
    /// The version of one entity in force at valid time `asOf`, as known at `knownAt`.
    func version(of entityGuid: String, asOf: EventTimestamp, knownAt: EventTimestamp?) throws -> EntityVersion?
    /// Every version of one entity known at `knownAt`, in step order.
    func versions(of entityGuid: String, knownAt: EventTimestamp?) throws -> [EntityVersion]
    /// Every version of one entity ever recorded, current and replaced, by step then `recordedFrom`.
    func everyVersion(of entityGuid: String) throws -> [EntityVersion]
    /// Visits every entity that has a version at or before the latest of `times`, in guid byte
    /// order, with its state at each of `times` (same order; nil where it did not exist yet or
    /// was deleted). Never holds more than one entity's versions.
    func forEachEntity(asOf times: [EventTimestamp], knownAt: EventTimestamp?,
                       _ body: (_ entityGuid: String, _ states: [[UInt8]?]) throws -> Void) throws
    /// How many version rows the index holds, current and past.
    func versionCount() throws -> Int
}
