public import DataCollectIntegrity

/// The record a profile is applied to: whose data it is, and the keys keyed operators use.
public struct RecordContext: Sendable {
    public var entityGuid: String
    /// The household of an individual (for a household's own record, its guid or nil).
    /// `dateShift` shifts every date of one household by the same offset.
    public var householdGuid: String?
    public var keys: KeyRing

    public init(entityGuid: String, householdGuid: String? = nil, keys: KeyRing) {
        self.entityGuid = entityGuid
        self.householdGuid = householdGuid
        self.keys = keys
    }
}

extension AnonymizationProfile {
    /// Applies the profile to one record's data: each named field through its operator, the
    /// others as ``otherFields`` says (`drop`: removed; `keep`: unchanged; `error`: the record is
    /// refused). A rule for a field the record lacks adds nothing.
    ///
    /// ```swift
    /// let profile = AnonymizationProfile(name: "research", fields: [
    ///     FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
    ///     FieldRule(field: "sex", op: .keep),
    /// ])
    /// try profile.anonymize(["dateOfBirth": "1984-02-29", "sex": "female", "name": "Amina"],
    ///                       context: RecordContext(entityGuid: "p-1", keys: KeyRing(keys: [:])))
    /// // ["dateOfBirth": "1984", "sex": "female"]
    /// ```
    ///
    /// - Throws: ``AnonymizationError`` from the first failing field (in field-name order), or
    ///   `UNNAMED_FIELD` naming the first field the profile does not name when `otherFields` is
    ///   `error`.
    public func anonymize(_ data: [String: JSONValue], context: RecordContext) throws(AnonymizationError)
        -> [String: JSONValue]
    {
        let names = data.keys.sorted()
        if otherFields == .error, let unnamed = names.first(where: { rule(for: $0) == nil }) {
            throw AnonymizationError(
                .unnamedField, profile: name, field: unnamed, entityGuid: context.entityGuid,
                message: "The record has a field the profile does not name, and the profile says otherFields: error. "
                    + "Add a rule for the field (keep, drop or an operator) to the profile.")
        }
        var result: [String: JSONValue] = [:]
        for field in names {
            guard let value = data[field] else { continue }
            guard let rule = rule(for: field) else {
                if otherFields == .keep { result[field] = value }
                continue
            }
            let operatorContext = OperatorContext(
                profile: name, field: field, entityGuid: context.entityGuid,
                householdGuid: context.householdGuid, keys: context.keys)
            result[field] = try rule.op.apply(to: value, context: operatorContext)
        }
        return result
    }
}
