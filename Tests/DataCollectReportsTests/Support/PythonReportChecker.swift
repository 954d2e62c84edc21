import Foundation

/// Runs the independent Python checks of `scripts/`: `check-report.py` (JSON Schema, strict
/// HTML5 parse, no scripts or external resources, charts and CSV files) and `check-png.py`.
///
/// They run in a virtual environment under the temporary directory
/// (`datacollect-report-check-venv`, with html5lib, jsonschema, referencing and pypng), made
/// once per test process on first use and reused afterwards, also by later processes. A failed
/// setup throws ``SetupFailure`` with pip's output, so the calling test fails.
enum PythonReportChecker {
    static let packages = ["html5lib", "jsonschema", "referencing", "pypng"]

    /// The package's root folder, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // DataCollectReportsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var schemasFolder: String { packageRoot.appendingPathComponent("Reports/schemas").path }

    /// `check-report.py REPORT_FOLDER SCHEMAS_FOLDER`: status 0 and "ok", or 1 and one line per problem.
    static func checkReport(_ folder: String, schemas: String = schemasFolder) throws -> (status: Int32, output: String) {
        let script = packageRoot.appendingPathComponent("scripts/check-report.py").path
        return try ProcessRunner.run(try python(), [script, folder, schemas])
    }

    /// `check-png.py PNG`: status 0 when the picture is a PNG that is not blank.
    static func checkPNG(_ path: String) throws -> (status: Int32, output: String) {
        let script = packageRoot.appendingPathComponent("scripts/check-png.py").path
        return try ProcessRunner.run(try python(), [script, path])
    }

    /// The virtual environment's Python, set up on first use.
    static func python() throws -> String {
        try environment.get()
    }

    struct SetupFailure: Error, CustomStringConvertible {
        var step: String
        var output: String
        var description: String {
            "Setting up the Python report checker failed at `\(step)` (it needs python3 with venv, see "
                + "scripts/install-deps.sh, and access to PyPI):\n\(output)"
        }
    }

    private static let environment: Result<String, SetupFailure> = {
        do {
            return .success(try makeEnvironment())
        } catch let failure as SetupFailure {
            return .failure(failure)
        } catch {
            return .failure(SetupFailure(step: "running python3", output: "\(error)"))
        }
    }()

    private static func makeEnvironment() throws -> String {
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("datacollect-report-check-venv").path
        let python = venv + "/bin/python"
        let probe = ["-c", "import html5lib, jsonschema, referencing, png"]
        // Another test process may be making the same environment: take turns.
        let lock = try FileLock(path: venv + ".lock")
        defer { lock.unlock() }
        if FileManager.default.isExecutableFile(atPath: python), try ProcessRunner.run(python, probe).status == 0 {
            return python
        }
        let create = try ProcessRunner.run("/usr/bin/env", ["python3", "-m", "venv", "--clear", venv])
        guard create.status == 0 else { throw SetupFailure(step: "python3 -m venv --clear \(venv)", output: create.output) }
        let install = try ProcessRunner.run(
            venv + "/bin/pip", ["install", "--disable-pip-version-check", "--no-input"] + packages)
        guard install.status == 0 else {
            throw SetupFailure(step: "pip install \(packages.joined(separator: " "))", output: install.output)
        }
        let check = try ProcessRunner.run(python, probe)
        guard check.status == 0 else { throw SetupFailure(step: "python \(probe.joined(separator: " "))", output: check.output) }
        return python
    }
}

/// An exclusive lock on a file (flock), held until ``unlock()``.
struct FileLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw PythonReportChecker.SetupFailure(step: "open \(path)", output: String(cString: strerror(errno)))
        }
        while flock(descriptor, LOCK_EX) != 0, errno == EINTR {}
    }

    func unlock() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Runs programs for the tests.
enum ProcessRunner {
    /// Runs to completion; standard output and error together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read to the end before waiting, so a full pipe cannot stall the child.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs with a time limit, output discarded; the process is killed when it runs over.
    /// Returns the exit status, or nil when it was killed.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration) throws -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        Thread.sleep(forTimeInterval: 2)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return nil
    }
}
