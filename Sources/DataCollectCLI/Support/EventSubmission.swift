import DataCollectCore
import DataCollectIntegrity

/// Submits located records in batches and gathers one summary with every problem's location.
struct EventSubmission {
    let manager: EntityDataManager
    let batchSize: Int

    struct Summary {
        var read = 0
        var appended = 0
        var alreadyPresent = 0
        var conflicts = 0
        var pending = 0
        var skipped = 0
        var refolded = 0
        /// Pending events in the whole store after the submission.
        /// (location, error) for each rejected or conflicting record.
        var problems: [(location: String, error: DataCollectError)] = []

        var rejected: Int { problems.count - conflicts }
        var isClean: Bool { problems.isEmpty }

        var text: String {
            var lines = ["Read \(read) records: \(appended) appended, \(alreadyPresent) already present, "
                + "\(conflicts) conflicting, \(rejected) rejected."]
            lines.append("Of the appended events, \(skipped) could not apply (see `datacollect audit`); "
                + "the store holds \(pending) pending events waiting for earlier ones (`datacollect pending`).")
            if refolded > 0 { lines.append("Late events re-folded \(refolded) entities.") }
            for problem in problems.prefix(50) {
                lines.append("  \(problem.location): \(problem.error)")
            }
            if problems.count > 50 { lines.append("  … and \(problems.count - 50) more (use --json for all).") }
            return lines.joined(separator: "\n")
        }

        var jsonValue: JSONValue {
            [
                "read": .number(JSONNumber(read)), "appended": .number(JSONNumber(appended)),
                "alreadyPresent": .number(JSONNumber(alreadyPresent)), "conflicts": .number(JSONNumber(conflicts)),
                "rejected": .number(JSONNumber(rejected)), "pending": .number(JSONNumber(pending)),
                "skipped": .number(JSONNumber(skipped)), "refoldedEntities": .number(JSONNumber(refolded)),
                "problems": .array(problems.map { problem in
                    var object = problem.error.jsonValue.objectValue ?? [:]
                    object["location"] = .string(problem.location)
                    return .object(object)
                }),
            ]
        }
    }

    func submit(_ records: [RecordReader.Record], progress: ((Int) -> Void)? = nil) throws -> Summary {
        var summary = Summary()
        summary.read = records.count
        var batch: [(location: String, value: JSONValue)] = []

        func flush() throws {
            guard !batch.isEmpty else { return }
            let report = try manager.submit(json: .array(batch.map(\.value)))
            summary.appended += report.appended
            summary.alreadyPresent += report.alreadyPresent
            summary.conflicts += report.conflicts
            summary.skipped += report.skipped
            summary.refolded += report.refoldedEntityCount
            for item in report.items {
                switch item.outcome {
                case .rejected(let error):
                    summary.problems.append((batch[item.index].location, error))
                case .conflict:
                    summary.problems.append((batch[item.index].location, DataCollectError(
                        .duplicateEventGuid, field: "guid",
                        message: "Another event with this guid and different content is already stored; this one was not stored.")))
                default:
                    break
                }
            }
            batch.removeAll(keepingCapacity: true)
            progress?(summary.appended + summary.alreadyPresent + summary.problems.count)
        }

        for record in records {
            switch record.value {
            case .success(let value):
                batch.append((record.location, value))
                if batch.count >= batchSize { try flush() }
            case .failure(let error):
                summary.problems.append((record.location, DataCollectError(.invalidJSON, message: error.description)))
            }
        }
        try flush()
        summary.pending = try manager.pendingEvents().count
        return summary
    }
}
