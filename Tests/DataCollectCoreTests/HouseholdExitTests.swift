import DataCollectCore
import DataCollectIntegrity
import Testing

/// `household-exited`: the business event that retention rules count from.
@Suite("A household leaves the programme", .serialized)
struct HouseholdExitTests {
    static let household = event("cg", "hh", "create-group", [
        "name": "Household Test", "members": [["guid": "p1", "name": "One"], ["guid": "p2", "name": "Two"]],
    ], at: 0)

    @Test("an exit marks the household, with the given date and reason; members stay", arguments: StoreKind.allCases)
    func exitWithDateAndReason(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        try manager.submitAll(Self.household, event("ex", "hh", "household-exited", ["exitDate": "2024-06-30", "reason": "graduated"], at: 5))
        let group = try manager.modified("hh")
        #expect(group.data["status"] == "exited" && group.data["exitDate"] == "2024-06-30" && group.data["exitReason"] == "graduated")
        #expect(group.memberIds == ["p1", "p2"] && group.version == 2)
        #expect(try manager.modified("p1").data["status"] == nil)
    }

    @Test("without a date, the exit counts from the day it was captured (UTC)", arguments: StoreKind.allCases)
    func exitDateDefaultsToCaptureDay(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        // Minute 1,439 of 2024-01-01 is still that day in UTC.
        try manager.submitAll(Self.household, event("ex", "hh", "household-exited", ["reason": "moved away"], at: 1_439))
        #expect(try manager.modified("hh").data["exitDate"] == "2024-01-01")
    }

    @Test("an exit captured before the registration waits for it; an individual's is skipped", arguments: StoreKind.allCases)
    func pendingAndSkipped(kind: StoreKind) throws {
        let manager = try kind.makeManager()
        let early = try manager.submitAll(event("ex", "hh", "household-exited", ["exitDate": "2024-02-01"], at: 10))
        guard case .appended(_, .pending(let reason))? = early.items.first?.outcome else {
            Issue.record("expected pending, got \(early.items)")
            return
        }
        #expect(reason.code == .invalidGroup)
        try manager.submitAll(Self.household)
        #expect(try manager.pendingEvents().isEmpty)
        #expect(try manager.modified("hh").data["status"] == "exited")

        let individual = try manager.submitAll(event("ex-p1", "p1", "household-exited", ["exitDate": "2024-02-01"], at: 20))
        guard case .appended(_, .skipped(let why))? = individual.items.first?.outcome else {
            Issue.record("expected skipped, got \(individual.items)")
            return
        }
        #expect(why.code == .invalidGroup)
        #expect(try manager.modified("p1").data["status"] == nil)
    }

    @Test("only real calendar dates are exit dates")
    func calendarDates() {
        for valid in ["2024-02-29", "2000-02-29", "2023-12-31", "1999-01-01"] { #expect(HouseholdExitApplierProbe.accepts(valid), "\(valid)") }
        for invalid in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-6-30", "24-06-30",
                        "2024-06-30T00:00:00Z", "２０２４-06-30", ""] {
            #expect(!HouseholdExitApplierProbe.accepts(invalid), "\(invalid)")
        }
    }
}

/// Asks the built-in applier, through the registry, whether it accepts an exit date.
enum HouseholdExitApplierProbe {
    static func accepts(_ date: String) -> Bool {
        let exit = event("probe", "hh", "household-exited", ["exitDate": .string(date)])
        guard let applier = ApplierRegistry.builtIn.applier(for: "household-exited") else { return false }
        return (try? applier.validate(exit)) != nil
    }
}
