import Foundation
import Yams

/// A composed YAML document. Holds the parser too: Yams keeps anchors weakly, and the safety
/// walk needs them to spot anchored nodes.
struct YAMLDocument {
    let root: Node
    fileprivate let parser: Parser
}

/// Reads the text of a policy file into a YAML node tree, treating it as hostile: size and
/// nesting are limited, aliases and anchors, custom tags, duplicate keys and tab indentation are
/// refused with a located message, and nothing a file contains can crash or hang the reader.
enum YAMLDocumentReader {
    /// The largest policy file accepted (1 MiB); real policies are a few kilobytes.
    static let maxBytes = 1 << 20
    /// The deepest nesting accepted; the policy format itself needs about eight levels.
    static let maxDepth = 64
    /// The most nodes accepted.
    static let maxNodes = 100_000

    /// The document, or nil when problems were reported.
    static func read(_ text: String, diagnostics: PolicyDiagnostics) -> YAMLDocument? {
        let size = text.utf8.count
        guard size <= maxBytes else {
            diagnostics.report(line: 0, column: 0, key: "",
                               "the file is \(size) bytes; a policy file may be at most \(maxBytes) bytes (1 MiB)")
            return nil
        }
        if let alias = YAMLAliasScan.firstAliasOfAnAnchor(in: text) {
            diagnostics.report(line: alias.line, column: alias.column, key: "",
                               "anchors (&\(alias.name)) and aliases (*\(alias.name)) are not allowed in policy files; "
                               + "write each value out in full")
            return nil
        }
        guard let document = compose(text, diagnostics: diagnostics) else { return nil }
        checkSafety(document.root, diagnostics: diagnostics)
        return diagnostics.isEmpty ? document : nil
    }

    // MARK: Composing

    private static func compose(_ text: String, diagnostics: PolicyDiagnostics) -> YAMLDocument? {
        var working = text
        var renamed: [DuplicateKey] = []
        for attempt in 0..<20 {
            do {
                let parser = try Parser(yaml: working, resolver: .default, constructor: .default, encoding: .utf8)
                guard let root = try parser.singleRoot() else {
                    diagnostics.report(line: 1, column: 1, key: "",
                                       "the policy file is empty; it needs at least a \"policy:\" section with name, "
                                       + "version, owner and legalBasis")
                    return nil
                }
                if renamed.isEmpty { return YAMLDocument(root: root, parser: parser) }
                withExtendedLifetime(parser) { reportDuplicates(renamed, in: root, diagnostics: diagnostics) }
                return nil
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let key = duplicates.sorted().first ?? ""
                let marker = "\u{E000}\(attempt)\u{E000}"
                let duplicate = DuplicateKey(marker: marker, key: key, line: context.mark.line, column: context.mark.column)
                guard attempt < 19, let index = working.index(line: duplicate.line, column: duplicate.column) else {
                    reportWithoutPaths(renamed + [duplicate], diagnostics: diagnostics)
                    return nil
                }
                working.insert(contentsOf: marker, at: index)
                renamed.append(duplicate)
            } catch {
                reportWithoutPaths(renamed, diagnostics: diagnostics)
                report(error, text: text, diagnostics: diagnostics)
                return nil
            }
        }
        return nil
    }

    /// A duplicate key whose first occurrence was renamed (with `marker`) so the rest parses.
    private struct DuplicateKey {
        let marker: String
        let key: String
        let line: Int
        let column: Int
    }

