import DataCollectIntegrity
import Foundation

/// Where commands write: data to stdout, diagnostics to stderr. Tests capture both by binding
/// ``capture`` for the duration of a command.
enum Console {
    /// Collected output of a command run under test.
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var outText = ""
        private var errorText = ""

        var out: String { lock.withLock { outText } }
        var error: String { lock.withLock { errorText } }

        func append(_ text: String, toError: Bool) {
            lock.withLock {
                if toError { errorText += text } else { outText += text }
            }
        }
    }

    @TaskLocal static var capture: Capture?

    static func print(_ text: String) {
        write(text + "\n", toError: false)
    }

    static func error(_ text: String) {
        write(text + "\n", toError: true)
    }

    static func printJSON(_ value: JSONValue) {
        print(value.prettyPrinted())
    }

    private static func write(_ text: String, toError: Bool) {
        if let capture {
            capture.append(text, toError: toError)
        } else {
            (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
        }
    }
}
