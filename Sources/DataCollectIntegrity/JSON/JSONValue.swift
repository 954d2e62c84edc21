/// A JSON value that keeps numbers exact (the literal digits, never silently rounded through `Double`).
///
/// Build values with literals, parse them with ``JSONParser``, and write them with
/// ``canonicalBytes`` (RFC 8785) or ``prettyPrinted()``.
///
/// ```swift
/// let value: JSONValue = ["name": "Ada", "age": 36, "tags": ["a", "b"], "note": nil]
/// value["name"]?.stringValue        // "Ada"
/// value["age"]?.numberValue?.intValue  // 36
/// value.canonicalString             // {"age":36,"name":"Ada","note":null,"tags":["a","b"]}
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// The string, if this value is a string.
    ///
    /// ```swift
    /// JSONValue.string("x").stringValue   // "x"
    /// ```
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this value is an object.
    ///
    /// ```swift
    /// (["a": 1] as JSONValue).objectValue?.count   // 1
    /// ```
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, if this value is an array.
    ///
    /// ```swift
    /// ([1, 2] as JSONValue).arrayValue?.count   // 2
    /// ```
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number, if this value is a number.
    ///
    /// ```swift
    /// (4.5 as JSONValue).numberValue?.canonical   // "4.5"
    /// ```
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this value is `true` or `false`.
    ///
    /// ```swift
    /// (true as JSONValue).boolValue   // true
    /// ```
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// True when this value is `null`.
    ///
    /// ```swift
    /// (nil as JSONValue).isNull   // true
    /// ```
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`; `nil` unless this value is an object that has that key.
    ///
    /// ```swift
    /// let value: JSONValue = ["a": ["b": true]]
    /// value["a"]?["b"]?.boolValue   // true
    /// value["missing"]              // nil
    /// ```
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The JSON type name, for error messages: `"null"`, `"boolean"`, `"number"`, `"string"`,
    /// `"array"` or `"object"`.
    ///
    /// ```swift
    /// (["x"] as JSONValue).typeName   // "array"
    /// ```
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
