import DataCollectIntegrity

/// What changes when a re-fold replaces the versions the store knows for some entities: the
/// versions the new fold did not produce again are closed, the ones it produced for the first
/// time are opened. Versions before a late event's position come out identical and stay.
struct VersionReconciliation {
    var closed: [EntityVersion] = []
    var opened: [VersionDraft] = []

    init(current: [EntityVersion], refolded: [VersionDraft]) {
        var unmatched: [VersionDraft: Int] = [:]
        for draft in refolded { unmatched[draft, default: 0] += 1 }
        for version in current {
            let draft = VersionDraft(entityGuid: version.entityGuid, step: version.step,
                                     eventGuids: version.eventGuids, state: version.state)
            if let count = unmatched[draft], count > 0 {
                unmatched[draft] = count - 1
            } else {
                closed.append(version)
            }
        }
        for draft in refolded {
            if let count = unmatched[draft], count > 0 {
                unmatched[draft] = count - 1
                opened.append(draft)
            }
        }
    }

    /// Writes the change to the store at transaction time `time`.
    func apply(to store: any EntityHistoryStore, at time: EventTimestamp) throws {
        try store.close(closed, at: time)
        try store.insert(opened.map { $0.known(from: time) })
    }
}
