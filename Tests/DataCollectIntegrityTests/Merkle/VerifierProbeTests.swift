import DataCollectIntegrity
import Testing

/// The 196 transparency-dev/merkle verifier probes: each must be accepted or rejected exactly
/// as published.
@Suite("Published verifier probes")
struct VerifierProbeTests {
    @Test func all98InclusionProbesAreAcceptedOrRejectedAsPublished() throws {
        let probes = try VectorFixture.section("published_verifier_probes").array("inclusion")
        #expect(probes.count == 98)
        for probe in probes {
            let leafHash = try probe.hex("leaf_hash"), index = try probe.uint64("leaf_index")
            let size = try probe.uint64("tree_size"), proof = try probe.hexList("proof"), root = try probe.hex("root")
            let outcome = Result { () throws(MerkleProofError) in
                try MerkleVerification.verifyInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)
            }
            let rejected = (try? outcome.get()) == nil
            let file = try probe.string("file"), wantError = try probe.bool("want_error")
            #expect(rejected == wantError, "\(file): \(outcome)")
        }
    }

    @Test func all98ConsistencyProbesAreAcceptedOrRejectedAsPublished() throws {
        let probes = try VectorFixture.section("published_verifier_probes").array("consistency")
        #expect(probes.count == 98)
        for probe in probes {
            let from = try probe.uint64("size1"), to = try probe.uint64("size2"), proof = try probe.hexList("proof")
            let fromRoot = try probe.hex("root1"), toRoot = try probe.hex("root2")
            let outcome = Result { () throws(MerkleProofError) in
                try MerkleVerification.verifyConsistency(from: from, to: to, proof: proof, fromRoot: fromRoot, toRoot: toRoot)
            }
            let rejected = (try? outcome.get()) == nil
            let file = try probe.string("file"), wantError = try probe.bool("want_error")
            #expect(rejected == wantError, "\(file): \(outcome)")
        }
    }

    @Test func theProbesCoverBothVerdicts() throws {
        let section = try VectorFixture.section("published_verifier_probes")
        let all = try section.array("inclusion") + section.array("consistency")
        let accepted = all.filter { $0["want_error"]?.boolValue == false }.count
        #expect(all.count == 196)
        #expect(accepted > 0 && accepted < all.count)
    }
}
