import DataCollectCore
import DataCollectIntegrity
import DataCollectServer
import DataCollectSync
import Testing

@Suite("Push and pull through a live server")
struct RoundTripTests {
    @Test func eventsReachAnotherDeviceAndSyncingAgainChangesNothing() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let first = try Device("first", in: fixture)
            let second = try Device("second", in: fixture)
            try first.record([
                fieldEvent("e-1", entity: "person-1", data: ["name": "Person A", "village": "North"], minute: 1),
                fieldEvent("e-2", entity: "person-2", data: ["name": "Person B"], minute: 2),
                fieldEvent("e-3", entity: "person-1", type: "update-individual", data: ["village": "South"], minute: 3),
            ])

            // The first device's own HTTP client (made and shut down by the call itself).
            let ownClient = try InternalSyncManager(manager: first.manager, configuration: server.configuration())
            let pushed = try await ownClient.sync()
            #expect(pushed.push.pushed == 3 && pushed.push.accepted == 3)
            #expect(pushed.pull.pulled == 3 && pushed.pull.alreadyPresent == 3 && pushed.pull.applied == 0)
            #expect(pushed.pull.checkpoint?.size == 3)
            #expect(!pushed.hasRefusals)

            let pulled = try await second.sync(server)
            #expect(pulled.push.pushed == 0)
            #expect(pulled.pull.pulled == 3 && pulled.pull.applied == 3)
            let serverHash = try fixture.tenantManager().stateHash()
            #expect(try first.stateHash() == serverHash)
            #expect(try second.stateHash() == serverHash)
            // What came from the server is marked so, and is never pushed back.
            let received = try second.store.read { try $0.events(afterSeq: 0, limit: 10) }
            #expect(received.allSatisfy { $0.event.syncLevel == .remote })
            #expect(try second.status().unsyncedEvents == 0)

            for device in [first, second] {
                let again = try await device.sync(server)
                #expect(again.push.pushed == 0 && again.pull.pulled == 0)
                #expect(again.pull.checkpoint?.size == 3)
            }
            #expect(try fixture.tenantManager().store.read { try $0.eventCount() } == 3)
            let status = try first.status()
            #expect(status.checkpoint?.size == 3 && status.serverKey != nil && status.server == server.url)
        }
    }

    @Test func refusedEventsStayVisibleWithTheirReasons() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            // This device accepts longer guids than the server does.
            var lenient = EventLimits()
            lenient.maxGuidLength = 200
            let device = try Device("lenient", in: fixture, limits: lenient)
            let other = try Device("other", in: fixture)
            try other.record([fieldEvent("shared-guid", entity: "person-1", data: ["name": "Person A"], minute: 1)])
            try await other.sync(server)

            let longGuid = String(repeating: "g", count: 150)
            try device.record([
                fieldEvent("shared-guid", entity: "person-1", data: ["name": "Person B"], minute: 1),
                fieldEvent(longGuid, entity: "person-2", minute: 2),
                fieldEvent("fine", entity: "person-3", minute: 3),
            ])
            let report = try await device.sync(server)
            #expect(report.push.pushed == 3 && report.push.accepted == 1)
            #expect(report.push.conflicts == 1 && report.push.rejected == 1)
            // The server's version of the shared guid is refused here in turn, and said so.
            #expect(report.pull.conflicts == 1)
            #expect(report.hasRefusals)

            let status = try device.status()
            #expect(status.unsyncedEvents == 0)
            let byKey = Dictionary(uniqueKeysWithValues: status.rejections.map { ("\($0.direction.rawValue)/\($0.eventGuid)", $0) })
            #expect(byKey.count == 3)
            #expect(byKey["push/\(longGuid)"]?.outcome == .rejected)
            #expect(byKey["push/\(longGuid)"]?.code == "INVALID_FORM")
            #expect(byKey["push/\(longGuid)"]?.field == "guid")
            #expect(byKey["push/shared-guid"]?.code == "DUPLICATE_EVENT_GUID")
            #expect(byKey["pull/shared-guid"]?.outcome == .conflict)
            #expect(status.rejections.allSatisfy { !$0.message.isEmpty })

            // Syncing again sends nothing again, and the refusals stay listed.
            let again = try await device.sync(server)
            #expect(again.push.pushed == 0 && again.pull.pulled == 0 && !again.hasRefusals)
            #expect(try device.status().rejections.count == 3)
        }
    }

    @Test func batchesTooLargeForTheServerAreHalved() async throws {
        let fixture = try SyncServerFixture { $0.maxPushBatch = 2 }
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            try device.record((1 ... 5).map { fieldEvent("e-\($0)", entity: "person-\($0)", minute: $0) })
            let report = try await device.sync(server) { $0.pushBatchSize = 8 }
            #expect(report.push.pushed == 5 && report.push.accepted == 5)
            #expect(report.push.batches == 3)
            #expect(try fixture.tenantManager().store.read { try $0.eventCount() } == 5)
        }
    }

    @Test func anAccessTokenCanReplaceThePassword() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let token = try await server.login(SyncServerFixture.collectorEmail)
            let device = try Device("device", in: fixture)
            try device.record([fieldEvent("e-1", entity: "person-1")])
            let report = try await device.sync(server) { $0.credentials = .token(token) }
            #expect(report.push.accepted == 1 && report.pull.pulled == 1)

            await #expect(throws: SyncError.self) {
                try await device.sync(server) { $0.credentials = .token("not-a-token") }
            }
        }
    }

    /// What people did on the device that no event records (here a time-travel query) reaches
    /// the server's audit trail once, under the account that delivered it; what the fold wrote
    /// for events stays on the device (the server writes its own).
    @Test func theDevicesOwnAuditEntriesReachTheServerOnce() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            try device.record([fieldEvent("e-1", entity: "person-1", minute: 1)])
            try device.manager.recordAccess(action: "time-travel-query", actor: "officer-on-device", entityGuid: "person-1",
                                            details: ["asOf": "2024-01-01T00:00:00Z"], at: .now())
            let first = try await device.sync(server)
            #expect(first.auditEntriesPushed == 1)
            let again = try await device.sync(server)
            #expect(again.auditEntriesPushed == 0, "nothing is delivered twice")

            let trail = try fixture.tenantManager().store.read { try $0.auditEntries(afterSeq: 0, limit: 10_000) }
            let delivered = trail.filter { $0.entry.action.hasPrefix("client:") }
            #expect(delivered.map(\.entry.action) == ["client:time-travel-query"])
            #expect(delivered.first?.entry.entityGuid == "person-1")
            #expect(delivered.first?.entry.changes["claimedUserId"]?.stringValue == "officer-on-device")
        }
    }
}
