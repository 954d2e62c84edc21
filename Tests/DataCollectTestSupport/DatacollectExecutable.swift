import Foundation

/// The `datacollect` executable the tests run as a child process (to kill it mid-way, as a
/// power cut or an operator would): beside the test bundle, else in the debug build folder.
public enum DatacollectExecutable {
    public static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("datacollect").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../.build/debug/datacollect").standardized.path
    }
}
