public import DataCollectIntegrity

/// The seals of one record as a store keeps them, in the record's leaf row: canonical JSON
/// (RFC 8785) mapping each field to its salt and commitment as lowercase hex, the salt `null`
/// once the field was redacted.
///
/// ```json
/// {"name":["6f1c…","a3b0…"],"village":[null,"9e41…"]}
/// ```
///
/// One row per record, not one per field: `verify` reads a million records' seals as a million
/// rows instead of two million or more, and the `sqlite3` shell and `psql` still show the text
/// (`json_extract(seals, '$.name[1]')` is a commitment).
public enum StoredSeals {
    /// The stored text of `seals`. Fields are unique within a record (they are the keys of one
    /// JSON object); a repeated field keeps its first seal. Written directly (every append
    /// writes one), byte for byte the canonical JSON of the object.
    public static func text(_ seals: [FieldSeal]) -> String {
        var seen: Set<String> = []
        let fields = seals.filter { seen.insert($0.field).inserted }
            .sorted { $0.field.utf16.lexicographicallyPrecedes($1.field.utf16) }
        var out: [UInt8] = []
        out.reserveCapacity(2 + fields.count * 120)
        out.append(UInt8(ascii: "{"))
        for (index, seal) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: LeafInputBuilder.quotedKey(seal.field))
            out.append(UInt8(ascii: "["))
            if let salt = seal.salt {
                appendQuotedHex(salt, to: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
            out.append(UInt8(ascii: ","))
            appendQuotedHex(seal.commitment, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuotedHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: bytes.hexString.utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// The seals held by a stored text, ordered by field; nil when the text is not an object of
    /// `[salt or null, commitment]` pairs of hex strings (a row changed outside datacollect).
    public static func seals(parsing text: [UInt8]) -> [FieldSeal]? {
        guard case .object(let members)? = try? JSONParser.parse(text) else { return nil }
        var seals: [FieldSeal] = []
        seals.reserveCapacity(members.count)
        for (field, pair) in members {
            guard case .array(let parts) = pair, parts.count == 2,
                  let commitment = parts[1].stringValue.flatMap({ [UInt8](hex: $0) })
            else { return nil }
            var salt: [UInt8]?
            switch parts[0] {
            case .null: salt = nil
            case .string(let hex):
                guard let bytes = [UInt8](hex: hex) else { return nil }
                salt = bytes
            default: return nil
            }
            seals.append(FieldSeal(field: field, salt: salt, commitment: commitment))
        }
        return seals.sorted { $0.field < $1.field }
    }

    public static func seals(parsing text: String) -> [FieldSeal]? {
        seals(parsing: Array(text.utf8))
    }

    /// Drops the salts of `fields` (the commitments stay), as an erasure does; whether any salt
    /// was there to drop.
    @discardableResult
    public static func removeSalts(of fields: [String], from seals: inout [FieldSeal]) -> Bool {
        let erased = Set(fields)
        var removed = false
        for index in seals.indices where erased.contains(seals[index].field) && seals[index].salt != nil {
            seals[index].salt = nil
            removed = true
        }
        return removed
    }
}
