import DataCollectCore
import DataCollectSQLite
import Foundation
import Testing

@Suite("serve and user add")
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
}
