import DataCollectCore
import Foundation
import Yams

/// Turns the YAML tree of a policy file into a ``PrivacyPolicy``, reporting every problem to the
/// reader's diagnostics. Returns a policy only when the whole file was understood; the caller
/// still checks the diagnostics (cross-references are reported without making parts nil).
struct PolicyInterpreter {
    let reader: YAMLNodeReader
    var diagnostics: PolicyDiagnostics { reader.diagnostics }

    static let sections = ["policy", "keys", "patterns", "retention", "legalHolds", "profiles"]

    func policy(from root: Node) -> PrivacyPolicy? {
        let document = YAMLLocatedNode(node: root, path: "")
        guard case .mapping = root else {
            diagnostics.report(document, "a policy file must be a mapping with the sections "
                               + Self.sections.joined(separator: ", ") + ", found \(YAMLNodeReader.describe(root))")
            return nil
        }
        guard let top = reader.mapping(document, expected: "a policy file", allowed: Self.sections,
                                       required: [YAMLRequiredKey("policy", "name, version, owner and legalBasis of the policy")])
        else { return nil }

        let metadata = top["policy"].flatMap(self.metadata)
        let keyNames = top["keys"].map(declaredNames) ?? []
        let keys: [String: PolicyKey]? = top["keys"].map(self.keys) ?? [:]
        let patterns: [LeftoverPattern]? = top["patterns"].map(self.patterns) ?? []
        let profileNames = top["profiles"].map(declaredProfileNames) ?? []
        let profiles: [AnonymizationProfile]? = top["profiles"].map { self.profiles($0, keys: keyNames) } ?? []
        let retention: [RetentionRule]? = top["retention"].map { retentionRules($0, profiles: profileNames) } ?? []
        let holds: [LegalHold]? = top["legalHolds"].map(legalHolds) ?? []

        guard let metadata, let keys, let patterns, let profiles, let retention, let holds else { return nil }
        return PrivacyPolicy(metadata: metadata, keys: keys, retention: retention, legalHolds: holds,
                             profiles: profiles, leftoverPatterns: patterns)
    }

    // MARK: policy

    private func metadata(_ value: YAMLLocatedNode) -> PolicyMetadata? {
        guard let fields = reader.mapping(value, expected: "the policy section",
                                          allowed: ["name", "version", "owner", "legalBasis", "description"],
                                          required: [
                                              YAMLRequiredKey("name", "a short name such as household-registry"),
                                              YAMLRequiredKey("version", "the policy's version, such as \"3\""),
                                              YAMLRequiredKey("owner", "who is responsible for the policy"),
                                              YAMLRequiredKey("legalBasis", "the law or decision that allows the processing"),
                                          ])
        else { return nil }
        let name = fields["name"].flatMap { reader.text($0, expected: "a policy name (text)") }
        let version = fields["version"].flatMap(version)
        let owner = fields["owner"].flatMap { reader.text($0, expected: "the owner (text)") }
        let legalBasis = fields["legalBasis"].flatMap { reader.text($0, expected: "the legal basis (text)") }
        var description: String?
        if let node = fields["description"] {
            guard let text = reader.text(node, expected: "a description (text)", allowEmpty: true) else { return nil }
            description = text
        }
        guard let name, let version, let owner, let legalBasis else { return nil }
        return PolicyMetadata(name: name, version: version, owner: owner, legalBasis: legalBasis, description: description)
    }

    /// Text or a whole number (`version: 3` is as good as `version: "3"`).
    private func version(_ value: YAMLLocatedNode) -> String? {
        if case .scalar(let scalar) = value.node, value.node.tag.rawValue == Tag.Name.int.rawValue,
           scalar.string.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return scalar.string
        }
        return reader.text(value, expected: "a version (text or a whole number)")
    }

    // MARK: keys

    private func declaredNames(_ value: YAMLLocatedNode) -> Set<String> {
        guard case .mapping(let mapping) = value.node else { return [] }
        return Set(mapping.keys.compactMap { $0.scalar?.string })
    }

    private func keys(_ value: YAMLLocatedNode) -> [String: PolicyKey]? {
        guard let pairs = reader.pairs(value, expected: "a mapping of key names to {file: path}") else { return nil }
        var keys: [String: PolicyKey] = [:]
        var failed = false
        for pair in pairs {
            guard let fields = reader.mapping(pair.value, expected: "a key", allowed: ["file"],
                                              required: [YAMLRequiredKey("file", "the path of the key file, such as keys/pseudonym.key")]),
                  let file = fields["file"].flatMap({ reader.text($0, expected: "a file path (text)") })
            else { failed = true; continue }
            keys[pair.key] = PolicyKey(file: file)
        }
        return failed ? nil : keys
    }

    // MARK: patterns

    private func patterns(_ value: YAMLLocatedNode) -> [LeftoverPattern]? {
        guard let items = reader.list(value, expected: "a list of patterns, each {name, regex}", allowEmpty: true) else { return nil }
        var patterns: [LeftoverPattern] = []
        var failed = false
        for item in items {
            guard let fields = reader.mapping(item, expected: "a pattern", allowed: ["name", "regex"],
                                              required: [YAMLRequiredKey("name", "what the pattern finds, such as phone"),
                                                         YAMLRequiredKey("regex", "a regular expression")]) else { failed = true; continue }
            let name = fields["name"].flatMap { reader.text($0, expected: "a pattern name (text)") }
            let regex = fields["regex"].flatMap(self.regex)
            guard let name, let regex else { failed = true; continue }
            patterns.append(LeftoverPattern(name: name, regex: regex))
        }
        checkUnique(items, what: "pattern")
        return failed ? nil : patterns
    }

    private func regex(_ value: YAMLLocatedNode) -> String? {
        guard let text = reader.text(value, expected: "a regular expression (text; put it in single quotes)") else { return nil }
        guard (try? NSRegularExpression(pattern: text)) != nil else {
            diagnostics.report(value, "\"\(YAMLNodeReader.shortened(text))\" is not a valid regular expression; "
                               + "check brackets, parentheses and backslashes (in YAML, write it in single quotes)")
            return nil
        }
        return text
    }

    // MARK: Shared

    /// Reports list items whose `name` repeats an earlier item's.
    func checkUnique(_ items: [YAMLLocatedNode], what: String) {
        var seen: [String: String] = [:]
        for item in items {
            guard case .mapping(let mapping) = item.node, let nameNode = mapping["name"],
                  YAMLNodeReader.isText(nameNode), let name = nameNode.string else { continue }
            let located = item.child("name", nameNode)
            if let first = seen[name] {
                diagnostics.report(located, "\"\(YAMLNodeReader.shortened(name))\" is already the name of \(first); "
                                   + "each \(what) needs a unique name")
            } else {
                seen[name] = item.path
            }
        }
    }
}
