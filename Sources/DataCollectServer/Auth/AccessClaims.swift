import DataCollectCore
import Foundation
import JWTKit

/// The claims of an access token: who (subject = account id), what role, which tenants, when it
/// expires, when it was issued, and a unique id.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String
    var tenants: [String]
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard Role(rawValue: role) != nil, Int64(sub.value) != nil else {
            throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "unknown role or subject")
        }
    }
}
