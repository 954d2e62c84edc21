/// A titled part of a report: paragraphs, key figures, charts and tables, in reading order.
public struct ReportSection: Sendable, Hashable {
    public var title: String
    public var blocks: [ReportBlock]

    public init(title: String, blocks: [ReportBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// One piece of a section.
public enum ReportBlock: Sendable, Hashable {
    /// Plain text (no markup: renderers escape it).
    case paragraph(String)
    /// Labelled key figures, shown as a definition list.
    case facts([ReportFact])
    case chart(ReportChart)
    case table(ReportTable)
}

/// A labelled figure: "Events checked" → "12,345".
public struct ReportFact: Sendable, Hashable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}
