import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Writes events as JSON Lines (canonical JSON, one event per line).
enum JSONLinesWriter {
    static func write(_ events: [Event], to path: String) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.count * 400)
        for event in events {
            bytes += event.jsonValue.canonicalBytes
            bytes.append(0x0A)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Cannot write \(path): check that the folder exists and is writable.")
        }
    }
}
