import DataCollectCore
import DataCollectIntegrity

extension InclusionProofResult {
    /// The proof as a pulled record carries it (`proof` beside `seals`): the leaf index, the
    /// tree size it was made for and the audit path. The leaf hash and root are left out: the
    /// client recomputes the one and holds the other from a signed checkpoint.
    var recordProof: JSONValue {
        [
            "leafIndex": .number(JSONNumber(Int(leafIndex))), "treeSize": .number(JSONNumber(Int(treeSize))),
            "auditPath": .array(auditPath.map { .string($0.hexString) }),
        ]
    }
}
