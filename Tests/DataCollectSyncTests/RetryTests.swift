import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import Synchronization
import Testing

@Suite("Transient failures are retried with backoff; the client's own errors are not")
struct RetryTests {
    @Test func fullJitterStaysUnderAnExponentialCeiling() {
        for draw in [0.0, 0.25, 0.999] {
            let policy = RetryPolicy(maxAttempts: 6, baseDelaySeconds: 0.5, maxDelaySeconds: 3, random: { draw })
            #expect(policy.delaySeconds(beforeRetry: 1) == draw * 0.5)
            #expect(policy.delaySeconds(beforeRetry: 2) == draw * 1)
            #expect(policy.delaySeconds(beforeRetry: 3) == draw * 2)
            #expect(policy.delaySeconds(beforeRetry: 4) == draw * 3)  // capped
            #expect(policy.delaySeconds(beforeRetry: 60) == draw * 3)
            // A server's Retry-After is waited for, up to the cap.
            #expect(policy.delaySeconds(beforeRetry: 1, retryAfterSeconds: 2) == 2)
            #expect(policy.delaySeconds(beforeRetry: 1, retryAfterSeconds: 900) == 3)
        }
        #expect(RetryPolicy.isTransient(status: 503) && RetryPolicy.isTransient(status: 429))
        #expect(!RetryPolicy.isTransient(status: 403) && !RetryPolicy.isTransient(status: 413))
    }

    @Test func unavailableAndUnreachableMomentsAreRetried() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            try device.record([fieldEvent("e-1", entity: "person-1")])
            let faulty = FaultyTransport(server.transport) { route, earlier in
                switch (route, earlier) {
                case ("/api/users/login", 0): .status(503)
                case ("/api/v2/sync/push", 0): .refuseConnection
                case ("/api/v2/checkpoints", 0), ("/api/v2/checkpoints", 1): .status(429)
                default: .none
                }
            }
            let waits = Mutex<[Double]>([])
            let report = try await device.sync(server, transport: faulty) { configuration in
                configuration.retry = RetryPolicy(maxAttempts: 3, baseDelaySeconds: 0.01, maxDelaySeconds: 0.02,
                                                  random: { 0.5 }, sleep: { seconds in waits.withLock { $0.append(seconds) } })
            }
            #expect(report.push.accepted == 1 && report.pull.pulled == 1)
            #expect(waits.withLock { $0 } == [0.005, 0.005, 0.005, 0.01])
        }
    }

    @Test func refusalsOtherThanTooManyRequestsAreNotRetried() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            let counting = FaultyTransport(server.transport) { _, _ in .none }
            // The collector does not hold tenant beta: 403, once.
            let error = await #expect(throws: SyncError.self) {
                try await device.sync(server, transport: counting) { $0.tenant = "beta" }
            }
            #expect(error?.status == 403)
            #expect(counting.requests(to: "/api/v2/checkpoints") == 1)

            let wrongPassword = await #expect(throws: SyncError.self) {
                try await device.sync(server, transport: counting) {
                    $0.credentials = .password(email: SyncServerFixture.collectorEmail, password: "wrong password")
                }
            }
            #expect(wrongPassword?.status == 401)
            #expect(counting.requests(to: "/api/users/login") == 2)
        }
    }

    @Test func anUnreachableServerIsAConnectionErrorAfterEveryAttempt() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        let device = try Device("device", in: fixture)
        var configuration = SyncConfiguration(serverURL: "http://127.0.0.1:1", tenant: "alpha", credentials: .token("unused"))
        configuration.retry = RunningServer.quickRetry
        configuration.requestTimeoutSeconds = 0.3  // the client keeps trying to connect until then
        let syncer = try InternalSyncManager(manager: device.manager, configuration: configuration)
        let error = await #expect(throws: SyncError.self) { try await syncer.sync() }
        #expect(error.map { if case .connection(attempts: 3, _) = $0 { true } else { false } } == true)
    }

    @Test func unusableSettingsAreRefusedUpFront() throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        let device = try Device("device", in: fixture)
        for url in ["ftp://example.org", "example.org", "http://example.org/?configId=x"] {
            #expect(throws: SyncError.self) {
                try InternalSyncManager(manager: device.manager,
                                        configuration: SyncConfiguration(serverURL: url, tenant: "alpha", credentials: .token("t")))
            }
        }
        #expect(throws: SyncError.self) {
            try InternalSyncManager(manager: device.manager,
                                    configuration: SyncConfiguration(serverURL: "http://example.org", tenant: "../etc", credentials: .token("t")))
        }
        #expect(throws: SyncError.self) {
            try InternalSyncManager(manager: device.manager, configuration: SyncConfiguration(
                serverURL: "http://example.org", tenant: "alpha", credentials: .token("t"), serverKey: "someone+01020304+AQ=="))
        }
        #expect("\(SyncCredentials.password(email: "a@example.org", password: "secret"))" == "email and password")
    }
}
