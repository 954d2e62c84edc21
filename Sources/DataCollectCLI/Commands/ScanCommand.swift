import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy

/// `datacollect scan EXPORT --db FILE --policy FILE --profile NAME`: leftovers in a release.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Check an anonymized release for leftovers: original identifier values from the store, and the policy's patterns.",
        discussion: """
            Every payload file (under data/) is read. Every original value of the fields the profile \
            does not release as they are (taken from \
            the store's entities and every event) and every pattern the policy declares must be \
            absent. Each finding names the file, the line and the rule, never the value. Exit code \
            3 when something is found.

            Example:
              datacollect scan --db registry.sqlite release.tar.gz \\
                --policy Policies/examples/research-extract.yaml \\
                --profile research-extract
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The release package (a directory, .tar.gz or .zip).")
    var export: String

    @Option(help: ArgumentHelp("The policy file the release was made with.", valueName: "FILE"))
    var policy: String

    @Option(help: "The profile the release was made with.")
    var profile: String

    func run() throws {
        try runReportingFailures {
            let loaded = try loadPolicy(policy)
            guard let chosen = loaded.profile(named: profile) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "The policy has no profile named \(profile).")
            }
            let manager = try store.manager()
            let scanner = try LeftoverScanner(profile: chosen, policy: loaded, store: manager.store)
            var findings: [LeftoverFinding] = []
            var lines = 0
            try PackageLines.forEach(in: export) { file, line, bytes in
                // The payload; tag files hold checksums and sizes, which a number pattern would match.
                guard file.hasPrefix("data/") else { return }
                lines += 1
                findings += scanner.scan(file: file, line: line, bytes: bytes)
            }
            if output.json {
                Console.printJSON(["lines": .number(JSONNumber(lines)), "valuesSearched": .number(JSONNumber(scanner.valueCount)),
                                   "findings": .array(findings.map { .object(["file": .string($0.file), "line": .number(JSONNumber($0.line)),
                                                                              "rule": .string($0.rule)]) })])
            } else {
                for finding in findings { Console.print("\(finding)") }
                Console.print("\(findings.count) findings in \(lines) lines (\(scanner.valueCount) original values and "
                    + "\(loaded.leftoverPatterns.count) patterns searched).")
            }
            if !findings.isEmpty { throw ExitCodes.integrityFailure }
        }
    }
}
