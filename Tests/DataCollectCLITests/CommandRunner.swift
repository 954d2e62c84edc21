import ArgumentParser
@testable import DataCollectCLI
import Foundation

/// Runs `datacollect` commands in-process and captures what they print.
struct CommandResult {
    var exitCode: Int32
    var out: String
    var error: String
}

func datacollect(_ arguments: String...) -> CommandResult {
    datacollect(arguments)
}

func datacollect(_ arguments: [String]) -> CommandResult {
    let capture = Console.Capture()
    var code: Int32 = 0
    Console.$capture.withValue(capture) {
        do {
            var command = try DataCollectCommand.parseAsRoot(arguments)
            try command.run()
        } catch let exit as ExitCode {
            code = exit.rawValue
        } catch {
            code = DataCollectCommand.exitCode(for: error).rawValue
            capture.append(DataCollectCommand.fullMessage(for: error), toError: true)
        }
    }
    return CommandResult(exitCode: code, out: capture.out, error: capture.error)
}

/// Runs a command that may be asynchronous (`serve`, `user add`) in-process.
func datacollectAsync(_ arguments: [String]) async -> CommandResult {
    let capture = Console.Capture()
    var code: Int32 = 0
    await Console.$capture.withValue(capture) {
        do {
            var command = try DataCollectCommand.parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            code = exit.rawValue
        } catch {
            code = DataCollectCommand.exitCode(for: error).rawValue
            capture.append(DataCollectCommand.fullMessage(for: error), toError: true)
        }
    }
    return CommandResult(exitCode: code, out: capture.out, error: capture.error)
}

enum Scratch {
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-cli-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func path(_ name: String) -> String { "\(folder)/\(UUID().uuidString)-\(name)" }

    static func write(_ text: String, _ name: String) -> String {
        let path = path(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}
