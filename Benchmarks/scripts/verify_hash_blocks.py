#!/usr/bin/env python3
"""How much SHA-256 work verify does per event, against the verify benchmark's reference.

Usage: verify_hash_blocks.py STORE.sqlite [EVENTS]   (default: the first 20,000 events)

The reference (`sqlite3 … | openssl dgst -sha256`) hashes the event rows as the shell prints
them, one stream. Verify hashes, per event: each field commitment
SHA-256(tag ‖ salt ‖ JCS(key) ‖ JCS(value)), the leaf SHA-256(0x00 ‖ leaf input), the chain
link SHA-256(previous ‖ leaf hash) and about one Merkle node SHA-256(0x01 ‖ left ‖ right)
(docs/FORMATS.md). A hash of n bytes runs ceil((n + 9) / 64) compression blocks. Python's
json.dumps stands in for JCS: exact for the generator's ASCII keys, a byte off at most for
some numbers, which does not move the block counts measurably.
"""
import json
import sqlite3
import sys

TAG = len(b"datacollect:field:v1") + 1
SALT = 16


def blocks(length):
    return (length + 9 + 63) // 64


def canonical(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT guid, entity_guid, type, data, timestamp, user_id, recorded_at FROM events ORDER BY seq LIMIT ?",
        (limit,))
    events = reference_bytes = verify_blocks = hashes = 0
    for guid, entity, kind, data, timestamp, user, recorded in rows:
        events += 1
        reference_bytes += len("|".join([guid, entity, kind, data, timestamp, user, recorded]).encode()) + 1
        values = json.loads(data)
        commitments = {}
        for key, value in values.items():
            verify_blocks += blocks(TAG + SALT + len(canonical(key)) + len(canonical(value)))
            commitments[key] = "0" * 64
        header = {"entityGuid": entity, "guid": guid, "recordedAt": recorded, "timestamp": timestamp,
                  "type": kind, "userId": user}
        leaf = canonical({"fields": commitments, "header": header, "log": "events", "v": 1})
        verify_blocks += blocks(1 + len(leaf)) + blocks(64) + blocks(65)
        hashes += len(values) + 3
    print(f"{events} events: the reference hashes {reference_bytes / events:.0f} bytes = "
          f"{reference_bytes / events / 64:.1f} blocks per event; verify hashes {verify_blocks / events:.1f} blocks "
          f"in {hashes / events:.1f} hashes per event ({verify_blocks * 64 / reference_bytes:.2f} times the blocks)")


if __name__ == "__main__":
    main()
