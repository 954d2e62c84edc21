import DataCollectCore
import DataCollectIntegrity

/// Reading the `details` object of an audit entry written by our own commands: tolerant of
/// keys older versions did not write (a missing figure reads as 0 or empty, never a crash).
struct AuditDetails {
    let object: [String: JSONValue]

    init(_ entry: AuditEntry) {
        if case .object(let object) = entry.changes { self.object = object } else { self.object = [:] }
    }

    init(_ value: JSONValue?) {
        if case .object(let object)? = value { self.object = object } else { self.object = [:] }
    }

    func string(_ key: String) -> String? {
        if case .string(let text)? = object[key] { return text }
        return nil
    }

    func int(_ key: String) -> Int {
        if case .number(let number)? = object[key], let value = Int(number.literal) { return value }
        return 0
    }

    func array(_ key: String) -> [JSONValue] {
        if case .array(let values)? = object[key] { return values }
        return []
    }

    func nested(_ key: String) -> AuditDetails { AuditDetails(object[key]) }

    /// A `{name: count}` object.
    func counts(_ key: String) -> [String: Int] {
        guard case .object(let counts)? = object[key] else { return [:] }
        return counts.compactMapValues { value in
            if case .number(let number) = value { return Int(number.literal) }
            return nil
        }
    }
}
