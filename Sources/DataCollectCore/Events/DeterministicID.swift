import DataCollectIntegrity

/// Ids derived from event content, never from a random source or the clock, so every replica
/// derives the same id from the same event.
public enum DeterministicID {
    /// A UUID-shaped id (version 8, RFC 9562) from SHA-256 of the parts joined by `0x1F`.
    ///
    /// ```swift
    /// DeterministicID.make("member", "event-42", "members/0") // "3f2a…-…"
    /// ```
    public static func make(_ parts: String...) -> String {
        let joined = parts.joined(separator: "\u{1F}")
        var bytes = Array(Digest.sha256(Array(joined.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: custom
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        let hex = bytes.hexString
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-"
            + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
