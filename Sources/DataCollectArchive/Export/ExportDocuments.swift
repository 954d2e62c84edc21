import DataCollectIntegrity

/// The self-describing documents of an export: a Frictionless Data Package descriptor and a
/// plain-language README.
enum ExportDocuments {
    static let dataPackage: JSONValue = [
        "profile": "data-package",
        "name": "datacollect-archive-export",
        "title": "DataCollect archive export",
        "resources": [
            ["name": "events", "path": "events.ndjson", "format": "ndjson", "mediatype": "application/x-ndjson",
             "description": "Every event in log order: seq, recordedAt, the event, and its field seals (salt, commitment)."],
            ["name": "audit", "path": "audit.ndjson", "format": "ndjson", "mediatype": "application/x-ndjson",
             "description": "Every audit entry in log order, with its field seals."],
            ["name": "redactions", "path": "redactions.ndjson", "format": "ndjson", "mediatype": "application/x-ndjson",
             "description": "Fields erased on purpose: log, seq, field, policy run, reason, time."],
            ["name": "checkpoints", "path": "checkpoints.ndjson", "format": "ndjson", "mediatype": "application/x-ndjson",
             "description": "Signed checkpoints (C2SP signed notes) with their time."],
            ["name": "entities", "path": "entities.ndjson", "format": "ndjson", "mediatype": "application/x-ndjson",
             "description": "The entities as derived from the events when the export was made."],
            ["name": "store", "path": "store.json", "format": "json", "mediatype": "application/json",
             "description": "The store's origin, verifier key, state hash and log roots."],
        ],
    ]

    static let archiveReadme = """
        # DataCollect archive export

        This folder is a BagIt package (RFC 8493). `manifest-sha256.txt` lists the SHA-256 of
        every file under `data/`; `tagmanifest-sha256.txt` covers the other files. Check it with
        `datacollect validate-export PATH` (or `python3 -m bagit --validate PATH`).

        What each file holds:

        - `events.ndjson` — every event the store recorded, in the order it recorded them. Each
          line has the event as the field system sent it, when the store recorded it, and a
          salt and commitment for each data field. A field that was erased under a retention or
          anonymization decision has no value and no salt any more; its commitment remains.
        - `audit.ndjson` — the audit trail: who did what, when, and to which record.
        - `redactions.ndjson` — every erased field, with the decision (policy run) and reason.
        - `checkpoints.ndjson` — signed statements of the size and Merkle root of each log. The
          verifier key is in `store.json`; an auditor should compare it with the key they were
          given when the store was set up.
        - `entities.ndjson` — the people and households as derived from the events.
        - `store.json` — the store's identity, its verifier key, and the state hash and log
          roots at the time of export.

        To restore the store: `datacollect import PATH --db new.sqlite` into a new database gives
        the same state hash and the same log roots, and `datacollect verify` passes on it.
        The formats are defined byte for byte in DataCollect's `docs/FORMATS.md`.

        """
}
