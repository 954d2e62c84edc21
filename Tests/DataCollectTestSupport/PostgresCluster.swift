public import DataCollectPostgres
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PostgreSQL cluster that the test process starts itself, once, on a free loopback
/// port, and stops and deletes when the process exits.
///
/// `PostgresCluster.shared()` finds the server binaries (the newest `/usr/lib/postgresql/*/bin`,
/// else `PATH`), runs `initdb` into `<tmp>/datacollect-pg-<pid>/data` (trust authentication, user
/// `datacollect`, UTF-8, no locale), and starts it with `pg_ctl` with durability turned off.
/// PostgreSQL refuses to run as root, so when the tests run as root the server commands run as
/// the `postgres` system user through `runuser`. Every failure throws a `PostgresClusterError`
/// naming the command, its exit status and the tail of its output or of the server log.
/// `DATACOLLECT_TEST_PG_OPTIONS` adds server options (for profiling a benchmark, e.g.
/// `-c shared_preload_libraries=pg_stat_statements`).
public enum PostgresCluster {
    /// The running cluster. Every test that needs a database asks it for a fresh one.
    public struct Instance: Sendable {
        public let host: String
        public let port: Int
        public let user: String
        /// The cluster folder: `data/` (the cluster), `log` (the server log), and the socket.
        public let directory: String
        public let binaries: Binaries

        /// Creates a fresh, uniquely named, empty database (`t_` + 16 lowercase hex digits)
        /// owned by `user`, and returns its name.
        public func createDatabase() throws -> String {
            let name = "t_" + PostgresCluster.randomHex16()
            _ = try psql(database: "postgres", command: "CREATE DATABASE \(name)")
            return name
        }

        /// Runs one SQL command with `psql` (tuples only, unaligned, stopping on the first error)
        /// and returns what it printed, trimmed.
        @discardableResult
        public func psql(database: String, command: String) throws -> String {
            let output = try PostgresCluster.runChecked([
                binaries.psql, "-X", "-At", "-h", host, "-p", String(port), "-U", user, "-d", database,
                "-v", "ON_ERROR_STOP=1", "-c", command,
            ], in: directory)
            return output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Where the server's programs are.
    public struct Binaries: Sendable {
        public let initdb: String
        public let pgCtl: String
        public let psql: String
    }

    /// The cluster of this process, started on first use. Thread-safe: a `static let` is
    /// initialised exactly once; a failed start is remembered and rethrown to every caller.
    public static func shared() throws -> Instance {
        try started.get()
    }

    private static let started: Result<Instance, any Error> = Result { try start() }

    static let user = "datacollect"
    static let host = "127.0.0.1"

    // MARK: - Starting

    private static func start() throws -> Instance {
        let binaries = try findBinaries()
        let runAs = try serverAccount()
        removeStaleClusters(binaries: binaries, runAs: runAs)

        let pid = ProcessInfo.processInfo.processIdentifier
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("datacollect-pg-\(pid)").path
        let data = directory + "/data"
        let log = directory + "/log"
        try? FileManager.default.removeItem(atPath: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw PostgresClusterError("could not create the cluster folder \(directory): \(error)")
        }
        if let account = runAs, chown(directory, account.uid, account.gid) != 0 {
            throw PostgresClusterError("could not chown \(directory) to postgres: \(String(cString: strerror(errno)))")
        }
        // From here on the folder exists: remove it (and stop the server) when the process exits.
        // Server commands run as `postgres` through `runuser` when we are root, else as ourselves.
        let asServer = runAs.map { [$0.runuser, "-u", "postgres", "--"] } ?? []
        cleanup.withLock {
            $0 = Cleanup(stopCommand: asServer + [binaries.pgCtl, "-D", data, "-m", "immediate", "-s", "stop"],
                         directory: directory)
        }
        atexit { PostgresCluster.stopAtExit() }

        let initdb = asServer + [binaries.initdb, "-D", data, "-A", "trust", "-U", user, "-E", "UTF8",
                                 "--no-locale", "--no-sync"]
        let initialised = try run(initdb, in: directory)
        guard initialised.status == 0 else {
            let hint = runAs != nil && initialised.output.contains("Permission denied")
                ? "\n(the `postgres` user cannot reach \(directory): point TMPDIR at a folder it can traverse, e.g. /tmp)"
                : ""
            throw PostgresClusterError(command: initdb, status: initialised.status, output: initialised.output + hint)
        }

        // The free port is only free until someone else takes it: retry a few times on a clash.
        var attempt = 0
        while true {
            attempt += 1
            let port = try freeLoopbackPort()
            let options = "-p \(port) -k \(directory) -c listen_addresses=\(host)"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                + (ProcessInfo.processInfo.environment["DATACOLLECT_TEST_PG_OPTIONS"].map { " " + $0 } ?? "")
            let command = asServer + withoutInheritedDescriptors
                + [binaries.pgCtl, "-D", data, "-w", "-t", "60", "-o", options, "-l", log, "start"]
            let result = try run(command, in: directory)
            if result.status == 0 {
                return Instance(host: host, port: port, user: user, directory: directory, binaries: binaries)
            }
            let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "(no server log)"
            if attempt < 3, logText.contains("Address already in use") {
                continue
            }
            throw PostgresClusterError(command: command, status: result.status,
                                       output: result.output + "\n--- server log \(log) ---\n" + logText)
        }
    }

    /// A prefix that runs a command with no descriptor above 2 open. `pg_ctl start` leaves the
    /// server running in the background with whatever descriptors it inherited, and
    /// Foundation's `Process` (on Linux) learns that its child exited when the child's end of a
    /// socket pair closes: a server holding that end would make `waitUntilExit()` wait for the
    /// server to stop. A subshell closes the descriptors and runs the command; the outer shell
    /// keeps its own end, waits, and exits with the command's status.
    private static let withoutInheritedDescriptors = [
        "/bin/bash", "-c",
        #"(for fd in /dev/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done; exec "$@"); exit $?"#,
        "bash",
    ]

    /// The account the server runs as: `postgres` (through `runuser`) when we are root, else
    /// ourselves (`nil`).
    private static func serverAccount() throws -> ServerAccount? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else {
            throw PostgresClusterError("running as root, but there is no `postgres` system user to run the server as"
                                       + " (PostgreSQL refuses to run as root); install it with scripts/install-deps.sh")
        }
        guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw PostgresClusterError("running as root, but `runuser` is missing: cannot run the server as `postgres`")
        }
        return ServerAccount(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, runuser: runuser)
    }

