public import DataCollectIntegrity
import DataCollectCore

extension Report {
    /// `report.json`: the whole report, tables with every row. Its shape is fixed by
    /// `Reports/schemas/<kind>.schema.json` (the envelope by `common.schema.json`).
    public var jsonValue: JSONValue {
        [
            "schema": .string(kind.schemaFileName),
            "kind": .string(kind.rawValue),
            "title": .string(title),
            "generatedAt": .string(generatedAt.iso8601),
            "status": .string(status.rawValue),
            "headline": .string(headline),
            "inputs": inputs.jsonValue,
            "summary": .object(summary),
            "sections": .array(sections.map(\.jsonValue)),
        ]
    }
}

extension ReportInputs {
    public var jsonValue: JSONValue {
        [
            "database": .string(database),
            "tool": .string(tool),
            "toolVersion": .string(toolVersion),
            "logs": .array(logs.map { log in
                ["log": .string(log.log.rawValue), "size": .number(JSONNumber(log.size)), "rootHash": .string(log.rootHash)]
            }),
            "checkpoints": .array(checkpoints.map { checkpoint in
                [
                    "log": .string(checkpoint.log.rawValue), "size": .number(JSONNumber(checkpoint.size)),
                    "rootHash": .string(checkpoint.rootHash), "createdAt": .string(checkpoint.createdAt.iso8601),
                ]
            }),
            "policy": policy.map { policy in
                ["path": .string(policy.path), "sha256": .string(policy.sha256), "name": .string(policy.name),
                 "version": .string(policy.version)]
            } ?? .null,
            "parameters": .array(parameters.map { ["name": .string($0.name), "value": .string($0.value)] }),
        ]
    }
}

extension ReportSection {
    public var jsonValue: JSONValue {
        ["title": .string(title), "blocks": .array(blocks.map(\.jsonValue))]
    }
}

extension ReportBlock {
    public var jsonValue: JSONValue {
        switch self {
        case .paragraph(let text):
            return ["type": "paragraph", "text": .string(text)]
        case .facts(let facts):
            return ["type": "facts", "facts": .array(facts.map { ["label": .string($0.label), "value": .string($0.value)] })]
        case .chart(let chart):
            return ["type": "chart", "chart": chart.jsonValue]
        case .table(let table):
            return ["type": "table", "table": table.jsonValue]
        }
    }
}

extension ReportTable {
    public var jsonValue: JSONValue {
        [
            "name": .string(name),
            "title": .string(title),
            "csv": .string(csvFileName),
            "columns": .array(columns.map { ["name": .string($0.name), "label": .string($0.label), "type": .string($0.type.rawValue)] }),
            "rows": .array(rows.map(JSONValue.array)),
        ]
    }
}

extension ReportChart {
    public var jsonValue: JSONValue {
        [
            "id": .string(id),
            "title": .string(title),
            "style": .string(style.rawValue),
            "categories": .array(categories.map(JSONValue.string)),
            "series": .array(series.map { series in
                ["name": .string(series.name), "values": .array(series.values.map { JSONNumber($0).map(JSONValue.number) ?? .null })]
            }),
            "xAxisLabel": .string(xAxisLabel),
            "yAxisLabel": .string(yAxisLabel),
            "unit": .string(unit),
            "caption": .string(caption),
        ]
    }
}
