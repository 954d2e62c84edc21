import ArgumentParser
import DataCollectPrivacy

/// `datacollect policy ...`: work with privacy policy files (`Policies/`, `docs/POLICIES.md`).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with privacy policy files: retention rules, legal holds and anonymization profiles.",
        discussion: """
        Example:
          datacollect policy check \\
            Policies/examples/household-registry-retention.yaml
        """,
        subcommands: [PolicyCheckCommand.self])
}

/// `datacollect policy check FILE`: reads a policy file and reports every problem in it.
struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a policy file and list every problem in it, with line, column and key.",
        discussion: """
            Prints "OK: <name> version <v>: ..." when the file can be used. Otherwise prints one \
            problem per line on stderr (file:line:column: key: what is wrong and what is expected) \
            and exits with 1. Nothing is read from or written to any database.

            Example:
              datacollect policy check \\
                Policies/examples/household-registry-retention.yaml
            """)

    @Argument(help: ArgumentHelp("The policy file (YAML).", valueName: "FILE"))
    var file: String

    func run() throws {
        try runReportingFailures {
            let policy: PrivacyPolicy
            do throws(PolicyError) {
                policy = try PolicyLoader.load(path: file)
            } catch {
                for problem in error.problems { Console.error(problem.description) }
                throw ExitCodes.usage
            }
            Console.print("OK: \(policy.metadata.name) version \(policy.metadata.version): "
                + Self.count(policy.retention.count, "retention rule") + ", "
                + Self.count(policy.legalHolds.count, "legal hold") + ", "
                + Self.count(policy.profiles.count, "profile"))
        }
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
