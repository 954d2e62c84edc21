import DataCollectCore
import DataCollectIntegrity

/// Writes the life of each household as events. Internal to ``EventGenerator``.
struct HouseholdStoryBuilder {
    static let minute: Int64 = 60_000
    static let day: Int64 = 86_400_000

    private var random: SeededRandom
    private let start: EventTimestamp
    private let households: Int
    private let visits: ClosedRange<Int>
    private let prefix: String
    private var counter = 0
    /// Numbers the exit events, apart from `counter`: exits came later to the generator, and
    /// the other events keep the guids (and so the order) they had before.
    private var exitCounter = 0
    private(set) var events: [Event] = []
    /// Living members per household, for moves between households.
    private var registeredHouseholds: [(guid: String, members: [String])] = []

    init(seed: UInt64, start: EventTimestamp, households: Int, visits: ClosedRange<Int>) {
        random = SeededRandom(seed: seed)
        self.start = start
        self.households = households
        self.visits = visits
        prefix = "s\(seed)"
    }

    mutating func household(_ index: Int) {
        let householdGuid = "\(prefix)-hh-\(index)"
        let collector = "collector-\(String(format2: index % 12 + 1))"
        let spread = max(1, 180 * Self.day / Int64(max(households, 1)))
        var time = start.epochMilliseconds + Int64(index) * spread + Int64(random.int(0...480)) * Self.minute
        let family = random.pick(SyntheticNames.family)
        let village = random.pick(SyntheticNames.villages)

        var members: [JSONValue] = []
        var memberGuids: [String] = []
        let size = random.int(1...9)
        for position in 0..<size {
            let guid = "\(prefix)-ind-\(index)-\(position)"
            memberGuids.append(guid)
            members.append(.object(person(guid: guid, family: family, head: position == 0)))
        }
        let head = memberGuids[0]
        emit(householdGuid, "create-group", [
            "name": .string("Household \(family)"), "village": .string(village),
            "district": .string(random.pick(SyntheticNames.districts)),
            "monthlyIncome": .number(money()), "members": .array(members),
        ], at: time, by: collector)

        // Months of follow-up visits.
        for _ in 0..<random.int(visits) {
            time += Int64(random.int(3...40)) * Self.day + Int64(random.int(0...600)) * Self.minute
            let member = random.pick(memberGuids)
            switch random.int(0...99) {
            case 0..<40:
                let field = random.pick(["occupation", "phone", "schoolEnrolled"])
                emit(member, "update-individual", [field: updateValue(of: field)], at: time, by: collector)
            case 40..<60:
                emit(householdGuid, "update-group", ["monthlyIncome": .number(money())], at: time, by: collector)
            case 60..<72:
                let guid = "\(prefix)-ind-\(index)-\(memberGuids.count)"
                memberGuids.append(guid)
                var baby = person(guid: guid, family: family, head: false)
                baby["dateOfBirth"] = .string(date(at: time - Int64(random.int(1...20)) * Self.day))
                baby["relationship"] = "child"
                emit(householdGuid, "add-member", ["members": [.object(baby)]], at: time, by: collector)
            case 72..<80 where member != head:
                emit(householdGuid, "remove-member", ["memberId": .string(member), "reason": "left the household"],
                     at: time, by: collector)
                // The person's record keeps the date they left: retention counts from it.
                emitExit(member, "update-individual", ["exitDate": .string(date(at: time))], at: time + Self.minute, by: collector)
                memberGuids.removeAll { $0 == member }
            case 80..<86 where member != head && !registeredHouseholds.isEmpty:
                let target = random.pick(registeredHouseholds)
                emit(householdGuid, "remove-member", ["memberId": .string(member), "reason": "moved"], at: time, by: collector)
                emit(target.guid, "add-member", ["members": [["guid": .string(member)]]],
                     at: time + 30 * Self.minute, by: collector)
                memberGuids.removeAll { $0 == member }
            case 86..<90:
                // Two collectors edit the same field within the hour: a recorded conflict.
                let other = "collector-\(String(format2: random.int(1...12)))"
                emit(head, "update-individual", ["phone": phone()], at: time, by: collector)
                emit(head, "update-individual", ["phone": phone()], at: time + Int64(random.int(1...50)) * Self.minute, by: other)
            case 90..<93 where member != head:
                emit(member, "delete-entity", ["reason": "registered in error"], at: time, by: collector)
                memberGuids.removeAll { $0 == member }
            default:
                break
            }
        }

        if random.chance(0.02) || index % 37 == 5 {
            // A second registration of the household head: same person, typed differently.
            let other = "collector-\(String(format2: random.int(1...12)))"
            if let headFields = members.first?.objectValue {
                var copy = headFields
                copy["guid"] = nil
                copy["name"] = .string((headFields["name"]?.stringValue ?? "").uppercased().replacingSpaces())
                emit("\(prefix)-dup-\(index)", "create-individual", copy,
                     at: time + Int64(random.int(1...30)) * Self.day, by: other)
            }
        }
        if random.chance(0.01) {
            emit(householdGuid, "delete-entity", ["reason": "household left the programme"],
                 at: time + Int64(random.int(1...20)) * Self.day, by: collector)
        } else {
            registeredHouseholds.append((householdGuid, memberGuids))
            if index % 23 == 11 {
                // About one household in 23 leaves the programme six weeks after its last visit.
                let exit = time + 42 * Self.day
                emitExit(householdGuid, "household-exited", [
                    "exitDate": .string(date(at: exit)), "reason": .string(Self.exitReasons[index % Self.exitReasons.count]),
                ], at: exit, by: collector)
            }
        }
    }

