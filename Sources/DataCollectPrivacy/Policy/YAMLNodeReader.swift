import Foundation
import Yams

/// A mapping whose keys were checked against the keys its place in the policy allows.
struct YAMLCheckedMapping {
    let located: YAMLLocatedNode
    /// Allowed keys present, with their values.
    let values: [String: YAMLLocatedNode]
    /// Allowed keys present, located at the key itself (for "name already used" and the like).
    let keys: [String: YAMLLocatedNode]

    subscript(key: String) -> YAMLLocatedNode? { values[key] }
}

/// One required key and what it is for, told to the data officer when it is missing.
struct YAMLRequiredKey {
    let name: String
    let help: String

    init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }
}

/// Typed, strict reads of YAML nodes: each read that fails reports what was expected and what
/// was found, and returns nil, so reading goes on and every problem is found.
struct YAMLNodeReader {
    let diagnostics: PolicyDiagnostics

    // MARK: Mappings

    /// The pairs of a mapping whose keys are names chosen by the author (data fields, key names).
    func pairs(_ value: YAMLLocatedNode, expected: String) -> [(key: String, keyNode: YAMLLocatedNode, value: YAMLLocatedNode)]? {
        guard case .mapping(let mapping) = value.node else {
            diagnostics.report(value, "expected \(expected), found \(Self.describe(value.node))")
            return nil
        }
        var result: [(key: String, keyNode: YAMLLocatedNode, value: YAMLLocatedNode)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.report(YAMLLocatedNode(node: keyNode, path: value.path),
                                   "a key must be a plain name, found \(Self.describe(keyNode))")
                continue
            }
            let located = value.child(scalar.string, valueNode)
            result.append((scalar.string, YAMLLocatedNode(node: keyNode, path: located.path), located))
        }
        return result
    }

    /// A mapping with a fixed set of keys: unknown keys and missing required keys are reported.
    /// - Parameters:
    ///   - expected: what the mapping is, for messages ("a retention rule").
    func mapping(_ value: YAMLLocatedNode, expected: String, allowed: [String],
                 required: [YAMLRequiredKey] = []) -> YAMLCheckedMapping? {
        guard let pairs = pairs(value, expected: expected) else { return nil }
        var values: [String: YAMLLocatedNode] = [:]
        var keys: [String: YAMLLocatedNode] = [:]
        for pair in pairs {
            guard allowed.contains(pair.key) else {
                diagnostics.report(pair.keyNode, Self.unknownKeyMessage(pair.key, in: expected, allowed: allowed))
                continue
            }
            values[pair.key] = pair.value
            keys[pair.key] = pair.keyNode
        }
        for key in required where values[key.name] == nil {
            diagnostics.report(line: value.line, column: value.column, key: YAMLLocatedNode.join(value.path, key.name),
                               "is missing; \(expected) needs \"\(key.name)\": \(key.help)")
        }
        return YAMLCheckedMapping(located: value, values: values, keys: keys)
    }

    static func unknownKeyMessage(_ key: String, in expected: String, allowed: [String]) -> String {
        var message = "unknown key \"\(Self.shortened(key))\""
        if let close = allowed.first(where: { Self.isTypo($0, of: key) }) { message += " (did you mean \"\(close)\"?)" }
        if allowed.isEmpty { return message + "; \(expected) takes no other keys" }
        return message + "; \(expected) takes only " + allowed.joined(separator: ", ")
    }

    // MARK: Scalars

    /// Text (a string, or something YAML reads as a date, such as `2027-06-30`).
    func text(_ value: YAMLLocatedNode, expected: String, allowEmpty: Bool = false) -> String? {
        guard case .scalar(let scalar) = value.node, Self.isText(value.node) else {
            diagnostics.report(value, "expected \(expected), found \(Self.describe(value.node))" + Self.quoteHint(value.node))
            return nil
        }
        if !allowEmpty && scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.report(value, "is empty; expected \(expected)")
            return nil
        }
        return scalar.string
    }

    /// A whole number within `range`.
    func integer(_ value: YAMLLocatedNode, expected: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = value.node, value.node.tag.rawValue == Tag.Name.int.rawValue,
              let number = Int.construct(from: scalar) else {
            diagnostics.report(value, "expected \(expected), found \(Self.describe(value.node))")
            return nil
        }
        guard range.contains(number) else {
            diagnostics.report(value, "\(number) is out of range; expected \(expected)")
            return nil
        }
        return number
    }

    /// A finite number (whole or decimal).
    func number(_ value: YAMLLocatedNode, expected: String) -> Double? {
        let tag = value.node.tag.rawValue
        guard case .scalar(let scalar) = value.node, tag == Tag.Name.int.rawValue || tag == Tag.Name.float.rawValue,
              let number = tag == Tag.Name.int.rawValue ? Int.construct(from: scalar).map(Double.init) : Double.construct(from: scalar),
              number.isFinite else {
            diagnostics.report(value, "expected \(expected), found \(Self.describe(value.node))")
            return nil
        }
        return number
    }

    // MARK: Lists

    /// The elements of a list; an empty list is reported unless `allowEmpty`.
    func list(_ value: YAMLLocatedNode, expected: String, allowEmpty: Bool = false) -> [YAMLLocatedNode]? {
        guard case .sequence(let sequence) = value.node else {
            diagnostics.report(value, "expected \(expected), found \(Self.describe(value.node))")
            return nil
        }
        if sequence.isEmpty && !allowEmpty {
            diagnostics.report(value, "is an empty list; expected \(expected) (or leave the key out)")
            return nil
        }
        return sequence.enumerated().map { value.element($0.offset, $0.element) }
    }

    /// A non-empty list of non-empty texts.
    func textList(_ value: YAMLLocatedNode, expected: String, element: String) -> [String]? {
        guard let items = list(value, expected: expected) else { return nil }
        let texts = items.map { text($0, expected: element) }
        return texts.contains(nil) ? nil : texts.compactMap { $0 }
    }

    // MARK: Descriptions

    static func isText(_ node: Node) -> Bool {
        guard case .scalar = node else { return false }
        let tag = node.tag.rawValue
        return tag == Tag.Name.str.rawValue || tag == Tag.Name.timestamp.rawValue
    }

    /// What a node is, in a data officer's words: `a list`, `the number 5`, `the text "x"`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping (key: value pairs)"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return "nothing (an empty value)"
            case Tag.Name.bool.rawValue: return "the yes/no value \(scalar.string)"
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return "the number \(shortened(scalar.string))"
            case Tag.Name.timestamp.rawValue: return "the date \(shortened(scalar.string))"
            default: return "the text \"\(shortened(scalar.string))\""
            }
        }
    }

    /// For a scalar YAML did not read as text (`yes`, `3.1`), how to make it text.
    static func quoteHint(_ node: Node) -> String {
        guard case .scalar(let scalar) = node, node.tag.rawValue != Tag.Name.null.rawValue else { return "" }
        return " (write \"\(shortened(scalar.string))\" in quotes if it is meant as text)"
    }

    static func shortened(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: "\\n")
        return oneLine.count > 60 ? String(oneLine.prefix(57)) + "..." : oneLine
    }

    /// True for a likely misspelling: same letters ignoring case, or at most two edits apart.
    static func isTypo(_ candidate: String, of key: String) -> Bool {
        if candidate.lowercased() == key.lowercased() { return true }
        let a = Array(candidate.lowercased()), b = Array(key.lowercased())
        guard abs(a.count - b.count) <= 2, a.count <= 40, b.count <= 40, min(a.count, b.count) >= 3 else { return false }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count] <= 2
    }
}
