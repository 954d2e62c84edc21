import Foundation
import Yams

/// A YAML node together with the key path that leads to it (`retention[0].match.criteria`), so
/// every problem can name both where it is in the file and what it is in the policy.
struct YAMLLocatedNode {
    let node: Node
    /// Dotted key path from the document root; empty for the root itself.
    let path: String

    /// 1-based line of the node's first character.
    var line: Int { node.mark?.line ?? 1 }
    /// 1-based column of the node's first character, in Unicode characters.
    var column: Int { node.mark?.column ?? 1 }

    /// The value of `key` in this mapping.
    func child(_ key: String, _ node: Node) -> YAMLLocatedNode {
        YAMLLocatedNode(node: node, path: Self.join(path, key))
    }

    /// Element `index` of this list.
    func element(_ index: Int, _ node: Node) -> YAMLLocatedNode {
        YAMLLocatedNode(node: node, path: "\(path)[\(index)]")
    }

    /// `path.key`, or `path["odd key"]` when the key is not a plain name (spaces, dots, quotes).
    static func join(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        }
        if plain { return path.isEmpty ? key : path + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return path + "[\"" + escaped + "\"]"
    }
}
