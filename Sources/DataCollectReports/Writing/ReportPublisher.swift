public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Writes a report and records it in the audit trail: who made which kind, where it went, its
/// status, and the SHA-256 of its `report.json`, so that a report shown later can be matched
/// with the record of its making.
public struct ReportPublisher: Sendable {
    public var manager: EntityDataManager
    public var actor: String

    public init(manager: EntityDataManager, actor: String) {
        self.manager = manager
        self.actor = actor
    }

    /// The audit action reports are recorded under.
    public static let auditAction = "report"

    public func publish(_ report: Report, to folder: String) throws -> WrittenReport {
        let written = try ReportWriter().write(report, to: folder)
        let json = FileManager.default.contents(atPath: "\(written.folder)/report.json").map { [UInt8]($0) } ?? []
        try manager.recordAccess(action: Self.auditAction, actor: actor, entityGuid: "", details: [
            "kind": .string(report.kind.rawValue), "status": .string(report.status.rawValue),
            "folder": .string(written.folder), "reportJSONSHA256": .string(Digest.sha256Hex(json)),
            "generatedAt": .string(report.generatedAt.iso8601),
        ], at: .now())
        return written
    }
}
