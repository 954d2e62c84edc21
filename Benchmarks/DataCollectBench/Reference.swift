import Foundation

/// Timing and the reference tools measured in the same run.
enum Bench {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    /// Processor time (user and system, all threads) this process has used so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Runs a shell pipeline and returns its wall time; fails loudly if it fails.
    ///
    /// The pipeline gets this process's environment without what `stdbuf` (or any preload)
    /// puts there: `stdbuf -oL datacollect-bench …`, handy to watch the figures arrive, would
    /// otherwise make the reference tools line-buffered too, and `sqlite3` writing one line per
    /// row into a pipe runs about twice as long.
    static func shell(_ command: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = ProcessInfo.processInfo.environment.filter { key, _ in
            key != "LD_PRELOAD" && !key.hasPrefix("_STDBUF_")
        }
        process.standardOutput = FileHandle.nullDevice
        let time = try seconds {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw BenchError(message: "The reference command failed (\(process.terminationStatus)): \(command)")
        }
        return time
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func rate(_ count: Int, _ seconds: Double) -> String {
        String(format: "%.0f/s", Double(count) / seconds)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