    static let exitReasons = ["graduated from the programme", "moved out of the area", "no longer eligible"]

    /// An exit (a household leaving, a member's exit date), numbered on its own; it draws no
    /// random numbers, so everything else generated stays as it was.
    private mutating func emitExit(_ entity: String, _ type: String, _ data: [String: JSONValue], at time: Int64, by user: String) {
        exitCounter += 1
        events.append(Event(
            guid: "\(prefix)-exit-\(exitCounter)", entityGuid: entity, type: type, data: data,
            timestamp: EventTimestamp(epochMilliseconds: time), userId: user, syncLevel: .local))
    }

    private mutating func emit(_ entity: String, _ type: String, _ data: [String: JSONValue], at time: Int64, by user: String) {
        counter += 1
        events.append(Event(
            guid: "\(prefix)-evt-\(counter)", entityGuid: entity, type: type, data: data,
            timestamp: EventTimestamp(epochMilliseconds: time), userId: user, syncLevel: .local))
    }

    private mutating func person(guid: String, family: String, head: Bool) -> [String: JSONValue] {
        let born = head
            ? date(at: start.epochMilliseconds - Int64(random.int(18 * 365...75 * 365)) * Self.day)
            : date(at: start.epochMilliseconds - Int64(random.int(0...60 * 365)) * Self.day)
        return [
            "guid": .string(guid),
            "name": .string("\(random.pick(SyntheticNames.given)) \(family)"),
            "dateOfBirth": .string(born),
            "sex": .string(random.pick(["female", "male"])),
            "relationship": .string(head ? "head" : random.pick(SyntheticNames.relationships)),
        ]
    }

    /// A new value of the right type for an individual's field: an occupation, a phone number,
    /// or whether the person is enrolled in school.
    private mutating func updateValue(of field: String) -> JSONValue {
        switch field {
        case "occupation": .string(random.pick(SyntheticNames.occupations))
        case "phone": phone()
        default: .bool(random.chance(0.5))
        }
    }

    private mutating func phone() -> JSONValue {
        .string("+000 \(random.int(100...999)) \(random.int(1000...9999))")
    }

    private mutating func money() -> JSONNumber {
        JSONNumber(literal: "\(random.int(20...900)).\(random.int(0...9))0") ?? JSONNumber(0)
    }

    private func date(at millis: Int64) -> String {
        String(EventTimestamp(epochMilliseconds: millis).iso8601.prefix(10))
    }
}

extension String {
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }

    func replacingSpaces() -> String {
        split(separator: " ").joined(separator: "  ")
    }
}
