/// Bounds the parser enforces so that hostile input cannot exhaust memory or the stack.
///
/// ```swift
/// let limits = JSONLimits(maxDepth: 16)
/// let value = try JSONParser.parse("[[1]]", limits: limits)
/// ```
public struct JSONLimits: Sendable {
    /// The deepest nesting of arrays and objects accepted; `[[1]]` has depth 2. Default 64.
    public var maxDepth: Int = 64
    /// The longest string (or object key) accepted, in UTF-8 bytes after unescaping. Default 16 MiB.
    public var maxStringBytes: Int = 16 << 20

    /// Creates limits; every parameter has a sensible default.
    ///
    /// ```swift
    /// let strict = JSONLimits(maxDepth: 8, maxStringBytes: 4096)
    /// ```
    public init(maxDepth: Int = 64, maxStringBytes: Int = 16 << 20) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }
}
