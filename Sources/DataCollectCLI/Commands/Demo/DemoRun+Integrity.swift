import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import Foundation

extension DemoRun {
    /// Signs a checkpoint of each log, then recomputes everything and checks it against them.
    mutating func checkpointAndVerify(title: String) throws {
        say(title)
        let checkpoints = try CheckpointWriter(signer: try SigningKeyFile.load(keyPath)).checkpoint(sqlite, at: .now())
        for checkpoint in checkpoints {
            say("   signed checkpoint of the \(checkpoint.log.rawValue) log: \(checkpoint.size) records, root \(checkpoint.rootHash.hexString.prefix(16))…")
        }
        let report = try IntegrityVerifier(verifierKey: verifierKey, progress: ProgressBar.perLog(quiet: quiet)).verify(sqlite)
        say(VerifyCommand.summary(report).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
        guard report.isIntact else { throw ExitCodes.integrityFailure }
        let redacted = report.logs.reduce(0) { $0 + $1.redactedFieldsByPolicyRun.values.reduce(0, +) }
        facts.removeAll { $0.hasPrefix("verified intact") }
        facts.append("verified intact with \(redacted) redacted fields reported by policy run")
    }

    /// Step 10: an inclusion proof for one event, then its phone number erased on request.
    func proveAndRedact(_ events: [Event]) throws {
        say("9. Proof and erasure on request:")
        guard let sampleEvent = events.first(where: { $0.data["phone"] != nil }) else { return }
        let proof = try LogProofs.inclusion(ofEvent: sampleEvent.guid, in: sqlite)
        try MerkleVerification.verifyInclusion(leafHash: proof.leafHash, index: proof.leafIndex, size: proof.treeSize,
                                               proof: proof.auditPath, root: proof.rootHash)
        say("   event \(sampleEvent.guid) proven in the log (\(proof.auditPath.count) hashes).")
        try manager.redact(eventGuid: sampleEvent.guid, fields: ["phone"], reason: "demo: erasure request",
                           policyRun: "demo-erasure", actor: "demo-officer")
        say("   its phone number erased (redaction run demo-erasure).")
    }

    /// Step 12: an archive export (validated, restorable) and one household's subject export.
    mutating func exports() throws {
        say("11. Exports:")
        let exportPath = "\(out)/archive-export.tar.gz"
        try? FileManager.default.removeItem(atPath: exportPath)
        let exported = try ArchiveExporter(manager: manager).export(to: exportPath, format: .tarGz, actor: "demo-auditor",
                                                                    tool: "datacollect demo", recipient: "national audit office")
        let validation = try BagValidator(verifierKey: verifierKey).validate(exportPath)
        say("   archive export \(exportPath): \(exported.events) events, "
            + (validation.isValid ? "valid BagIt, restores and verifies." : "INVALID: \(validation.problems)"))
        guard validation.isValid else { throw ExitCodes.integrityFailure }
        guard let household = try manager.store.read({ try $0.records(type: .group).first?.entity.guid }) else { return }
        let subjectPath = "\(out)/subject-export-\(household)"
        try? FileManager.default.removeItem(atPath: subjectPath)
        let subject = try SubjectExporter(manager: manager).export(subject: household, to: subjectPath, format: .dir,
                                                                   actor: "demo-officer", tool: "datacollect demo",
                                                                   recipient: "the household (data portability request)")
        say("   subject export \(subjectPath): \(subject.entities) entities (the household and its members), \(subject.events) events with proofs.")
        facts.append("an archive export and a subject export written")
    }
}
