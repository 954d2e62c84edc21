extension JSONValue {
    /// RFC 8785 (JCS) canonical form as UTF-8 bytes: object keys sorted by their UTF-16 code
    /// units, no whitespace, numbers by the canonical number rule (see ``JSONNumber/canonical``),
    /// strings with the minimal escaping of RFC 8785 (only `"`, `\` and control characters below
    /// U+0020 are escaped, using `\b \t \n \f \r` where possible and `\u00xx` with lowercase hex
    /// otherwise; non-ASCII characters and `/` are written as they are).
    ///
    /// Numbers keep every significant digit of their input, which deviates from RFC 8785 only for
    /// numbers written with more digits than a `Double` holds (see ``JSONNumber/canonical``).
    ///
    /// ```swift
    /// let value: JSONValue = ["b": [1.50, true], "a": "é\n"]
    /// String(decoding: value.canonicalBytes, as: UTF8.self)   // {"a":"é\n","b":[1.5,true]}
    /// ```
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        JSONWriter.writeCanonical(self, to: &out)
        return out
    }

    /// ``canonicalBytes`` as a string.
    ///
    /// ```swift
    /// (["z": 1, "a": nil] as JSONValue).canonicalString   // {"a":null,"z":1}
    /// ```
    public var canonicalString: String {
        String(decoding: canonicalBytes, as: UTF8.self)
    }

    /// Human-friendly indented JSON: two spaces per level, keys sorted as in the canonical form,
    /// numbers written as their ``JSONNumber/literal``.
    ///
    /// ```swift
    /// print((["b": [1], "a": true] as JSONValue).prettyPrinted())
    /// // {
    /// //   "a": true,
    /// //   "b": [
    /// //     1
    /// //   ]
    /// // }
    /// ```
    public func prettyPrinted() -> String {
        var out: [UInt8] = []
        JSONWriter.writePretty(self, indent: 0, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
