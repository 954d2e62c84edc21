// Deliberately not ExpressibleByNilLiteral: with it, `nil` in a `JSONValue?` context can
// silently become `.some(.null)` (a ternary, a dictionary literal) instead of "absent".
// Write `.null` for JSON null.

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` / `false`.
    ///
    /// ```swift
    /// let value: JSONValue = true   // .bool(true)
    /// ```
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An exact integer number.
    ///
    /// ```swift
    /// let value: JSONValue = 42   // .number(JSONNumber(42))
    /// ```
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A number built from the literal's shortest round-trip description.
    /// (A literal too large for `Double` — infinity — becomes `null`, as JSON has no infinity.)
    ///
    /// ```swift
    /// let value: JSONValue = 0.1   // canonical "0.1"
    /// ```
    public init(floatLiteral value: Double) {
        if let number = JSONNumber(value) {
            self = .number(number)
        } else {
            self = .null
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A JSON string.
    ///
    /// ```swift
    /// let value: JSONValue = "hello"   // .string("hello")
    /// ```
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// A JSON array.
    ///
    /// ```swift
    /// let value: JSONValue = [1, "two", nil]
    /// ```
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A JSON object. If a key is written twice in the literal, the last value wins.
    ///
    /// ```swift
    /// let value: JSONValue = ["a": 1, "b": [true, false]]
    /// ```
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
