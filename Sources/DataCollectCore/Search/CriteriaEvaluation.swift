import DataCollectIntegrity
import Foundation

extension SearchCriteria {
    /// Whether the entity satisfies every clause.
    public func matches(_ entity: Entity) -> Bool {
        clauses.allSatisfy { $0.matches(entity) }
    }
}

extension SearchCriteria.Clause {
    func matches(_ entity: Entity) -> Bool {
        let value = resolve(in: entity)
        switch op {
        case .equalsIgnoringCase:
            if case .string(let wanted) = operand, case .string(let actual)? = value {
                return wanted.lowercased() == actual.lowercased()
            }
            if operand.isNull { return value == nil || value == .null }
            return value == operand
        case .eq: return value == operand
        case .ne: return value != operand
        case .gt: return compare(value).map { $0 > 0 } ?? false
        case .gte: return compare(value).map { $0 >= 0 } ?? false
        case .lt: return compare(value).map { $0 < 0 } ?? false
        case .lte: return compare(value).map { $0 <= 0 } ?? false
        case .in: return value.map { operand.arrayValue?.contains($0) ?? false } ?? false
        case .regex:
            guard let pattern = operand.stringValue, let text = Self.text(of: value),
                  let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            else { return false }
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .contains:
            if case .array(let items)? = value { return items.contains(operand) }
            guard let needle = Self.text(of: operand), let haystack = Self.text(of: value) else { return false }
            return haystack.lowercased().contains(needle.lowercased())
        }
    }

    private func resolve(in entity: Entity) -> JSONValue? {
        var path = self.path
        if path.count == 1, SearchCriteria.entityFields.contains(path[0]) {
            switch path[0] {
            case "guid", "id": return .string(entity.guid)
            case "type": return .string(entity.type.rawValue)
            case "name": return .string(entity.name)
            case "externalId": return entity.externalId
            case "version": return .number(JSONNumber(entity.version))
            default: return .string(entity.lastUpdated.iso8601)
            }
        }
        if path.first == "data", path.count > 1 { path.removeFirst() }
        var current: JSONValue = .object(entity.data)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    /// -1, 0 or 1 comparing the value with the operand; nil when they cannot be compared.
    private func compare(_ value: JSONValue?) -> Int? {
        switch (value, operand) {
        case (.number(let a)?, .number(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a)?, .string(let b)):
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a == b ? 0 : 1)
        default:
            return nil
        }
    }

    private static func text(of value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return number.canonical
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }
}
