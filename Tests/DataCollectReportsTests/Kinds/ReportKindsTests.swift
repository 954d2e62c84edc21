import DataCollectCore
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectReports
import DataCollectTestSupport
import Foundation
import Testing

/// Each report kind's figures, checked against what the store says when asked directly.
@Suite("Report kinds", .serialized)
struct ReportKindsTests {
    let fixture: ReportFixture

    init() throws { fixture = try ReportFixture() }

    @Test func verificationCountsEveryRecordAndReportsTheRedactionByRun() throws {
        let report = try VerificationReport(verifier: IntegrityVerifier(verifierKey: fixture.verifierKey)).build(fixture.context())
        #expect(report.status == .ok)
        #expect(report.summary["intact"] == .bool(true))
        let (events, audit) = try fixture.manager.store.read { (try $0.eventCount(), try $0.recordCount(log: .audit)) }
        #expect(report.int("recordsChecked") == events + audit)
        let runs = report.table("redactions")?.rows ?? []
        #expect(!runs.isEmpty)
        #expect(runs.allSatisfy { $0.first == .string("request-17") }, "one run, reported per log it touched")
        let eventsRow = runs.first { $0[1] == .string("events") }
        #expect(eventsRow?[4] == .number(JSONNumber(1)), "one event field redacted by that run")
        #expect(report.table("checkpoints")?.rows.count == 2, "one checkpoint per log")
        #expect(report.inputs.checkpoints.first { $0.log == .events }?.size == fixture.checkpointSize)
    }

    @Test func verificationPinpointsAChangedValueAndFails() throws {
        let seq = try #require(fixture.events.firstIndex { $0.data["name"] != nil }) + 1
        try SQLiteShell.run(fixture.database, "UPDATE events SET data = json_set(data, '$.name', 'Mallory') WHERE seq = \(seq)")
        let report = try VerificationReport(verifier: IntegrityVerifier(verifierKey: fixture.verifierKey)).build(fixture.context())
        #expect(report.status == .failure)
        let failure = report.summary["failure"]
        #expect(failure?["seq"]?.int == seq)
        #expect(failure?["code"] == .string("VALUE_CHANGED"))
        #expect(report.sections.contains { $0.title == "Failure" })
    }

    @Test func importAccountsForEveryLineAndLocatesTheRejectedOnes() throws {
        let report = try ImportReport().build(fixture.context())
        #expect(report.int("runs") == 1)
        #expect(report.int("read") == fixture.events.count + 2)
        #expect(report.int("appended") == fixture.events.count)
        #expect(report.int("rejected") == 2)
        #expect(report.status == .attention)
        let lines = (report.table("rejected-examples")?.rows ?? []).compactMap { $0[3].int }
        #expect(lines == fixture.malformedLines)
        let runs = report.table("import-runs")?.rows ?? []
        #expect(runs.first?[2] == .string("officer-1"), "the importer is recorded as the run's author")
    }

    @Test func retentionMatchesThePlannerAndChangesNothing() throws {
        let now = try TimePoint.parse("2025-06-30", option: "--now")
        let before = try fixture.manager.stateHash()
        let report = try RetentionReport(policy: fixture.policy, policyFile: fixture.policyFile, at: now).build(fixture.context())
        let plan = try PolicyRunner(manager: fixture.manager, policy: fixture.policy, actor: "test").planRetention(now: now)
        #expect(try fixture.manager.stateHash() == before, "a report is a dry run")
        #expect(report.int("subjectsDue") == plan.subjects.count)
        #expect(report.int("held") == 1)
        #expect(report.table("holds")?.rows.first?[3] == .string("s5-hh-1"))
        let rule = report.table("rules")?.rows.first
        #expect(rule?[2].int == plan.rules.first?.matched)
        #expect(rule?[3].int == plan.rules.first?.due)
        #expect(report.inputs.policy?.sha256 == fixture.policy.sourceSHA256)
        let chart = report.charts.first { $0.id == "before-after" }
        #expect(chart?.series.map(\.name) == ["before", "after"])
    }

    @Test func anonymizationShowsKBeforeAndAfter() throws {
        let profile = try #require(fixture.policy.profile(named: "release"))
        let report = try AnonymizationReport(policy: fixture.policy, policyFile: fixture.policyFile, profile: profile,
                                             keys: fixture.keys).build(fixture.context())
        let after = report.summary["after"]?["k"]?.int ?? 0
        let before = report.summary["before"]?["k"]?.int ?? 0
        #expect(after >= 2, "the release meets k = 2")
        #expect(before == 1, "exact dates of birth single people out")
        #expect(report.int("achievedK") == after)
        let sizes = report.table("class-sizes")?.rows ?? []
        let individuals = report.int("individuals") ?? -1
        #expect(sizes.reduce(0) { $0 + ($1[1].int ?? 0) } == individuals, "every individual is in one class before")
        #expect(sizes.reduce(0) { $0 + ($1[2].int ?? 0) } == individuals, "and after")
    }

    @Test func anonymizationSaysWhyAProfileCannotMakeARelease() throws {
        var strict = try #require(fixture.policy.profile(named: "release"))
        strict.kAnonymity?.k = 10_000
        let report = try AnonymizationReport(policy: fixture.policy, policyFile: fixture.policyFile, profile: strict,
                                             keys: fixture.keys).build(fixture.context())
        #expect(report.status == .attention)
        #expect(report.summary["modelNotMet"]?.stringValue?.contains("PRIVACY_MODEL_NOT_MET") == true)
        #expect(report.headline.contains("cannot make a release"))
        #expect(report.int("achievedK") == nil, "no release, so no achieved k")
        #expect(report.summary["before"]?["k"]?.int == 1)
    }

