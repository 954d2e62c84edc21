import ArgumentParser
@testable import DataCollectCLI
import Testing

/// Every command's `--help` ends with at least one example a data officer can copy.
@Suite("Help texts")
struct HelpExamplesTests {
    /// Every command below the root, with its path (`policy check`).
    static func commands(under command: any ParsableCommand.Type, path: [String] = []) -> [(String, any ParsableCommand.Type)] {
        command.configuration.subcommands.flatMap { sub -> [(String, any ParsableCommand.Type)] in
            let name = sub.configuration.commandName ?? String(describing: sub)
            return [((path + [name]).joined(separator: " "), sub)] + commands(under: sub, path: path + [name])
        }
    }

    @Test func everyCommandsHelpHasAnExampleThatNamesIt() {
        let all = Self.commands(under: DataCollectCommand.self)
        #expect(all.count > 30)
        for (path, command) in all {
            let help = DataCollectCommand.helpMessage(for: command)
            #expect(help.contains("Example"), "datacollect \(path) --help has no example")
            #expect(help.contains("datacollect \(path.split(separator: " ").first ?? "")"), "the example of \(path) runs datacollect \(path)")
            // Examples fit the 80-column help: no line of one is wrapped to the left margin.
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            if let start = lines.firstIndex(where: { $0.hasPrefix("Example") }) {
                let example = lines[(start + 1)...].prefix { !$0.hasPrefix("USAGE") && !$0.isEmpty }
                #expect(example.allSatisfy { $0.hasPrefix("  ") }, "datacollect \(path): an example line wraps: \(example)")
            }
        }
    }
}
