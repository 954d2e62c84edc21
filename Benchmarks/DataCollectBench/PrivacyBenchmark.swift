import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSQLite
import Foundation

/// A retention run and an anonymization run (k-anonymity over three quasi-identifiers), dry
/// and applied, on the generated store of the time-travel benchmark, each beside the same
/// redactions done as plain SQL `UPDATE`s by the `sqlite3` shell on a copy of the same file.
func privacyBenchmark(events count: Int) throws {
    let folder = try Bench.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = "\(folder)/privacy.sqlite"
    var manager = EntityDataManager(store: try SQLiteStore(path: path))
    try buildTimeTravelStore(manager, events: count)
    let events = try manager.store.read { try $0.eventCount() }
    print("privacy: \(events) events, \(try manager.store.read { try $0.entityCount() }) live entities")
    try snapshot(path, to: "\(folder)/pristine.sqlite")

    // Retention: households registered in the first half of the registration window, kept a year.
    let policy = PrivacyPolicy(
        metadata: PolicyMetadata(name: "bench", version: "1", owner: "DPO", legalBasis: "benchmark"),
        retention: [RetentionRule(name: "registered-long-ago", match: RetentionMatch(entityType: .group),
                                  keep: ISODuration("P1Y")!, from: .created, then: .delete)],
        profiles: [AnonymizationProfile(
            name: "release",
            fields: [FieldRule(field: "name", op: .hash), FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
                     FieldRule(field: "sex", op: .keep), FieldRule(field: "relationship", op: .keep)],
            otherFields: .drop,
            kAnonymity: KAnonymityModel(quasiIdentifiers: ["dateOfBirth", "sex", "relationship"], k: 5, maxSuppression: 0.1))],
        sourceSHA256: "bench")
    var runner = PolicyRunner(manager: manager, policy: policy, actor: "bench")
    // DATACOLLECT_BENCH_BATCH: subjects per transaction of the retention run (default 5,000).
    if let batch = ProcessInfo.processInfo.environment["DATACOLLECT_BENCH_BATCH"].flatMap(Int.init), batch > 0 {
        runner.batchSize = batch
    }
    let now = EventTimestamp(parsing: "2025-04-01T00:00:00Z")!
    var plan: RetentionPlan?
    let dry = try Bench.seconds { plan = try runner.planRetention(now: now) }
    guard let plan else { return }
    var report = PolicyRunReport(runID: "")
    let applied = try Bench.seconds { report = try runner.applyRetention(plan) { $0.rewriteTransform(keys: KeyRing(keys: [:])) } }
    let reference = try sqlUpdates(redactedIn: path, applyTo: "\(folder)/pristine.sqlite", script: "\(folder)/retention.sql")
    print(String(format: "  retention dry run: %d subjects due, %.2f s (%@ events)", plan.subjects.count, dry, Bench.rate(events, dry)))
    print(String(format: "  retention applied: %d fields in %d events erased, %.2f s (%@ erased events); sqlite3 UPDATEs of the same fields: %.2f s; ratio %.1fx (target <= 3x)",
                 report.redactedFields, report.redactedEvents, applied, Bench.rate(report.redactedEvents, applied), reference, applied / reference))

    // Anonymization in place over what is left.
    try snapshot(path, to: "\(folder)/before-anonymize.sqlite")
    manager = EntityDataManager(store: try SQLiteStore(path: path))
    guard let profile = policy.profile(named: "release") else { return }
    var anonymization: ProfileAnonymization?
    let anonymizeDry = try Bench.seconds { anonymization = try ProfileAnonymization(profile: profile, keys: KeyRing(keys: [:]), store: manager.store) }
    guard let anonymization, let model = anonymization.model else { return }
    let anonymizeApplied = try Bench.seconds {
        report = try PolicyRunner(manager: manager, policy: policy, actor: "bench")
            .applyAnonymization(profile: profile, transform: anonymization.transform, now: now)
    }
    let anonymizeReference = try sqlUpdates(redactedIn: path, applyTo: "\(folder)/before-anonymize.sqlite", script: "\(folder)/anonymize.sql",
                                            after: now)
    print(String(format: "  anonymize dry run (operators + k-anonymity, k = %d, %d suppressed): %.2f s", model.achievedK, model.suppressedSubjects, anonymizeDry))
    print(String(format: "  anonymize applied: %d entities, %d fields erased, %d events written, %.2f s; sqlite3 UPDATEs of the same fields: %.2f s; ratio %.1fx (target <= 3x)",
                 report.entities, report.redactedFields, report.writtenEvents, anonymizeApplied, anonymizeReference, anonymizeApplied / anonymizeReference))
}

/// Copies a store's files (after a checkpoint) so the reference works on the same bytes.
private func snapshot(_ path: String, to copy: String) throws {
    _ = try Bench.shell("sqlite3 \(path) 'PRAGMA wal_checkpoint(TRUNCATE);'")
    try FileManager.default.copyItem(atPath: path, toPath: copy)
}

/// The redactions our run recorded, replayed on `copy` as plain SQL: the JSON field removed
/// from each event and its salt cleared, in one transaction. Returns the shell's wall time.
private func sqlUpdates(redactedIn path: String, applyTo copy: String, script: String, after: EventTimestamp? = nil) throws -> Double {
    let listing = "\(script).list"
    let filter = after.map { "AND redacted_at >= '\($0.iso8601)'" } ?? ""
    _ = try Bench.shell("sqlite3 -separator '|' \(path) \"SELECT record_seq, field FROM redactions WHERE log = 'events' \(filter) ORDER BY record_seq\" > \(listing)")
    let lines = (try String(contentsOfFile: listing, encoding: .utf8)).split(separator: "\n")
    var sql = "BEGIN;\n"
    for line in lines {
        let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        sql += "UPDATE events SET data = json_remove(data, '$.\(parts[1])') WHERE seq = \(parts[0]);\n"
        sql += "UPDATE log_leaves SET seals = json_set(seals, '$.\(parts[1])[0]', NULL) WHERE log = 'events' AND record_seq = \(parts[0]);\n"
    }
    sql += "COMMIT;\n"
    try sql.write(toFile: script, atomically: true, encoding: .utf8)
    return try Bench.shell("sqlite3 \(copy) < \(script)")
}
