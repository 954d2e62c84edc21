import DataCollectIntegrity

extension InMemoryTransaction: EntityHistoryStore {
    func insert(_ versions: [EntityVersion]) throws {
        var touched: Set<String> = []
        for version in versions {
            state.versions[version.entityGuid, default: []].append(version)
            touched.insert(version.entityGuid)
        }
        for guid in touched {
            state.versions[guid]?.sort { ($0.step, $0.recordedFrom) < ($1.step, $1.recordedFrom) }
        }
    }

    func currentVersions(of entityGuids: Set<String>) throws -> [EntityVersion] {
        entityGuids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .flatMap { (state.versions[$0] ?? []).filter { $0.recordedTo == nil } }
    }

    func close(_ versions: [EntityVersion], at time: EventTimestamp) throws {
        for version in versions {
            guard let index = state.versions[version.entityGuid]?.firstIndex(where: {
                $0.step == version.step && $0.recordedFrom == version.recordedFrom
            }) else { continue }
            if version.recordedFrom == time {
                state.versions[version.entityGuid]?.remove(at: index)
            } else {
                state.versions[version.entityGuid]?[index].recordedTo = time
            }
        }
    }

    func removeVersions(of entityGuids: Set<String>) throws {
        for guid in entityGuids { state.versions[guid] = nil }
    }

    func removeAllVersions() throws { state.versions = [:] }

    func version(of entityGuid: String, asOf: EventTimestamp, knownAt: EventTimestamp?) throws -> EntityVersion? {
        (state.versions[entityGuid] ?? []).last { $0.step.timestamp <= asOf && $0.isKnown(at: knownAt) }
    }

    func versions(of entityGuid: String, knownAt: EventTimestamp?) throws -> [EntityVersion] {
        (state.versions[entityGuid] ?? []).filter { $0.isKnown(at: knownAt) }
    }

    func everyVersion(of entityGuid: String) throws -> [EntityVersion] { state.versions[entityGuid] ?? [] }

    func forEachEntity(asOf times: [EventTimestamp], knownAt: EventTimestamp?,
                       _ body: (String, [[UInt8]?]) throws -> Void) throws {
        var selection = AsOfSelection(times: times)
        for guid in state.versions.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            selection.reset()
            for version in (state.versions[guid] ?? []).reversed() where version.isKnown(at: knownAt) {
                selection.offer(stepTime: version.step.timestamp) { version.state }
                if selection.isComplete { break }
            }
            if selection.existsAtAnyTime { try body(guid, selection.states) }
        }
    }

    func versionCount() throws -> Int { state.versions.values.reduce(0) { $0 + $1.count } }
}
