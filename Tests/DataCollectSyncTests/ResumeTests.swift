import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import DataCollectTestSupport
import Testing

@Suite("Interrupted syncs resume with no loss and no duplicates")
struct ResumeTests {
    @Test func aCrashBetweenPushAndPullLosesAndDuplicatesNothing() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            try device.record((1 ... 4).map { fieldEvent("e-\($0)", entity: "person-\($0)", minute: $0) })
            let pushed = try await device.syncer(server).push()
            #expect(pushed.accepted == 4)
            // The app dies here; a new process makes a new client over the same store.
            let resumed = try await device.sync(server)
            #expect(resumed.push.pushed == 0)
            #expect(resumed.pull.pulled == 4 && resumed.pull.alreadyPresent == 4)

            let other = try Device("other", in: fixture)
            try await other.sync(server)
            let serverManager = try fixture.tenantManager()
            #expect(try serverManager.store.read { try $0.eventCount() } == 4)
            #expect(try device.stateHash() == serverManager.stateHash())
            #expect(try other.stateHash() == serverManager.stateHash())
        }
    }

    @Test func aLostPushAnswerIsSentAgainAndKeptOnce() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            try device.record((1 ... 3).map { fieldEvent("e-\($0)", entity: "person-\($0)", minute: $0) })

            // Every answer to a push is lost: the server kept the events, the device never heard.
            let silent = FaultyTransport(server.transport) { route, _ in route == "/api/v2/sync/push" ? .loseAnswer : .none }
            let error = await #expect(throws: SyncError.self) { try await device.sync(server, transport: silent) }
            #expect(error.map { if case .connection(attempts: 3, _) = $0 { true } else { false } } == true)
            #expect(silent.requests(to: "/api/v2/sync/push") == 3)
            #expect(try device.status().unsyncedEvents == 3)  // not marked as pushed

            // The first answer is lost, the retry's arrives.
            let flaky = FaultyTransport(server.transport) { route, earlier in
                route == "/api/v2/sync/push" && earlier == 0 ? .loseAnswer : .none
            }
            let report = try await device.sync(server, transport: flaky)
            #expect(report.push.pushed == 3 && report.push.duplicates == 3 && report.push.accepted == 0)
            #expect(try device.status().unsyncedEvents == 0)
            #expect(try fixture.tenantManager().store.read { try $0.eventCount() } == 3)
        }
    }

    @Test func eventsAppliedBeforeTheCursorWasSavedAreAppliedOnceMore() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let author = try Device("author", in: fixture)
            try author.record((1 ... 5).map { fieldEvent("e-\($0)", entity: "person-\($0 % 3)", type: "update-individual",
                                                         data: ["visits": .number(JSONNumber($0))], minute: $0) }
                + [fieldEvent("c-1", entity: "person-1", minute: 0)])
            try await author.sync(server)

            let reader = try Device("reader", in: fixture)
            // Rounds of at most three events, pages of two: verified and applied a round at a time.
            let first = try await reader.sync(server) {
                $0.pullPageSize = 2
                $0.maxEventsPerRound = 3
            }
            #expect(first.pull.rounds == 2 && first.pull.applied == 6)
            let hash = try reader.stateHash()
            // As if the cursor had fallen behind the events (pages and cursors now land in one
            // transaction, but a store may hold events from elsewhere): they are applied once more.
            try reader.store.write { transaction in
                try transaction.setMetadata("sync.alpha.pullCursor", "2")
                try transaction.setMetadata("sync.alpha.pulledLeaves", "2")
            }
            let again = try await reader.sync(server) { $0.pullPageSize = 2 }
            #expect(again.pull.pulled == 4 && again.pull.alreadyPresent == 4 && again.pull.applied == 0)
            #expect(try reader.stateHash() == hash)
            #expect(try reader.eventCount() == 6)
            #expect(try reader.stateHash() == fixture.tenantManager().stateHash())
        }
    }

    @Test func aPageAndTheCursorItReachedLandTogetherOrNotAtAll() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let author = try Device("author", in: fixture)
            try author.record((1 ... 4).map { fieldEvent("e-\($0)", entity: "person-\($0)", minute: $0) })
            try await author.sync(server)

            // The reader's disk refuses the write that moves its pull cursor (a trigger stands in
            // for a full disk at that moment): the page's events must not stay without it.
            let reader = try Device("reader", in: fixture)
            let database = fixture.devicesFolder + "/reader.sqlite"
            try SQLiteShell.run(database, """
                CREATE TRIGGER refuse_new_cursor BEFORE INSERT ON store_metadata
                WHEN NEW.key = 'sync.alpha.pullCursor' AND NEW.value != '0'
                BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                CREATE TRIGGER refuse_cursor BEFORE UPDATE ON store_metadata
                WHEN NEW.key = 'sync.alpha.pullCursor' AND NEW.value != '0'
                BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                """)
            await #expect(throws: (any Error).self) { try await reader.sync(server) }
            #expect(try reader.eventCount() == 0, "the failed page's events were rolled back with its cursor")
            #expect(try reader.status().pullCursor == 0)

            try SQLiteShell.run(database, "DROP TRIGGER refuse_new_cursor; DROP TRIGGER refuse_cursor")
            let report = try await reader.sync(server)
            #expect(report.pull.applied == 4 && report.pull.alreadyPresent == 0)
            #expect(try reader.stateHash() == fixture.tenantManager().stateHash())
        }
    }
}
