public import DataCollectIntegrity
import Foundation

/// One search language for every store: a list of clauses, all of which must match (AND).
///
/// Wire form (the existing system's): `[{"<field>": <value>}, {"<field>": {"$op": <operand>}}]`.
/// - Fields: `guid`, `id`, `type`, `name`, `externalId`, `version`, `lastUpdated` are the
///   entity's own; `data.a.b` or just `a.b` is a path into `data` (dotted paths navigate
///   nested objects).
/// - A plain value matches equal values; plain strings ignore case (`"john doe"` matches
///   "John Doe"), numbers compare by exact value, `null` matches a missing field.
/// - Operators: `$eq` `$ne` (exact), `$gt` `$gte` `$lt` `$lte` (numbers by value, strings by
///   text order — ISO dates compare correctly), `$in` (any of a list), `$regex`
///   (case-insensitive, at most 256 characters), `$contains` (substring ignoring case, or an
///   element of an array).
///
/// Criteria are data, never code: stores evaluate them with this type (or with bound
/// parameters), never by pasting values into SQL, so quotes, `%`, `;` and regex characters in
/// field names or values cannot change a query.
///
/// ```swift
/// let criteria = try SearchCriteria(json: [["type": "individual"], ["age": ["$gte": 18]]])
/// ```
public struct SearchCriteria: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equalsIgnoringCase = "plain"
        case eq = "$eq", ne = "$ne", gt = "$gt", gte = "$gte", lt = "$lt", lte = "$lte"
        case `in` = "$in", regex = "$regex", contains = "$contains"
    }

    public struct Clause: Sendable, Hashable {
        public var path: [String]
        public var op: Operator
        public var operand: JSONValue
    }

    public var clauses: [Clause]

    public static let maxRegexLength = 256
    static let entityFields: Set<String> = ["guid", "id", "type", "name", "externalId", "version", "lastUpdated"]

    public init(clauses: [Clause] = []) {
        self.clauses = clauses
    }

    /// Parses the wire form; every error names the clause and says what is expected.
    public init(json: JSONValue) throws(DataCollectError) {
        guard let list = json.arrayValue else {
            throw Self.invalid(nil, "Search criteria must be a list of clauses like [{\"name\": \"value\"}].")
        }
        var clauses: [Clause] = []
        for (index, item) in list.enumerated() {
            guard let object = item.objectValue, object.count == 1, let (field, condition) = object.first else {
                throw Self.invalid("[\(index)]", "Each clause must be an object with exactly one field name.")
            }
            let path = field.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !field.isEmpty, !path.contains(where: \.isEmpty) else {
                throw Self.invalid("[\(index)]", "A field name must be non-empty and have no empty path parts.")
            }
            if case .object(let operators) = condition, let first = operators.keys.first, first.hasPrefix("$") {
                for (name, operand) in operators.sorted(by: { $0.key < $1.key }) {
                    guard let op = Operator(rawValue: name), op != .equalsIgnoringCase else {
                        throw Self.invalid("[\(index)]", "Unknown operator; use one of $eq $ne $gt $gte $lt $lte $in $regex $contains.")
                    }
                    try Self.checkOperand(op, operand, clause: index)
                    clauses.append(Clause(path: path, op: op, operand: operand))
                }
            } else {
                clauses.append(Clause(path: path, op: .equalsIgnoringCase, operand: condition))
            }
        }
        self.clauses = clauses
    }

    private static func checkOperand(_ op: Operator, _ operand: JSONValue, clause: Int) throws(DataCollectError) {
        switch op {
        case .in:
            guard operand.arrayValue != nil else { throw invalid("[\(clause)]", "$in needs a list of values.") }
        case .regex:
            guard let pattern = operand.stringValue else { throw invalid("[\(clause)]", "$regex needs a text pattern.") }
            guard pattern.count <= maxRegexLength else {
                throw invalid("[\(clause)]", "The $regex pattern is longer than \(maxRegexLength) characters.")
            }
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw invalid("[\(clause)]", "The $regex pattern is not a valid regular expression.")
            }
        case .contains:
            guard operand.stringValue != nil || operand.numberValue != nil || operand.boolValue != nil else {
                throw invalid("[\(clause)]", "$contains needs a text, number or boolean.")
            }
        default:
            break
        }
    }

    static func invalid(_ field: String?, _ message: String) -> DataCollectError {
        DataCollectError(.invalidCriteria, field: field.map { "criteria\($0)" } ?? "criteria", message: message)
    }

    /// The type named by a top-level `type` equality clause, which stores may use to narrow a scan.
    public var requiredType: EntityType? {
        for clause in clauses where clause.path == ["type"] && (clause.op == .eq || clause.op == .equalsIgnoringCase) {
            if let text = clause.operand.stringValue, let type = EntityType(rawValue: text.lowercased()) { return type }
        }
        return nil
    }
}
