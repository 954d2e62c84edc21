public import DataCollectCore
public import DataCollectIntegrity

/// One report: what a person reads (`report.html`) and a machine checks (`report.json`),
/// built from the same content so the two never disagree.
///
/// Reports never hold field values of the data subjects: they count, name fields and entity
/// guids, and point to locations.
public struct Report: Sendable, Hashable {
    public var kind: ReportKind
    public var title: String
    public var generatedAt: EventTimestamp
    /// What the report was made from, so that it can be made again.
    public var inputs: ReportInputs
    /// The outcome at a glance.
    public var status: ReportStatus
    /// One or two sentences that say what the report found.
    public var headline: String
    /// The kind's machine-readable figures (its JSON Schema fixes their shape).
    public var summary: [String: JSONValue]
    public var sections: [ReportSection]

    public init(kind: ReportKind, title: String, generatedAt: EventTimestamp, inputs: ReportInputs, status: ReportStatus,
                headline: String, summary: [String: JSONValue], sections: [ReportSection]) {
        self.kind = kind
        self.title = title
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.status = status
        self.headline = headline
        self.summary = summary
        self.sections = sections
    }

    /// Every table of the report, in reading order.
    public var tables: [ReportTable] {
        sections.flatMap(\.blocks).compactMap { block in
            if case .table(let table) = block { return table }
            return nil
        }
    }

    /// Every chart of the report, in reading order.
    public var charts: [ReportChart] {
        sections.flatMap(\.blocks).compactMap { block in
            if case .chart(let chart) = block { return chart }
            return nil
        }
    }
}

/// The outcome of a report at a glance.
public enum ReportStatus: String, Sendable, Hashable {
    /// Nothing needs attention.
    case ok
    /// Something a person should look at (rejected records, held subjects, a dry run).
    case attention
    /// An integrity failure or a run that failed.
    case failure
}
