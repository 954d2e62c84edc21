import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation
import Testing

@Suite("serve, user add and sync")
struct ServerCommandTests {
    @Test func serveRefusesToStartWithoutAUsableSecret() async throws {
        let server = Scratch.path("server.sqlite")
        let missing = await datacollectAsync(["serve", "--sqlite", server, "--jwt-secret-file", Scratch.path("absent")])
        #expect(missing.exitCode == 1)
        #expect(missing.error.contains("Cannot read the JWT secret file"))
        let short = await datacollectAsync(["serve", "--sqlite", server, "--jwt-secret-file", Scratch.write("too short\n", "secret")])
        #expect(short.exitCode == 1)
        #expect(short.error.contains("at least 32 bytes"))
    }

    @Test func userAddCreatesAnAccountWithAHashedPassword() async throws {
        let server = Scratch.path("server.sqlite")
        let password = Scratch.write("a long enough password\n", "password")
        let added = await datacollectAsync(["user", "add", "--sqlite", server, "--email", "Officer@Example.org", "--role", "admin",
                                            "--password-file", password, "--bcrypt-cost", "4"])
        #expect(added.exitCode == 0, "\(added.error)")
        let account = try #require(try SQLiteAccountDirectory.open(path: server).user(email: "officer@example.org"))
        #expect(account.role == .admin)
        #expect(account.passwordHash.hasPrefix("$2"))
        #expect(!account.passwordHash.contains("long enough"))

        let again = await datacollectAsync(["user", "add", "--sqlite", server, "--email", "officer@example.org", "--role", "auditor",
                                            "--password-file", password, "--bcrypt-cost", "4"])
        #expect(again.exitCode == 1)
        #expect(again.error.contains("already exists"))
        let weak = await datacollectAsync(["user", "add", "--sqlite", server, "--email", "b@example.org", "--role", "auditor",
                                           "--password-file", Scratch.write("short\n", "weak")])
        #expect(weak.exitCode == 1)
        #expect(weak.error.contains("12 characters"))
        let foreign = await datacollectAsync(["user", "add", "--sqlite", server, "--email", "c@example.org", "--role", "collector",
                                              "--tenant", "nowhere", "--password-file", password])
        #expect(foreign.exitCode == 1)
        #expect(foreign.error.contains("no tenant nowhere"))
        let role = await datacollectAsync(["user", "add", "--sqlite", server, "--email", "d@example.org", "--role", "root",
                                           "--password-file", password])
        #expect(role.exitCode == 1)
    }

    /// An app configuration that cannot give the key to pin stops `sync` before it connects.
    @Test func syncRefusesAnAppConfigurationThatCannotPinTheKey() async throws {
        let db = Scratch.path("device-\(UUID().uuidString).sqlite")
        let key = try NoteSigner.generate(name: "datacollect-server/alpha/1").verifierKey
        let other = try NoteSigner.generate(name: "datacollect-server/alpha/2").verifierKey
        let token = Scratch.write("token\n", "token-\(UUID().uuidString)")
        func sync(_ config: JSONValue, _ extra: [String] = []) async -> CommandResult {
            let file = Scratch.write(config.canonicalString, "app-\(UUID().uuidString).json")
            return await datacollectAsync(["sync", "--db", db, "--server", "http://127.0.0.1:9", "--tenant", "alpha",
                                           "--token-file", token, "--app-config", file] + extra)
        }
        let otherTenant = await sync(["id": "beta", "checkpointKey": .string(key)])
        #expect(otherTenant.exitCode == 1 && otherTenant.error.contains("for the tenant beta, not alpha"))
        let noKey = await sync(["id": "alpha"])
        #expect(noKey.exitCode == 1 && noKey.error.contains("no checkpointKey"))
        let notAKey = await sync(["id": "alpha", "checkpointKey": "AAAA"])
        #expect(notAKey.exitCode == 1 && notAKey.error.contains("not a checkpoint verifier key"))
        let disagreeing = await sync(["id": "alpha", "checkpointKey": .string(key)], ["--server-key", other])
        #expect(disagreeing.exitCode == 1 && disagreeing.error.contains("differ"))
    }
}
