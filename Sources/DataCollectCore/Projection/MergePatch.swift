import DataCollectIntegrity

/// JSON Merge Patch (RFC 7396) for one field: how an update combines with what is there.
enum MergePatch {
    /// The field's new value, or nil when the patch removes it.
    static func apply(_ patch: JSONValue, to target: JSONValue?) -> JSONValue? {
        guard case .object(let patchMembers) = patch else {
            return patch.isNull ? nil : patch
        }
        var result = target?.objectValue ?? [:]
        for (key, value) in patchMembers {
            result[key] = apply(value, to: result[key])
        }
        return .object(result)
    }
}
