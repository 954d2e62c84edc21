/// A salted commitment to one field of a record: it binds the record to the field's value
/// without containing it, so the value (and its salt) can be erased later while the record's
/// leaf, and every hash built on it, stay the same.
///
/// `c = SHA-256("datacollect:field:v1" ‖ 0x00 ‖ salt ‖ JCS(key) ‖ JCS(value))`, where JCS is
/// RFC 8785 canonical JSON and the salt is 16 or more random bytes, drawn independently for
/// every field (a salt is never derived from material that survives another field's
/// redaction).
///
/// ```swift
/// let c = FieldCommitment.compute(salt: salt, key: "name", value: "Amina Diallo")
/// ```
public enum FieldCommitment {
    /// The domain-separation tag that starts every commitment's input.
    public static let domainTag: [UInt8] = Array("datacollect:field:v1".utf8) + [0x00]
    /// Minimum salt length, in bytes.
    public static let minimumSaltLength = 16

    public static func compute(salt: [UInt8], key: String, value: JSONValue) -> [UInt8] {
        var input = domainTag
        input += salt
        input += JSONValue.string(key).canonicalBytes
        input += value.canonicalBytes
        return Digest.sha256(input)
    }
}
