import Foundation
import JWTKit

/// Tokens an attacker might send: the server's claim layout, signed wrongly or not at all.
enum ForgedTokens {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var role: String
        var tenants: [String]
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func signed(secret: [UInt8], userId: Int, role: String = "admin", tenants: [String] = ["alpha", "beta"],
                       expires: Date = Date().addingTimeInterval(3600)) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(Claims(sub: .init(value: String(userId)), role: role, tenants: tenants,
                                          exp: .init(value: expires), iat: .init(value: Date()), jti: .init(value: UUID().uuidString)))
    }

    /// `alg: none` with no signature.
    static func unsigned(userId: Int, role: String = "admin") -> String {
        let header = base64URL(#"{"alg":"none","typ":"JWT"}"#)
        let payload = base64URL(#"{"sub":"\#(userId)","role":"\#(role)","tenants":["alpha","beta"],"exp":\#(Int(Date().timeIntervalSince1970) + 3600),"iat":0,"jti":"x"}"#)
        return header + "." + payload + "."
    }

    /// A valid token whose payload was rewritten (more tenants, another role), signature kept.
    static func tampered(_ token: String, userId: Int) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        let payload = base64URL(#"{"sub":"\#(userId)","role":"admin","tenants":["alpha","beta"],"exp":\#(Int(Date().timeIntervalSince1970) + 3600),"iat":0,"jti":"x"}"#)
        return parts[0] + "." + payload + "." + parts[2]
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
