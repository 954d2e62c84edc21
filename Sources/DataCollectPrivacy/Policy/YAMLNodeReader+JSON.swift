import DataCollectIntegrity
import Yams

extension YAMLNodeReader {
    /// The node as a JSON value (search criteria, `replace` values): mappings become objects,
    /// lists arrays, and scalars what YAML reads them as (`yes` is `true`, `5` a number, `~` null).
    func json(_ value: YAMLLocatedNode) -> JSONValue? {
        switch value.node {
        case .mapping:
            guard let pairs = pairs(value, expected: "a mapping") else { return nil }
            var object: [String: JSONValue] = [:]
            var failed = false
            for pair in pairs {
                if let member = json(pair.value) { object[pair.key] = member } else { failed = true }
            }
            return failed ? nil : .object(object)
        case .sequence(let sequence):
            let elements = sequence.enumerated().map { json(value.element($0.offset, $0.element)) }
            return elements.contains(nil) ? nil : .array(elements.compactMap { $0 })
        case .alias:
            diagnostics.report(value, "aliases (*name) are not allowed in policy files; write the value out in full")
            return nil
        case .scalar:
            return jsonScalar(value)
        }
    }

    /// A single JSON scalar: text, number, true/false or null.
    func jsonScalar(_ value: YAMLLocatedNode) -> JSONValue? {
        guard case .scalar(let scalar) = value.node else {
            diagnostics.report(value, "expected a single value (text, number, true/false or null), found \(Self.describe(value.node))")
            return nil
        }
        switch value.node.tag.rawValue {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            return Bool.construct(from: scalar).map(JSONValue.bool)
        case Tag.Name.int.rawValue:
            if let number = Int.construct(from: scalar) { return .number(JSONNumber(number)) }
            if let number = JSONNumber(literal: scalar.string) { return .number(number) }
        case Tag.Name.float.rawValue:
            if let number = JSONNumber(literal: scalar.string) { return .number(number) }
            if let double = Double.construct(from: scalar), let number = JSONNumber(double) { return .number(number) }
        default:
            return .string(scalar.string)
        }
        diagnostics.report(value, "\(Self.describe(value.node)) cannot be used; write a plain decimal number such as 42 or 0.5")
        return nil
    }
}
