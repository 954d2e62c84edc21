import DataCollectIntegrity
import Foundation

/// Reads privacy policy files (`Policies/*.yaml`, format in `docs/POLICIES.md`) into a
/// ``PrivacyPolicy``, checking everything a data officer can get wrong: unknown or missing keys,
/// wrong types, durations, clocks and actions, operators and their options, references to keys
/// and profiles, unique names, privacy-model settings.
///
/// Every problem is reported with file, line, column and key path, and all of them at once:
///
/// ```
/// policies/x.yaml:12:11: retention[0].keep: "5 years" is not an ISO 8601 duration; expected something like P5Y, P18M or P90D
/// ```
///
/// Policy files are treated as untrusted input: at most 1 MiB, no anchors or aliases, no custom
/// YAML tags, no duplicate keys, bounded nesting.
public enum PolicyLoader {
    /// Reads and checks the policy file at `path`; `sourceSHA256` is the SHA-256 of its bytes.
    public static func load(path: String) throws(PolicyError) -> PrivacyPolicy {
        let diagnostics = PolicyDiagnostics(file: path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.report(line: 0, column: 0, key: "", "the policy file cannot be opened; check the path and that it is readable")
            throw diagnostics.error
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: YAMLDocumentReader.maxBytes + 1) ?? Data()
        } catch {
            diagnostics.report(line: 0, column: 0, key: "", "the policy file cannot be read (is it a directory?)")
            throw diagnostics.error
        }
        guard data.count <= YAMLDocumentReader.maxBytes else {
            diagnostics.report(line: 0, column: 0, key: "",
                               "the file is larger than \(YAMLDocumentReader.maxBytes) bytes (1 MiB); a policy file is a few kilobytes")
            throw diagnostics.error
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.report(line: 0, column: 0, key: "", "the file is not UTF-8 text; save it as UTF-8")
            throw diagnostics.error
        }
        return try parse(text, file: path, sha256: Digest.sha256Hex(data))
    }

    /// Checks the text of a policy file; `file` names it in problems. `sourceSHA256` is the
    /// SHA-256 of the text's UTF-8 bytes.
    public static func parse(_ text: String, file: String) throws(PolicyError) -> PrivacyPolicy {
        try parse(text, file: file, sha256: Digest.sha256Hex(text.utf8))
    }

    private static func parse(_ text: String, file: String, sha256: String) throws(PolicyError) -> PrivacyPolicy {
        let diagnostics = PolicyDiagnostics(file: file)
        guard let document = YAMLDocumentReader.read(text, diagnostics: diagnostics) else { throw diagnostics.error }
        let policy = PolicyInterpreter(reader: YAMLNodeReader(diagnostics: diagnostics)).policy(from: document.root)
        guard var policy, diagnostics.isEmpty else { throw diagnostics.error }
        policy.sourceSHA256 = sha256
        return policy
    }
}
