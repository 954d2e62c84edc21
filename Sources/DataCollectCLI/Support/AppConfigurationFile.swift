import DataCollectIntegrity
import Foundation

/// A tenant's app configuration file (JSON, as `GET /api/apps/{id}` serves it), read for
/// `external-sync --config` and `sync --app-config`.
enum AppConfigurationFile {
    /// The file's JSON; a usage error naming the file when it cannot be read or parsed.
    static func read(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the app configuration \(path).")
        }
        do {
            return try JSONParser.parse(Array(data))
        } catch {
            throw CommandFailure(exit: ExitCodes.usage, message: "The app configuration \(path) is not valid JSON: \(error)")
        }
    }
}
