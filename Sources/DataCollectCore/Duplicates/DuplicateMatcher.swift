import DataCollectIntegrity
import Foundation

/// Decides which entities may be the same person (or household): entities of one type whose
/// match keys are equal. The key is built from configured data fields, normalised (case,
/// accents, punctuation and spacing ignored), so "Amina  DIALLO" matches "amina diallo".
///
/// The existing system compared *all* primitive fields through backend-specific search (so one
/// boolean field disabled detection on clients, and a quote broke it on the server). Here the
/// fields are explicit and the result is a function of the entities' state alone, hence the
/// same on every replica whatever the arrival order.
///
/// ```swift
/// let matcher = DuplicateMatcher(rules: [.individual: .init(required: ["name"], optional: ["dateOfBirth"])])
/// ```
public struct DuplicateMatcher: Sendable, Hashable {
    /// The fields that make up a type's key: all `required` fields must be present; each
    /// `optional` field is part of the key when present.
    public struct Rule: Sendable, Hashable {
        public var required: [String]
        public var optional: [String]

        public init(required: [String], optional: [String] = []) {
            self.required = required
            self.optional = optional
        }
    }

    public var rules: [EntityType: Rule]

    public init(rules: [EntityType: Rule]) {
        self.rules = rules
    }

    /// Individuals by normalised name, plus date of birth when present. Groups are not matched.
    public static let `default` = DuplicateMatcher(rules: [
        .individual: Rule(required: ["name"], optional: ["dateOfBirth"]),
    ])

    /// The entity's key, or nil when it lacks a required field (or its type has no rule).
    public func matchKey(for entity: Entity) -> String? {
        guard let rule = rules[entity.type] else { return nil }
        var parts = [entity.type.rawValue]
        for field in rule.required {
            guard let value = entity.data[field].flatMap(Self.normalised), !value.isEmpty else { return nil }
            parts.append("\(field)=\(value)")
        }
        for field in rule.optional {
            if let value = entity.data[field].flatMap(Self.normalised), !value.isEmpty {
                parts.append("\(field)=\(value)")
            }
        }
        // Hash, so that the stored key (an index column) holds no personal data in clear.
        return Digest.sha256Hex(Array(parts.joined(separator: "\u{1F}").utf8))
    }

    static func normalised(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            let words = folded.unicodeScalars
                .map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
            return String(words).split(separator: " ").joined(separator: " ")
        case .number(let number): return number.canonical
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}