    private struct ServerAccount {
        let uid: uid_t
        let gid: gid_t
        let runuser: String
    }

    /// `initdb`, `pg_ctl` and `psql`: from the newest `/usr/lib/postgresql/<version>/bin`
    /// (Debian puts the server there, off `PATH`), else from `PATH`.
    private static func findBinaries() throws -> Binaries {
        let fileManager = FileManager.default
        let root = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? [])
            .filter { fileManager.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
            .sorted { lhs, rhs in
                let left = lhs.split(separator: ".").map { Int($0) ?? 0 }
                let right = rhs.split(separator: ".").map { Int($0) ?? 0 }
                return left.lexicographicallyPrecedes(right)
            }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":").map(String.init)
        let folders = versions.reversed().map { "\(root)/\($0)/bin" } + path
        func find(_ name: String, preferring folder: String?) -> String? {
            if let folder, fileManager.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
            return folders.lazy.map { "\($0)/\(name)" }.first { fileManager.isExecutableFile(atPath: $0) }
        }
        guard let initdb = find("initdb", preferring: nil) else {
            throw PostgresClusterError("no PostgreSQL server found: no /usr/lib/postgresql/*/bin/initdb and no initdb on"
                                       + " PATH (\(path.joined(separator: ":"))); install it with scripts/install-deps.sh")
        }
        let folder = (initdb as NSString).deletingLastPathComponent
        guard let pgCtl = find("pg_ctl", preferring: folder), let psql = find("psql", preferring: folder) else {
            throw PostgresClusterError("found \(initdb) but not pg_ctl and psql beside it or on PATH")
        }
        return Binaries(initdb: initdb, pgCtl: pgCtl, psql: psql)
    }

    /// Stops and deletes the clusters that earlier test processes left behind when they were
    /// killed before `atexit` ran (a folder whose process is gone). Best effort.
    private static func removeStaleClusters(binaries: Binaries, runAs: ServerAccount?) {
        let temporary = FileManager.default.temporaryDirectory.path
        let prefix = "datacollect-pg-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)) else { continue }
            let alive = pid != ProcessInfo.processInfo.processIdentifier && (kill(pid, 0) == 0 || errno == EPERM)
            if alive { continue }
            let folder = "\(temporary)/\(name)"
            if FileManager.default.fileExists(atPath: "\(folder)/data/postmaster.pid") {
                let prefix = runAs.map { [$0.runuser, "-u", "postgres", "--"] } ?? []
                _ = try? run(prefix + [binaries.pgCtl, "-D", "\(folder)/data", "-m", "immediate", "-s", "stop"], in: "/")
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// A TCP port on 127.0.0.1 that nobody listens on right now: bind to port 0, read it back.
    private static func freeLoopbackPort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw PostgresClusterError("socket() failed: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            throw PostgresClusterError("bind(127.0.0.1:0) failed: \(String(cString: strerror(errno)))")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            throw PostgresClusterError("getsockname() failed: \(String(cString: strerror(errno)))")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func randomHex16() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: - Running commands

    /// Runs a command (first element: the executable's path) and returns its exit status and its
    /// standard output and error, interleaved. Output goes to a file, not a pipe, so a server
    /// that inherits the descriptors cannot keep us waiting for end-of-file.
    static func run(_ command: [String], in directory: String) throws -> (status: Int32, output: String) {
        let outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("datacollect-pg-output-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: outputFile, contents: nil),
              let handle = FileHandle(forWritingAtPath: outputFile)
        else {
            throw PostgresClusterError("could not create \(outputFile) for the output of: \(describe(command))")
        }
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: outputFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        do {
            try process.run()
        } catch {
            throw PostgresClusterError("could not launch: \(describe(command)): \(error)")
        }
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return (status, output)
    }

    /// Runs a command and returns its output; throws unless it exits with status 0.
    @discardableResult
    public static func runChecked(_ command: [String], in directory: String) throws -> String {
        let result = try run(command, in: directory)
        guard result.status == 0 else {
            throw PostgresClusterError(command: command, status: result.status, output: result.output)
        }
        return result.output
    }

    /// The caller's environment without `PG*` variables (a stray `PGDATABASE`, `PGSSLMODE` or
    /// `PGOPTIONS` must not change what the commands do), in the C locale (the cluster has no
    /// locale, and a `LANG` naming a locale that is not installed makes the server complain).
    private static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["LC_ALL"] = "C"
        environment["PGCONNECT_TIMEOUT"] = "10"
        return environment
    }

    static func describe(_ command: [String]) -> String {
        command.map { $0.isEmpty || $0.contains(where: { " \"'$\\".contains($0) }) ? "'\($0)'" : $0 }
            .joined(separator: " ")
    }

    // MARK: - Stopping at exit

    private struct Cleanup {
        let stopCommand: [String]
        let directory: String
    }

    /// What `atexit` needs: a C function pointer cannot capture, so it reads this global.
    private static let cleanup = Mutex<Cleanup?>(nil)

    /// Stops the server (`pg_ctl stop -m immediate`) and deletes the cluster folder. Uses
    /// `posix_spawn` and `waitpid` rather than `Process`, whose run loop is no place to be while
    /// the process is exiting.
    private static func stopAtExit() {
        guard let work = cleanup.withLock({ state -> Cleanup? in
            defer { state = nil }
            return state
        }) else { return }
        var arguments: [UnsafeMutablePointer<CChar>?] = work.stopCommand.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid = pid_t()
        if posix_spawn(&pid, work.stopCommand[0], nil, nil, &arguments, environ) == 0 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(atPath: work.directory)
    }
}

/// A failed step of starting or using the test cluster.
struct PostgresClusterError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = "PostgresCluster: " + description
    }

    /// The command, its exit status and the last lines of what it printed.
    init(command: [String], status: Int32, output: String) {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        var tail = lines.suffix(40).joined(separator: "\n")
        if tail.count > 6000 { tail = "…" + String(tail.suffix(6000)) }
        self.init("`\(PostgresCluster.describe(command))` exited with status \(status); last output:\n\(tail)")
    }
}

/// One database of the shared test cluster per process; each store gets a schema of its own.
public enum PostgresDatabaseForTests {
    private static let database: Result<PostgresLocation, any Error> = Result {
        let cluster = try PostgresCluster.shared()
        return PostgresLocation(host: cluster.host, port: cluster.port, user: cluster.user, database: try cluster.createDatabase())
    }

    /// The shared database.
    public static func location() throws -> PostgresLocation { try database.get() }

    /// A new, empty database of the cluster (for a server's own directory schema).
    public static func freshDatabase() throws -> PostgresLocation {
        let cluster = try PostgresCluster.shared()
        return PostgresLocation(host: cluster.host, port: cluster.port, user: cluster.user, database: try cluster.createDatabase())
    }
}
