import DataCollectCore
import DataCollectIntegrity

/// The tables, schemas and texts of a subject export.
enum SubjectTables {
    /// One row per entity: the entity's own columns, then one `data.<field>` column per data field (nested
    /// values as JSON). Spreadsheet formula characters are neutralised.
    static func csv(_ entities: [Entity]) -> String {
        let fields = Set(entities.flatMap(\.data.keys)).sorted()
        let header = ["guid", "type", "name", "version", "lastUpdated", "memberIds"] + fields.map { "data." + $0 }
        let rows = entities.map { entity -> [String] in
            [entity.guid, entity.type.rawValue, entity.name, String(entity.version), entity.lastUpdated.iso8601,
             entity.memberIds.joined(separator: " ")]
                + fields.map { field in
                    switch entity.data[field] {
                    case nil: ""
                    case .string(let text)?: text
                    case let value?: value.canonicalString
                    }
                }
        }
        func cell(_ value: String) -> String {
            var value = value
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return value
        }
        return ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static let schemas: [(String, JSONValue)] = [
        ("subject.schema.json", [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Subject entities",
            "type": "array",
            "items": ["type": "object", "required": ["guid", "type", "name", "version", "data", "lastUpdated"],
                      "properties": ["guid": ["type": "string"], "type": ["enum": ["individual", "group"]],
                                     "name": ["type": "string"], "version": ["type": "integer"], "data": ["type": "object"],
                                     "lastUpdated": ["type": "string", "format": "date-time"],
                                     "memberIds": ["type": "array", "items": ["type": "string"]]]],
        ]),
        ("history.schema.json", [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "One line of history.ndjson",
            "type": "object", "required": ["seq", "recordedAt", "event", "redactedFields"],
            "properties": ["seq": ["type": "integer"], "recordedAt": ["type": "string", "format": "date-time"],
                           "event": ["type": "object", "required": ["guid", "entityGuid", "type", "data", "timestamp", "userId"]],
                           "redactedFields": ["type": "array", "items": ["type": "string"]]],
        ]),
        ("audit.schema.json", [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "One line of audit.ndjson",
            "type": "object", "required": ["guid", "timestamp", "userId", "action", "entityGuid", "changes", "seq"],
        ]),
        ("proofs.schema.json", [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "One line of proofs.ndjson",
            "type": "object", "required": ["eventGuid", "leafIndex", "treeSize", "leafHash", "auditPath", "rootHash"],
            "properties": ["auditPath": ["type": "array", "items": ["type": "string", "pattern": "^[0-9a-f]{64}$"]]],
        ]),
    ]

    static let dataPackage: JSONValue = [
        "profile": "data-package", "name": "datacollect-subject-export", "title": "DataCollect data-portability export",
        "resources": [
            ["name": "subject", "path": "subject.json", "format": "json", "schema": "schemas/subject.schema.json"],
            ["name": "subject-table", "path": "subject.csv", "format": "csv", "mediatype": "text/csv"],
            ["name": "history", "path": "history.ndjson", "format": "ndjson", "schema": "schemas/history.schema.json"],
            ["name": "audit", "path": "audit.ndjson", "format": "ndjson", "schema": "schemas/audit.schema.json"],
            ["name": "proofs", "path": "proofs.ndjson", "format": "ndjson", "schema": "schemas/proofs.schema.json"],
        ],
    ]

    static func readme(subject: String, checkpointed: Bool) -> String {
        """
        # Your data, as recorded by DataCollect

        This package holds what the registry records about \(subject) (and, for a household,
        its members). It is a BagIt package (RFC 8493): `manifest-sha256.txt` lists a SHA-256
        checksum for every file, so you can tell that nothing was changed after it was made.

        - `subject.json` and `subject.csv` — the current data, as JSON and as a table.
        - `history.ndjson` — every recorded change (event): what was submitted, by whom, when it
          was captured and when the registry recorded it. A field listed in `redactedFields` was
          erased under a retention or anonymization decision; its value is gone for good.
        - `audit.ndjson` — the audit trail about this record: who changed it, exported it or
          accessed it, and when.
        - `proofs.ndjson` — for each event, a Merkle inclusion proof (RFC 9162) that it is part of
          the registry's tamper-evident log.
        - `checkpoint.txt` — \(checkpointed
            ? "the registry's signed statement (a C2SP signed note) of the log's size and root that the proofs lead to."
            : "empty: the registry had not signed a checkpoint yet, so the proofs lead to the log's root at export time.")
        - `schemas/` — JSON Schemas describing each file; `datapackage.json` describes the files
          for generic data tools.

        To check the package: `datacollect validate-export PATH`. Anyone can also check a proof
        with a SHA-256 tool, following DataCollect's `docs/FORMATS.md`.

        """
    }
}
