import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectReports

extension DemoRun {
    /// Step 12: every report kind, each in `<out>/reports/<kind>`; returns their folders.
    mutating func reports(retentionPolicy: String, anonymizationPolicy: String, profile: String) throws -> [String] {
        say("12. Reports:")
        let retention = try loadPolicy(retentionPolicy)
        let anonymization = try loadPolicy(anonymizationPolicy)
        guard let chosen = anonymization.profile(named: profile) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "The policy \(anonymizationPolicy) has no profile named \(profile).")
        }
        let clock = retentionClock
        let end = lastCapture
        let monthAgo = EventTimestamp(epochMilliseconds: end.epochMilliseconds - 30 * 86_400_000)
        let verifier = IntegrityVerifier(verifierKey: verifierKey)
        let retentionFile = policyFile(retentionPolicy, retention)
        let anonymizationFile = policyFile(anonymizationPolicy, anonymization)
        let keys = try loadKeys(anonymization, policyPath: anonymizationPolicy)
        let builders: [(ReportKind, [ReportInputs.Parameter], (ReportContext) throws -> Report)] = [
            (.import, [], { try ImportReport().build($0) }),
            (.verification, [], { try VerificationReport(verifier: verifier).build($0) }),
            (.timeTravel, [.init("--as-of", monthAgo.iso8601), .init("--to", end.iso8601)], {
                try TimeTravelReport(asOf: monthAgo, from: monthAgo, to: end).build($0)
            }),
            (.activity, [], { try ActivityReport().build($0) }),
            (.retention, [.init("--policy", retentionPolicy), .init("--now", clock.iso8601)], {
                try RetentionReport(policy: retention, policyFile: retentionFile, at: clock).build($0)
            }),
            (.anonymization, [.init("--policy", anonymizationPolicy), .init("--profile", profile)], {
                try AnonymizationReport(policy: anonymization, policyFile: anonymizationFile, profile: chosen,
                                        keys: keys).build($0)
            }),
            (.export, [], { try ExportReport().build($0) }),
        ]
        let publisher = ReportPublisher(manager: manager, actor: "demo-auditor")
        var folders: [String] = []
        for (kind, parameters, build) in builders {
            let report = try build(ReportContext(manager: manager, database: database, parameters: parameters))
            let written = try publisher.publish(report, to: "\(out)/reports/\(kind.rawValue)")
            say("   \(kind.rawValue): \(report.headline)")
            folders.append(written.folder)
        }
        facts.append("\(folders.count) reports written")
        return folders
    }
}
