import DataCollectCore
import DataCollectIntegrity
import Foundation
import Testing

/// The worked example of docs/FORMATS.md §8 is computed here; the page must match byte for byte.
@Suite("docs/FORMATS.md worked example")
struct FormatsWorkedExampleTests {
    /// The published test key of golang.org/x/mod/sumdb/note.
    static let testKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"

    static func example() throws -> String {
        let recordedAt = EventTimestamp(parsing: "2024-03-02T10:00:00Z")!
        let events = [
            StoredEvent(event: Event(guid: "e1", entityGuid: "p1", type: "create-individual",
                                     data: ["name": "Amina Diallo", "dateOfBirth": "1990-04-01"],
                                     timestamp: EventTimestamp(parsing: "2024-03-01T08:00:00Z")!, userId: "collector-1"),
                        seq: 1, recordedAt: recordedAt, status: .applied),
            StoredEvent(event: Event(guid: "e2", entityGuid: "p1", type: "update-individual",
                                     data: ["phone": "+000 555 0100"],
                                     timestamp: EventTimestamp(parsing: "2024-03-01T09:30:00Z")!, userId: "collector-2"),
                        seq: 2, recordedAt: recordedAt, status: .applied),
        ]
        var nextSalt: UInt8 = 0
        var lines: [String] = ["```"]
        var chain = HashChain.start
        var tree = InMemoryMerkleTree()
        for stored in events {
            lines.append("event \(stored.seq): \(stored.event.jsonValue.canonicalString)")
            lines.append("  recordedAt \(stored.recordedAt.iso8601)")
            var commitments: [String: [UInt8]] = [:]
            for (field, value) in stored.event.data.sorted(by: { $0.key < $1.key }) {
                let salt = (0..<16).map { nextSalt &+ UInt8($0) }
                nextSalt &+= 16
                let commitment = FieldCommitment.compute(salt: salt, key: field, value: value)
                commitments[field] = commitment
                lines.append("  salt(\(field)) = \(salt.hexString)")
                lines.append("  c(\(field))    = \(commitment.hexString)")
            }
            let input = LeafInput.bytes(log: "events", header: LeafHeader.event(stored), commitments: commitments)
            let leafHash = MerkleHashing.leafHash(input)
            chain = HashChain.link(previous: chain, leafHash: leafHash)
            tree.append(leafHash: leafHash)
            lines.append("  leafInput = \(String(decoding: input, as: UTF8.self))")
            lines.append("  leafHash  = \(leafHash.hexString)")
            lines.append("  chain h\(stored.seq)  = \(chain.hexString)")
        }
        lines.append("root (size 2) = \(tree.root().hexString)")
        lines.append("```")
        let body = Checkpoint(origin: "datacollect/example/events", size: 2, rootHash: tree.root()).body
        let note = try NoteSigner(privateKeyText: testKey).sign(body)
        lines.append("Checkpoint, signed with the test key (verifier key `\(try NoteSigner(privateKeyText: testKey).verifierKey)`):")
        lines.append("```")
        lines.append(note.serialized.trimmingCharacters(in: .newlines))
        lines.append("```")
        return lines.joined(separator: "\n")
    }

    @Test func thePageShowsWhatTheCodeComputes() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/FORMATS.md").standardized.path
        let page = try String(contentsOfFile: docs, encoding: .utf8)
        let begin = try #require(page.range(of: "<!-- worked-example:begin -->\n"))
        let end = try #require(page.range(of: "\n<!-- worked-example:end -->"))
        let shown = String(page[begin.upperBound..<end.lowerBound])
        let expected = try Self.example()
        if shown != expected {
            try? expected.write(toFile: NSTemporaryDirectory() + "formats-worked-example.md", atomically: true, encoding: .utf8)
        }
        #expect(shown == expected, "regenerated text written to $TMPDIR/formats-worked-example.md")
    }

    @Test func theExampleVerifiesWithTheStandardAlgorithms() throws {
        let text = try Self.example()
        let noteStart = try #require(text.range(of: "datacollect/example/events\n"))
        let noteText = String(text[noteStart.lowerBound...]).replacingOccurrences(of: "\n```", with: "") + "\n"
        let note = try SignedNote(parsing: noteText)
        try NoteVerifier(verifierKey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").verify(note)
    }
}
