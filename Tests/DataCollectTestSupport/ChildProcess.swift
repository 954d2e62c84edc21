import Foundation

/// Runs a program to completion as a child process and collects what it printed. Standard
/// error is read on its own thread, so a child that writes much to both streams never blocks.
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let error: String
    }

    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        nonisolated(unsafe) var complaints = Data()
        let reading = DispatchGroup()
        reading.enter()
        DispatchQueue.global().async {
            complaints = errors.fileHandleForReading.readDataToEndOfFile()
            reading.leave()
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
                      error: String(decoding: complaints, as: UTF8.self))
    }
}
