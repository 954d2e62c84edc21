import DataCollectIntegrity
import ArgumentParser
import DataCollectCore
import DataCollectReports
import DataCollectServer

/// An error that ends a command: a sentence for stderr and an exit code from the table.
struct CommandFailure: Error, CustomStringConvertible {
    let exit: ExitCode
    let message: String

    var description: String { message }

    /// Maps library errors to the exit-code table.
    static func from(_ error: any Error) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        // The server's account rules (a weak password, a taken email) are usage errors here.
        if let error = error as? APIError { return CommandFailure(exit: ExitCodes.usage, message: error.description) }
        // A report folder that holds files, is a file, or cannot be made: choose another --out.
        if let error = error as? ReportWriteError, [.folderNotEmpty, .notAFolder, .cannotCreateFolder].contains(error.reason) {
            return CommandFailure(exit: ExitCodes.usage, message: error.description)
        }
        if let error = error as? DataCollectError {
            switch error.code {
            case .entityNotFound, .entityDeleted: return CommandFailure(exit: ExitCodes.notFound, message: error.description)
            case .storeCorrupted: return CommandFailure(exit: ExitCodes.integrityFailure, message: error.description)
            case .invalidTime, .invalidCriteria: return CommandFailure(exit: ExitCodes.usage, message: error.description)
            default: return CommandFailure(exit: ExitCodes.rejectedInput, message: error.description)
            }
        }
        return CommandFailure(exit: ExitCodes.integrityFailure, message: "\(error)")
    }
}

/// Runs a command body, printing any failure as one line on stderr and exiting with its code.
func runReportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw reported(error)
    }
}

/// The same, for the commands that run asynchronously (the server and its accounts).
func runReportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        throw reported(error)
    }
}

private func reported(_ error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    let failure = CommandFailure.from(error)
    Console.error("error: \(failure.message)")
    return failure.exit
}
