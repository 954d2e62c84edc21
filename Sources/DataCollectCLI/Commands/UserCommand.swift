import ArgumentParser
import DataCollectCore
import DataCollectServer
import DataCollectSQLite
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the sync server's accounts.",
        discussion: """
        Example:
          datacollect user add --sqlite server.sqlite --email officer@example.org \\
            --role auditor --password-file password.txt
        """,
        subcommands: [UserAddCommand.self])
}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a server account (the first admin, say) directly in the server database.",
        discussion: """
        The password is read from the first line of standard input (or of --password-file), never \
        from the command line, which other users of the machine can see.

        Example:
          printf '%s\\n' "$ADMIN_PASSWORD" | datacollect user add \\
            --sqlite server.sqlite --email officer@example.org --role admin
        """)

    @OptionGroup var storage: ServerStorageOptions
    @Option(help: "The account's email address.") var email: String
    @Option(help: "admin, auditor or collector.") var role: String
    @Option(name: .customLong("tenant"), help: "A tenant the account may reach (repeat for several).") var tenants: [String] = []
    @Option(help: ArgumentHelp("Read the password from this file's first line instead of standard input.", valueName: "FILE"))
    var passwordFile: String?
    @Option(help: "bcrypt cost of the password hash.") var bcryptCost: UInt8 = 12

    func run() async throws {
        try await runReportingFailures {
            guard let role = Role(parsing: role) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "--role must be admin, auditor or collector.")
            }
            guard let password = try readPassword(), !password.isEmpty else {
                throw CommandFailure(exit: ExitCodes.usage, message: "Give the password on the first line of standard input or of --password-file.")
            }
            let directory = try storage.directory()
            let known = Set(try directory.tenants().map(\.id))
            if let unknown = tenants.first(where: { !known.contains($0) }) {
                throw CommandFailure(exit: ExitCodes.usage, message: "There is no tenant \(unknown) in \(storage.describedLocation).")
            }
            let account = try await AccountCreation(bcryptCost: bcryptCost)
                .create(email: email, password: password, role: role, tenants: tenants, in: directory)
            Console.print("Created account \(account.id) (\(account.role.rawValue)).")
        }
    }

    private func readPassword() throws -> String? {
        guard let passwordFile else { return readLine(strippingNewline: true) }
        guard let data = FileManager.default.contents(atPath: passwordFile) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the password file \(passwordFile).")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
    }
}