    /// Reports each duplicate at its second occurrence, with the key path Yams cannot give.
    private static func reportDuplicates(_ renamed: [DuplicateKey], in root: Node, diagnostics: PolicyDiagnostics) {
        var stack = [YAMLLocatedNode(node: root, path: "")]
        var found: Set<String> = []
        while let current = stack.popLast() {
            switch current.node {
            case .mapping(let mapping):
                let keys = mapping.keys.map { $0.scalar?.string ?? "" }
                for (position, key) in keys.enumerated() {
                    guard let duplicate = renamed.first(where: { key.hasPrefix($0.marker) }) else { continue }
                    found.insert(duplicate.marker)
                    let later = keys.indices.dropFirst(position + 1).first { keys[$0] == duplicate.key || keys[$0].hasSuffix("\u{E000}" + duplicate.key) }
                    let laterNode = later.map { Array(mapping.keys)[$0] }
                    var column = laterNode?.mark?.column ?? duplicate.column
                    let line = laterNode?.mark?.line ?? duplicate.line
                    if line == duplicate.line, column > duplicate.column {
                        column -= renamed.filter { $0.line == line && $0.column < column }.map(\.marker.unicodeScalars.count).reduce(0, +)
                    }
                    diagnostics.report(line: line, column: column, key: YAMLLocatedNode.join(current.path, duplicate.key),
                                       "this key is written twice in the same mapping (first on line \(duplicate.line)); "
                                       + "each key may appear only once: remove or rename one of them")
                }
                for (key, value) in mapping {
                    stack.append(current.child(withoutMarker(key.scalar?.string ?? ""), value))
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated() { stack.append(current.element(index, element)) }
            case .scalar, .alias:
                break
            }
        }
        reportWithoutPaths(renamed.filter { !found.contains($0.marker) }, diagnostics: diagnostics)
    }

    /// A key as written, without the marker a renamed first occurrence carries.
    private static func withoutMarker(_ key: String) -> String {
        guard key.hasPrefix("\u{E000}"), let end = key.dropFirst().firstIndex(of: "\u{E000}") else { return key }
        return String(key[key.index(after: end)...])
    }

    /// Reports duplicates at their first occurrence, when their key path could not be found.
    private static func reportWithoutPaths(_ duplicates: [DuplicateKey], diagnostics: PolicyDiagnostics) {
        for duplicate in duplicates {
            diagnostics.report(line: duplicate.line, column: duplicate.column, key: "",
                               "the key \"\(YAMLNodeReader.shortened(duplicate.key))\" is written more than once in the same mapping; "
                               + "each key may appear only once")
        }
    }

    /// Turns a Yams error into located problems a data officer can act on.
    private static func report(_ error: any Error, text: String, diagnostics: PolicyDiagnostics) {
        guard let error = error as? YamlError else {
            diagnostics.report(line: 0, column: 0, key: "", "the file could not be read as YAML")
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let tabs = tabIndentedLines(text)
            for tab in tabs {
                diagnostics.report(line: tab.line, column: tab.column, key: "",
                                   "a tab is used for indentation; YAML indentation must be made with spaces")
            }
            if !tabs.contains(where: { $0.line == mark.line }) {
                var message = "this is not valid YAML: \(problem)"
                if let context { message += " (\(context.text) that starts on line \(context.mark.line))" }
                diagnostics.report(line: mark.line, column: mark.column, key: "",
                                   message + "; check the indentation, and put text containing \": \" or \" #\" or starting "
                                   + "with a special character (& * ! | > ' \" % @ `) in quotes")
            }
        case .composer(_, let problem, let mark, _):
            if problem.contains("undefined alias") {
                diagnostics.report(line: mark.line, column: mark.column, key: "",
                                   "aliases (*name) are not allowed in policy files; write each value out in full")
            } else if problem.contains("another document") {
                diagnostics.report(line: mark.line, column: mark.column, key: "",
                                   "the file holds more than one YAML document (a second \"---\"); write one policy per file")
            } else {
                diagnostics.report(line: mark.line, column: mark.column, key: "", "this is not valid YAML: \(problem)")
            }
        case .reader(let problem, let offset, _, _):
            let position = offset.flatMap { text.lineAndColumn(ofCharacterOffset: $0) } ?? (0, 0)
            diagnostics.report(line: position.0, column: position.1, key: "",
                               "the file contains a character YAML does not allow (\(problem)); policy files are plain UTF-8 text")
        case .memory:
            diagnostics.report(line: 0, column: 0, key: "", "the file is too large or too complex to read")
        default:
            diagnostics.report(line: 0, column: 0, key: "", "the file could not be read as YAML: \(error)")
        }
    }

    /// Lines whose indentation contains a tab, with the tab's column.
    static func tabIndentedLines(_ text: String) -> [(line: Int, column: Int)] {
        var result: [(line: Int, column: Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            guard indentation.count < line.count, let tab = indentation.firstIndex(of: "\t") else { continue }
            result.append((index + 1, line.distance(from: line.startIndex, to: tab) + 1))
            if result.count == 20 { break }
        }
        return result
    }

    // MARK: Safety walk

    /// Refuses anchors, custom tags (`!python/object`), keys that are not plain scalars,
    /// nesting beyond ``maxDepth`` and more than ``maxNodes`` nodes.
    private static func checkSafety(_ root: Node, diagnostics: PolicyDiagnostics) {
        let allowedTags = Set([Tag.Name.str, .int, .float, .bool, .null, .timestamp, .map, .seq, .merge, .value].map(\.rawValue))
        var stack = [(YAMLLocatedNode(node: root, path: ""), 1)]
        var count = 0
        while let (current, depth) = stack.popLast() {
            count += 1
            guard count <= maxNodes else {
                diagnostics.report(line: 0, column: 0, key: "", "the file has more than \(maxNodes) values; a policy file is much smaller")
                return
            }
            if let anchor = current.node.anchor {
                diagnostics.report(current, "anchors (&\(anchor.rawValue)) and aliases are not allowed in policy files; "
                                   + "write each value out in full")
                continue
            }
            let tag = current.node.tag.rawValue
            if !allowedTags.contains(tag) {
                let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : Substring(tag)
                diagnostics.report(current, "YAML tags such as \(YAMLNodeReader.shortened(String(shown))) are not allowed in policy files; remove the tag")
                continue
            }
            guard depth <= maxDepth else {
                diagnostics.report(current, "values are nested more than \(maxDepth) levels deep; a policy needs far fewer")
                return
            }
            switch current.node {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    guard case .scalar(let scalar) = key else {
                        diagnostics.report(YAMLLocatedNode(node: key, path: current.path),
                                           "a key must be a plain name, found \(YAMLNodeReader.describe(key))")
                        continue
                    }
                    stack.append((current.child(scalar.string, value), depth + 1))
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated().reversed() { stack.append((current.element(index, element), depth + 1)) }
            case .scalar, .alias:
                break
            }
        }
    }
}

extension String {
    /// The index of a 1-based line and column (columns in Unicode scalars, as libyaml counts).
    fileprivate func index(line: Int, column: Int) -> String.Index? {
        var currentLine = 1
        var index = unicodeScalars.startIndex
        while currentLine < line {
            guard let newline = unicodeScalars[index...].firstIndex(of: "\n") else { return nil }
            index = unicodeScalars.index(after: newline)
            currentLine += 1
        }
        return unicodeScalars.index(index, offsetBy: column - 1, limitedBy: unicodeScalars.endIndex)
    }

    /// 1-based line and column of the character at `offset`.
    fileprivate func lineAndColumn(ofCharacterOffset offset: Int) -> (Int, Int)? {
        guard let target = index(startIndex, offsetBy: offset, limitedBy: endIndex) else { return nil }
        let before = self[..<target]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.reversed().prefix { $0 != "\n" }.count + 1
        return (line, column)
    }
}
