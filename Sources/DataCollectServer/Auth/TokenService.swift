import DataCollectCore
import Foundation
import JWTKit

/// Issues and verifies access tokens: HS256 with the server's secret (jwt-kit).
struct TokenService: Sendable {
    private let keys: JWTKeyCollection
    let lifetimeSeconds: Int

    init(secret: [UInt8], lifetimeSeconds: Int) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// A signed token for `account`, valid for `lifetimeSeconds` from `now`.
    func issue(for account: UserAccount, now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: SubjectClaim(value: String(account.id)), role: account.role.rawValue, tenants: account.tenants,
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetimeSeconds))),
            iat: IssuedAtClaim(value: now), jti: IDClaim(value: UUID().uuidString.lowercased()))
        return try await keys.sign(claims)
    }

    /// The identity a token proves, or ``APIError/invalidToken`` for anything else: a bad
    /// signature, another algorithm, an expired or malformed token.
    func verify(_ token: String) async throws -> Identity {
        // HS256 only: the header is checked before jwt-kit sees it, so `alg: none` and
        // algorithm-confusion tokens never reach a verifier.
        guard let header = token.split(separator: ".", omittingEmptySubsequences: false).first,
              let headerBytes = Self.base64URLDecode(header),
              let headerJSON = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any],
              headerJSON["alg"] as? String == "HS256"
        else { throw APIError.invalidToken }
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch {
            throw APIError.invalidToken
        }
        guard let userId = Int64(claims.sub.value), let role = Role(rawValue: claims.role) else { throw APIError.invalidToken }
        return Identity(userId: userId, role: role, tenants: Set(claims.tenants), tokenId: claims.jti.value)
    }

    private static func base64URLDecode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}
