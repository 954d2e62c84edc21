public import DataCollectIntegrity

/// Where an operator runs: which profile, field and record, and the keys keyed operators use.
public struct OperatorContext: Sendable {
    public var profile: String
    public var field: String
    /// The record's entity (an individual or a household).
    public var entityGuid: String
    /// The entity's household, when it has one. `dateShift` shifts every date of one household
    /// by the same offset; without a household, the entity is the unit.
    public var householdGuid: String?
    public var keys: KeyRing

    public init(profile: String, field: String, entityGuid: String, householdGuid: String? = nil, keys: KeyRing) {
        self.profile = profile
        self.field = field
        self.entityGuid = entityGuid
        self.householdGuid = householdGuid
        self.keys = keys
    }

    /// The guid whose key-derived offset `dateShift` uses: the household if any, else the entity.
    var shiftUnitGuid: String { householdGuid ?? entityGuid }

    /// An error located at this profile, field and entity. `message` must not contain the value.
    func error(_ code: AnonymizationError.Code, _ message: String) -> AnonymizationError {
        AnonymizationError(code, profile: profile, field: field, entityGuid: entityGuid, message: message)
    }

    /// The `WRONG_TYPE` error: names the operator, what it expects and the JSON type found.
    func wrongType(_ operatorName: String, expected: String, found value: JSONValue) -> AnonymizationError {
        error(.wrongType, "\(operatorName) expects \(expected), but the value is \(article(value.typeName)).")
    }

    private func article(_ typeName: String) -> String {
        switch typeName {
        case "array", "object": "an \(typeName)"
        case "boolean": "true or false"
        default: "a \(typeName)"
        }
    }
}

extension AnonymizationOperator {
    /// Applies the operator to one value of a record.
    ///
    /// `null` stays `null` for every operator except `drop` (the field goes) and `replace` (the
    /// fixed value). A value of a type the operator cannot handle is an error, never passed
    /// through.
    ///
    /// ```swift
    /// let context = OperatorContext(profile: "research", field: "phone", entityGuid: "p-1", keys: KeyRing(keys: [:]))
    /// try AnonymizationOperator.mask(keepFirst: 1, keepLast: 2, character: "*")
    ///     .apply(to: "+000 123 4567", context: context)   // "+**********67"
    /// ```
    ///
    /// - Returns: the new value, or nil when the field is to be removed (`drop`).
    /// - Throws: ``AnonymizationError`` naming the profile, field, entity and what is wrong.
    public func apply(to value: JSONValue, context: OperatorContext) throws(AnonymizationError) -> JSONValue? {
        switch self {
        case .drop: return nil
        case .replace(let replacement): return replacement
        case .keep: return value
        case .redact: return .null
        default: break
        }
        if value.isNull { return .null }
        switch self {
        case .mask(let keepFirst, let keepLast, let character):
            return try Self.mask(value, keepFirst: keepFirst, keepLast: keepLast, character: character, context: context)
        case .pseudonymize(let key, let prefix, let length):
            return try Self.pseudonymize(value, key: key, prefix: prefix, length: length, context: context)
        case .hash:
            return Self.hash(value)
        case .generalizeDate(let granularity):
            return try Self.generalizeDate(value, to: granularity, context: context)
        case .dateShift(let maxDays, let key):
            return try Self.dateShift(value, maxDays: maxDays, key: key, context: context)
        case .generalizeNumber(let width):
            return try Self.generalizeNumber(value, width: width, context: context)
        case .bucket(let buckets):
            return try Self.bucket(value, into: buckets, context: context)
        case .round(let step):
            return try Self.round(value, step: step, context: context)
        case .generalizeHierarchy(let table, let levels):
            return try Self.generalizeHierarchy(value, table: table, levels: levels, context: context)
        case .drop, .replace, .keep, .redact:
            return value  // handled above
        }
    }

    /// Keeps the first `keepFirst` and last `keepLast` characters (grapheme clusters, so an emoji
    /// or a letter with combining marks is one character) and masks the rest. When the kept
    /// characters would cover the whole text, all of it is masked: masking never reveals a value
    /// whole.
    static func mask(_ value: JSONValue, keepFirst: Int, keepLast: Int, character: Character,
                     context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard keepFirst >= 0, keepLast >= 0 else {
            throw context.error(.invalidOperator, "mask needs keepFirst and keepLast of 0 or more.")
        }
        guard let text = value.stringValue else { throw context.wrongType("mask", expected: "text", found: value) }
        let characters = Array(text)
        if keepFirst + keepLast >= characters.count {
            return .string(String(repeating: character, count: characters.count))
        }
        let masked = characters.count - keepFirst - keepLast
        return .string(String(characters[..<keepFirst]) + String(repeating: character, count: masked)
            + String(characters[(characters.count - keepLast)...]))
    }

    /// Follows the child → parent table `levels` times (village → district → province).
    static func generalizeHierarchy(_ value: JSONValue, table: [String: String], levels: Int,
                                    context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard levels >= 0 else {
            throw context.error(.invalidOperator, "generalizeHierarchy needs levels of 0 or more.")
        }
        guard var current = value.stringValue else {
            throw context.wrongType("generalizeHierarchy", expected: "text", found: value)
        }
        for level in 0..<levels {
            guard let parent = table[current] else {
                throw context.error(
                    .notInHierarchy,
                    "The value is not in the hierarchy table of generalizeHierarchy (step \(level + 1) of \(levels)). "
                        + "Add it, with its parent, to the table in the policy.")
            }
            current = parent
        }
        return .string(current)
    }
}