    @Test func timeTravelAgreesWithTheDiffAndTheStateAtT() throws {
        let times = fixture.events.map(\.timestamp.epochMilliseconds)
        let asOf = EventTimestamp(epochMilliseconds: ((times.min() ?? 0) + (times.max() ?? 0)) / 2)
        let to = EventTimestamp(epochMilliseconds: times.max() ?? 0)
        let report = try TimeTravelReport(asOf: asOf, from: asOf, to: to).build(fixture.context())
        let diff = try fixture.manager.diff(from: asOf, to: to)
        #expect(report.int("entities") == (try fixture.manager.entities(asOf: asOf).count))
        #expect(report.int("created") == diff.created.count)
        #expect(report.int("changed") == diff.changed.count)
        #expect(report.int("deleted") == diff.deleted.count)
        #expect(report.table("changes")?.rows.count == diff.created.count + diff.changed.count + diff.deleted.count)
        #expect(report.summary["stateHash"] == .string(try fixture.manager.stateHash(asOf: asOf).hash))
    }

    @Test func activityCountsEveryEventOnceByDayCollectorAndLag() throws {
        let report = try ActivityReport().build(fixture.context())
        let count = fixture.events.count
        #expect(report.int("events") == count)
        let perDay = report.table("events-per-day")?.rows ?? []
        #expect(perDay.reduce(0) { $0 + ($1.last?.int ?? 0) } == count)
        let collectors = report.table("collectors")?.rows ?? []
        #expect(collectors.count == Set(fixture.events.map(\.userId)).count)
        #expect(collectors.reduce(0) { $0 + ($1[1].int ?? 0) } == count)
        let lag = report.table("sync-lag")?.rows ?? []
        #expect(lag.reduce(0) { $0 + ($1[1].int ?? 0) } == count)
        let stacked = try #require(report.charts.first { $0.id == "events-per-day" })
        #expect(Int(stacked.series.flatMap(\.values).reduce(0, +)) == count)
    }

    @Test func activityKeepsFutureDatedEventsOutOfTheDaysAndTheLag() throws {
        let ahead = EventTimestamp(epochMilliseconds: EventTimestamp.now().epochMilliseconds + 400 * 86_400_000)
        let future = Event(guid: "clock-ahead-1", entityGuid: "s5-ind-0-0", type: "update-individual", data: ["occupation": "nurse"],
                           timestamp: ahead, userId: "collector-99")
        #expect(try fixture.manager.submit([future]).rejected == 0)
        let report = try ActivityReport().build(fixture.context())
        let count = fixture.events.count
        #expect(report.int("events") == count + 1)
        #expect(report.int("futureDatedEvents") == 1)
        #expect(report.headline.contains("1 more carry a capture time later than their arrival"))
        #expect(report.table("events-per-day")?.rows.reduce(0) { $0 + ($1.last?.int ?? 0) } == count)
        #expect(report.table("sync-lag")?.rows.reduce(0) { $0 + ($1[1].int ?? 0) } == count)
        #expect(report.table("future-dated")?.rows == [[.string("update-individual"), .number(JSONNumber(1))]])
        let stacked = try #require(report.charts.first { $0.id == "events-per-day" })
        #expect(stacked.categories.last?.hasPrefix(String(fixture.events.map(\.timestamp.iso8601).max()?.prefix(4) ?? "")) == true,
                "the time axis ends at the last capture that is not in the future")
        // With a bar per day, the axis has no gaps: every day from the first to the last capture.
        var daily = ActivityReport()
        daily.maxDailyBars = 10_000
        let days = try #require(try daily.build(fixture.context()).charts.first { $0.id == "events-per-day" }?.categories)
        #expect(days.count > report.table("events-per-day")?.rows.count ?? 0, "days without events have their (empty) bar")
        #expect(days == ActivityTallyDays.consecutive(days.first ?? "", days.count))
    }

    @Test func exportNamesWhoForWhomAndTheCheckpoint() throws {
        let report = try ExportReport().build(fixture.context())
        #expect(report.int("exports") == 1)
        let row = try #require(report.table("exports")?.rows.first)
        #expect(row[1] == .string("auditor-1"))
        #expect(row[2] == .string("archive export"))
        #expect(row[4] == .string("audit office"))
        #expect(row[8].int == fixture.checkpointSize)
        #expect(report.status == .ok)
    }

    @Test func noReportHoldsAFieldValue() throws {
        // Identifiers the generator made ("s5-hh-3", "s5-ind-25-5") are references that reports
        // name on purpose, and bare calendar days ("2024-03-01": an exitDate) are also the days
        // reports count activity by; everything else a collector typed must not appear.
        let values = Set(fixture.events.flatMap { event in
            event.data.values.compactMap { value -> String? in
                if case .string(let text) = value, text.count >= 6, !text.hasPrefix("s5-"), !Self.isCalendarDay(text) { return text }
                return nil
            }
        })
        for report in try fixture.allReports() {
            let text = report.jsonValue.canonicalString
            let leaked = values.filter { text.contains($0) }
            #expect(leaked.isEmpty, "\(report.kind.rawValue) report shows values: \(leaked.prefix(3))")
        }
    }
}

extension ReportKindsTests {
    static func isCalendarDay(_ text: String) -> Bool {
        text.utf8.count == 10 && EventTimestamp(parsing: "\(text)T00:00:00Z") != nil
    }
}

/// Consecutive UTC days, computed independently of the report's own code.
enum ActivityTallyDays {
    static func consecutive(_ first: String, _ count: Int) -> [String] {
        guard let start = EventTimestamp(parsing: "\(first)T00:00:00Z") else { return [] }
        return (0..<count).map { String(EventTimestamp(epochMilliseconds: start.epochMilliseconds + Int64($0) * 86_400_000).iso8601.prefix(10)) }
    }
}
