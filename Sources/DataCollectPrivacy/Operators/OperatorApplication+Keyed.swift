import Crypto
import DataCollectIntegrity

/// The hashing operators: `hash` (unkeyed), `pseudonymize` and the offset of `dateShift` (keyed).
/// Values are hashed as the UTF-8 of their canonical JSON, so `"42"` and `42` differ and numbers
/// written `1.0` or `1` agree.
extension AnonymizationOperator {
    static func hash(_ value: JSONValue) -> JSONValue {
        .string(Hex.encode(SHA256.hash(data: value.canonicalBytes)))
    }

    /// `prefix` + the first `length` hex digits of HMAC-SHA-256(key, canonical JSON of the value).
    static func pseudonymize(_ value: JSONValue, key: String, prefix: String, length: Int,
                             context: OperatorContext) throws(AnonymizationError) -> JSONValue {
        guard (1...64).contains(length) else {
            throw context.error(.invalidOperator, "pseudonymize needs a length from 1 to 64 hex digits.")
        }
        let secret = try context.requireKey(key, for: "pseudonymize")
        let code = HMAC<SHA256>.authenticationCode(for: value.canonicalBytes, using: secret)
        return .string(prefix + Hex.encode(code).prefix(length))
    }

    /// The shift, in days, for the context's unit (household, else entity): uniform in
    /// `-maxDays...maxDays`, from the first 8 bytes of HMAC-SHA-256(key, unit guid).
    static func dateShiftOffset(maxDays: Int, key: String, context: OperatorContext) throws(AnonymizationError) -> Int {
        guard maxDays >= 0, maxDays <= 36_500 else {
            throw context.error(.invalidOperator, "dateShift needs maxDays from 0 to 36500.")
        }
        let secret = try context.requireKey(key, for: "dateShift")
        let code = HMAC<SHA256>.authenticationCode(for: Array(context.shiftUnitGuid.utf8), using: secret)
        let number = Array(code).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(number % UInt64(2 * maxDays + 1)) - maxDays
    }
}

extension OperatorContext {
    func requireKey(_ name: String, for operatorName: String) throws(AnonymizationError) -> SymmetricKey {
        guard let key = keys.symmetricKey(named: name) else {
            throw error(.unknownKey, "\(operatorName) names the key '\(name)', which was not loaded. "
                + "Declare it under keys: in the policy, with the file that holds it.")
        }
        return key
    }
}

/// Lowercase hexadecimal.
enum Hex {
    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
