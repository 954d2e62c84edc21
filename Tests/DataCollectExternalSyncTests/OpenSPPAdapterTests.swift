import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import Testing

/// The OpenSPP adapter against a JSON-RPC stand-in for OpenSPP (``FakeOpenSPP``), over loopback.
@Suite("OpenSPP adapter")
struct OpenSPPAdapterTests {
    static func config(url: String, password: String = OdooState.password, type: String = "openspp",
                       pageSize: Int = 2) -> ExternalSyncConfig {
        ExternalSyncConfig(type: type, url: url, extraFields: [
            .init(name: "database", value: OdooState.database), .init(name: "username", value: OdooState.login),
            .init(name: "password", value: password), .init(name: "pageSize", value: String(pageSize)),
        ])
    }

    static func synchronize(_ manager: EntityDataManager, _ config: ExternalSyncConfig) async throws -> ExternalSyncReport {
        try await WebhookAdapter.withHTTPClient(connectTimeoutSeconds: 1) { client in
            let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: config)
            return try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize()
        }
    }

    static func at(_ minute: Int) -> EventTimestamp { EventTimestamp(epochMilliseconds: 1_767_225_600_000 + Int64(minute) * 60_000) }

    /// A household registered with two members, one moving out, the household leaving.
    static let registry: [Event] = [
        Event(guid: "g-1", entityGuid: "hh-1", type: "create-group", data: [
            "name": "Household Mensah", "phone": "+000 555 0199",
            "members": [["guid": "p-1", "name": "Ama Mensah", "dateOfBirth": "1990-03-04", "sex": "female"],
                        ["guid": "p-2", "name": "Yaw Mensah", "sex": "male"]],
        ], timestamp: at(0), userId: "collector-1"),
        Event(guid: "g-2", entityGuid: "p-1", type: "update-individual", data: ["phone": "+000 555 0200"], timestamp: at(1), userId: "collector-1"),
        Event(guid: "g-3", entityGuid: "hh-1", type: "remove-member", data: ["memberId": "p-2", "reason": "moved"], timestamp: at(2), userId: "collector-1"),
        Event(guid: "g-4", entityGuid: "hh-1", type: "household-exited", data: ["exitDate": "2026-01-03", "reason": "graduated"],
              timestamp: at(3), userId: "collector-1"),
    ]

    @Test func pushCreatesRegistrantsOnceLinksMembersAndDisablesTheExitedHousehold() async throws {
        let openspp = FakeOpenSPP(registrants: [])
        try await openspp.run { url in
            let manager = EntityDataManager(store: InMemoryStore())
            #expect(try manager.submit(Self.registry).appended == 4)
            let report = try await Self.synchronize(manager, Self.config(url: url))
            #expect(report.pushed == 4)

            let partners = await openspp.state.partners.values
            let byRef = Dictionary(uniqueKeysWithValues: partners.compactMap { row in row["ref"]?.stringValue.map { ($0, row) } })
            #expect(byRef.count == 3)
            let household = try #require(byRef["datacollect:hh-1"])
            #expect(household["is_group"] == true && household["is_registrant"] == true && household["name"] == "Household Mensah")
            #expect(household["disabled"] == "2026-01-03 00:00:00" && household["disabled_reason"] == "graduated")
            let ama = try #require(byRef["datacollect:p-1"])
            #expect(ama["birthdate"] == "1990-03-04" && ama["gender"] == "female" && ama["phone"] == "+000 555 0200")
            let memberships = await openspp.state.memberships.values
            #expect(memberships.count == 2)
            let yaw = try #require(byRef["datacollect:p-2"]?["id"])
            #expect(memberships.first { $0["individual"] == yaw }?["ended_date"] == "2026-01-01")
            #expect(memberships.first { $0["individual"] == ama["id"] }?["ended_date"] == false)

            // Pushed again from the start (a lost acknowledgement): found by ref, updated, not duplicated.
            let key = ExternalSyncCursors(adapterType: "openspp").pushKey
            try manager.store.write { try $0.setMetadata(key, "0") }
            let again = try await Self.synchronize(manager, Self.config(url: url))
            #expect(again.pushed == 4)
            #expect(await openspp.state.partners.count == 3)
            #expect(await openspp.state.memberships.count == 2)
        }
    }

    @Test func pullBringsRegistrantsAsExternalEventsWithoutSkippingSameSecondChanges() async throws {
        let openspp = FakeOpenSPP()
        try await openspp.run { url in
            let manager = EntityDataManager(store: InMemoryStore())
            // Pages of two, and three registrants changed in the same second: the cursor
            // (write_date, id) must not skip the third.
            let report = try await Self.synchronize(manager, Self.config(url: url, type: "openspp-adapter", pageSize: 2))
            #expect(report.rejected.isEmpty && !report.pullCursorHeld)
            #expect(report.pulled == 5)  // four registrants (not the ministry office), one exit
            let esi = try manager.entity("openspp-42").pair.modified
            #expect(esi.type == .individual && esi.data["sex"] == "Female" && esi.data["dateOfBirth"] == "1988-02-14")
            #expect(esi.data["externalId"] == "42")
            #expect(try manager.entity("openspp-43").pair.modified.data["phone"] == "+000 555 0102")
            let boateng = try manager.entity("openspp-44").pair.modified
            #expect(boateng.data["status"] == "exited" && boateng.data["exitDate"] == "2026-05-02")
            #expect(boateng.data["exitReason"] == "moved out of the area")
            let pulled = try manager.store.read { try $0.events(afterSeq: 0, limit: 100) }
            #expect(pulled.allSatisfy { $0.event.syncLevel == .external && $0.event.userId == "external:openspp-adapter" })
            #expect(try ExternalSyncCursors(adapterType: "openspp-adapter").pullCursor(in: manager.store) == "2026-05-02 09:30:00|44")

            // A registrant changed in OpenSPP since comes back as a change of the same entity;
            // nothing else does.
            await openspp.state.setClock("2026-06-02 07:00:00")
            await openspp.state.edit(43, ["phone": "+000 555 0177"])
            let second = try await Self.synchronize(manager, Self.config(url: url, type: "openspp-adapter"))
            #expect(second.pulled == 1 && second.applied == 1)
            #expect(try manager.entity("openspp-43").pair.modified.data["phone"] == "+000 555 0177")
            let third = try await Self.synchronize(manager, Self.config(url: url, type: "openspp-adapter"))
            #expect(third.pulled == 0)
        }
    }

    @Test func aRegistrantPushedFromHereComesBackOnItsOwnEntity() async throws {
        let openspp = FakeOpenSPP(registrants: [])
        try await openspp.run { url in
            let manager = EntityDataManager(store: InMemoryStore())
            #expect(try manager.submit([Self.registry[0]]).appended == 1)
            _ = try await Self.synchronize(manager, Self.config(url: url))
            let entities = try manager.store.read { transaction in
                var guids: [String] = []
                try transaction.forEachRecord { guids.append($0.entity.guid) }
                return guids.sorted()
            }
            #expect(entities == ["hh-1", "p-1", "p-2"], "the pulled registrants are the pushed entities, not new ones")
            #expect(try manager.entity("p-1").pair.modified.data["externalId"] != nil)
        }
    }

    @Test func refusedCredentialsAndServerErrorsNameNoSecretOrValue() async throws {
        let openspp = FakeOpenSPP()
        try await openspp.run { url in
            let wrong = "synthetic-wrong-pass-0c41"
            let refused = try await #require(throws: ExternalSyncError.self) {
                try await Self.synchronize(EntityDataManager(store: InMemoryStore()), Self.config(url: url, password: wrong))
            }
            #expect(refused.code == .authenticationFailed)
            // A JSON-RPC error (its message quotes a value, as Odoo's do) names the exception
            // only, and the push cursor stays where it was.
            await openspp.state.refuse("res.partner.create")
            let manager = EntityDataManager(store: InMemoryStore())
            _ = try manager.submit([Self.registry[0]])
            let failed = await #expect(throws: ExternalSyncError.self) { try await Self.synchronize(manager, Self.config(url: url)) }
            #expect(failed?.code == .refused && failed?.message.contains("ValidationError") == true)
            #expect(try ExternalSyncCursors(adapterType: "openspp").pushCursor(in: manager.store) == 0)
            for error in [refused, failed].compactMap({ $0 }) {
                for text in [error.description, String(reflecting: error)] {
                    #expect(!text.contains(wrong) && !text.contains(OdooState.password) && !text.contains(url) && !text.contains("Esi Amanor"))
                }
            }
            let noDatabase = try await #require(throws: ExternalSyncError.self) {
                try await Self.synchronize(manager, ExternalSyncConfig(type: "openspp", url: url))
            }
            #expect(noDatabase.code == .invalidConfiguration)
        }
    }
}
