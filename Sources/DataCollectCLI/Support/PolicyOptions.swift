import ArgumentParser
import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import Foundation

/// `--policy FILE`, `--user`, and the dry-run/apply switch shared by the policy commands.
/// A dry run is the default: only `--apply` changes data.
struct PolicyRunOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Show what would change and change nothing (the default).")
    var dryRun = false

    @Flag(help: "Change the data.")
    var apply = false

    @Option(help: ArgumentHelp("Who runs it (recorded in the audit trail; default: $DATACOLLECT_USER, then $USER).",
                               valueName: "NAME"))
    var user: String?

    func validate() throws {
        if dryRun && apply { throw ValidationError("--dry-run and --apply exclude each other.") }
    }

    var actor: String { auditActor(user) }
}

/// Who the audit trail records as running a command: `--user`, else `$DATACOLLECT_USER`, else `$USER`.
func auditActor(_ user: String?) -> String {
    let environment = ProcessInfo.processInfo.environment
    return user ?? environment["DATACOLLECT_USER"] ?? environment["USER"] ?? "unknown"
}

/// Loads a policy file, turning its problems into a usage failure that lists them all.
func loadPolicy(_ path: String) throws -> PrivacyPolicy {
    do {
        return try PolicyLoader.load(path: path)
    } catch {
        throw CommandFailure(exit: ExitCodes.usage, message: "The policy file cannot be used:\n\(error)")
    }
}

/// The key files of a policy, read relative to the policy file's folder.
func loadKeys(_ policy: PrivacyPolicy, policyPath: String) throws -> KeyRing {
    let folder = URL(fileURLWithPath: policyPath).deletingLastPathComponent().path
    do {
        return try KeyRing.load(policy, relativeTo: folder)
    } catch {
        throw CommandFailure(exit: ExitCodes.usage, message: "\(error)")
    }
}
