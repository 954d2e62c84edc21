import DataCollectIntegrity
import Testing

/// The verifier's fast paths give byte for byte what the reference functions give.
@Suite("Verifier primitives")
struct VerifierPrimitivesTests {
    @Test("LeafInputBuilder writes exactly LeafInput.bytes, on random inputs")
    func leafInputBuilderMatchesLeafInput() {
        var random = RandomJSON(generator: SeededGenerator(seed: 8785))
        var builder = LeafInputBuilder()
        for round in 0..<500 {
            var commitments: [String: [UInt8]] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &random.generator) {
                commitments[random.string()] = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random.generator) }
            }
            var header: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...7, using: &random.generator) { header[random.string()] = .string(random.string()) }
            let log = round % 3 == 0 ? "events" : random.string()
            let expected = LeafInput.bytes(log: log, header: header, commitments: commitments)

            builder.start()
            for field in commitments.keys.sorted(by: Self.utf16Precedes) { builder.field(name: field, commitment: commitments[field]!) }
            builder.startHeader()
            for key in header.keys.sorted(by: Self.utf16Precedes) {
                builder.header(key: LeafInputBuilder.quotedKey(key), value: header[key]!.stringValue!)
            }
            builder.finish(log: log)
            #expect(builder.leafInput == expected, "round \(round)")
            #expect(builder.leafHash.bytes == MerkleHashing.leafHash(expected))
        }
    }

    @Test("the worked example's first leaf input, written directly")
    func workedExampleLeaf() {
        var builder = LeafInputBuilder()
        builder.start()
        builder.field(name: "dateOfBirth", commitment: [UInt8](hex: "2a81410e22491ee594b3df3b1071627cabdbc73a3757f34a46536656fcc4701c")!)
        builder.field(name: "name", commitment: [UInt8](hex: "d516637943c9ed9d37c231b6c7180d9b1678900f30a32e57da36e6fa24c37153")!)
        builder.startHeader()
        for (key, value) in [("entityGuid", "p1"), ("guid", "e1"), ("recordedAt", "2024-03-02T10:00:00.000Z"),
                             ("timestamp", "2024-03-01T08:00:00.000Z"), ("type", "create-individual"), ("userId", "collector-1")] {
            builder.header(key: LeafInputBuilder.quotedKey(key), value: value)
        }
        builder.finish(tail: LeafInputBuilder.tail(log: "events"))
        #expect(builder.leafHash.bytes.hexString == "efaab451ba3c7b9dc43c22990d5534f19fed94c08b9afe55b544bf40393ec17d")
    }

    @Test("CanonicalMembers splits every canonical object into its members")
    func scannerSplitsCanonicalObjects() {
        var random = RandomJSON(generator: SeededGenerator(seed: 42))
        var members: [CanonicalMember] = []
        for _ in 0..<1_000 {
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &random.generator) {
                // Keys that JCS writes without escapes (the scanner leaves the others to the parser).
                let key = random.string().filter { $0 != "\"" && $0 != "\\" && ($0.unicodeScalars.first?.value ?? 0) >= 0x20 }
                object[key] = random.value(depth: 3)
            }
            let text = JSONValue.object(object).canonicalBytes
            let found = text.withUnsafeBufferPointer { CanonicalMembers.scan($0, into: &members) }
            #expect(found, "\(String(decoding: text, as: UTF8.self))")
            #expect(members.count == object.count)
            for member in members {
                let key = String(decoding: text[member.key], as: UTF8.self)
                #expect(Array(text[member.quotedKey]) == JSONValue.string(key).canonicalBytes)
                #expect(Array(text[member.value]) == object[key]?.canonicalBytes)
            }
        }
    }

    @Test("CanonicalMembers delimits values holding brackets, quotes and escapes", arguments: [
        #"{"a":"]","b":"}"}"#, #"{"a":"\"","b":["\\",{"c":"]}"}]}"#, #"{"a":[[],{}],"b":-1.5e+30,"c":null}"#,
        #"{"a":{"x":"\\\""},"é":true,"😀":false}"#, "{}",
    ])
    func scannerDelimitsValues(_ text: String) throws {
        let bytes = Array(text.utf8)
        var members: [CanonicalMember] = []
        #expect(bytes.withUnsafeBufferPointer { CanonicalMembers.scan($0, into: &members) })
        guard case .object(let object) = try JSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(members.count == object.count)
        for member in members {
            let key = String(decoding: bytes[member.key], as: UTF8.self)
            #expect(Array(bytes[member.value]) == object[key]?.canonicalBytes)
        }
    }

    @Test("CanonicalMembers leaves every non-canonical top level to the parser", arguments: [
        #"{"a":1, "b":2}"#, #"{ "a":1}"#, #"{"a" :1}"#, #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"\u0061":1}"#,
        #"{"a":1}x"#, #" {"a":1}"#, #"[1]"#, #""a""#, #"{"a":1,}"#, #"{,"a":1}"#, #"{"a"}"#, #"{"a":}"#,
        "{\"a\":\"x\" ,\"b\":1}", "{\"a\tb\":1}", #"{"\#u{FB33}":1,"😀":2}"#, "", "{",
    ])
    func scannerRejectsNonCanonicalTopLevels(_ text: String) {
        var members: [CanonicalMember] = []
        #expect(!Array(text.utf8).withUnsafeBufferPointer { CanonicalMembers.scan($0, into: &members) })
    }

    @Test("hex decoding: any case, wrong lengths, every bad character")
    func hexDecoding() {
        var generator = SeededGenerator(seed: 16)
        for length in [0, 1, 7, 8, 15, 16, 31, 32, 33] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let lower = bytes.hexString
            for text in [lower, lower.uppercased(), String(lower.enumerated().map { $0.offset % 3 == 0 ? Character($0.element.uppercased()) : $0.element })] {
                let utf8 = Array(text.utf8)
                #expect(utf8.withUnsafeBufferPointer(HexText.decodeBytes) == bytes)
                #expect(utf8.withUnsafeBufferPointer(HexText.decodeHash) == (length == 32 ? .hash(Hash256(bytes)!) : .otherLength))
                #expect(Hash256(hex: text) == (length == 32 ? Hash256(bytes) : nil))
            }
        }
        let valid = Array(String(repeating: "0123456789abcdefABCDEF", count: 3).utf8.prefix(64))
        #expect(valid.withUnsafeBufferPointer(HexText.decodeBytes) != nil)
        for position in 0..<64 {
            for bad in [0x00, 0x2F, 0x3A, 0x40, 0x47, 0x60, 0x67, 0x7F, 0x80, 0xB0, 0xC6, 0xE6, 0xFF, UInt8(ascii: "g"), UInt8(ascii: " ")] as [UInt8] {
                var text = valid
                text[position] = bad
                #expect(text.withUnsafeBufferPointer(HexText.decodeBytes) == nil, "\(bad) at \(position)")
                #expect(text.withUnsafeBufferPointer(HexText.decodeHash) == nil)
            }
        }
        #expect(Array("abc".utf8).withUnsafeBufferPointer(HexText.decodeBytes) == nil)
        #expect(Array("abc".utf8).withUnsafeBufferPointer(HexText.decodeHash) == nil)
    }

    @Test("Hash256 node and chain hashes equal MerkleHashing and HashChain")
    func hashHelpers() {
        var generator = SeededGenerator(seed: 6962)
        for _ in 0..<50 {
            let left = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let right = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Hash256.node(Hash256(left)!, Hash256(right)!).bytes == MerkleHashing.nodeHash(left, right))
            #expect(Hash256.chainLink(previous: Hash256(left)!, leafHash: Hash256(right)!).bytes == HashChain.link(previous: left, leafHash: right))
            #expect(Hash256.sha256(left).bytes == Digest.sha256(left))
        }
        #expect(Hash256.zero.bytes == HashChain.start)
    }

    @Test("MerkleAccumulator completes exactly the perfect nodes, with the tree's hashes")
    func accumulatorNodes() throws {
        var accumulator = MerkleAccumulator()
        var tree = InMemoryMerkleTree()
        var seen = 0
        for leaf in 0..<300 {
            let hash = MerkleHashing.leafHash(Array("leaf \(leaf)".utf8))
            tree.append(leafHash: hash)
            let completed = accumulator.append(leafHash: hash)
            // Appending leaf n completes one node per level up to the number of trailing 1 bits of n.
            #expect(completed.count == (leaf + 1).trailingZeroBitCount + 1)
            for node in completed {
                #expect(node.index == UInt64((leaf + 1) >> node.level) - 1)
                #expect(try tree.node(level: node.level, index: node.index) == node.hash)
            }
            seen += completed.count
            #expect(accumulator.root == tree.root())
        }
        #expect(seen == 2 * 300 - 300.nonzeroBitCount)
    }

    @Test("escape detection eight bytes at a time agrees with the byte loop")
    func escapeDetection() {
        var generator = SeededGenerator(seed: 34)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? UInt8(ascii: "a") : UInt8.random(in: 0...255, using: &generator)
            }
            let expected = bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            var builder = LeafInputBuilder()
            builder.start()
            builder.startHeader()
            bytes.withUnsafeBufferPointer { builder.header(key: LeafInputBuilder.quotedKey("k"), value: $0) }
            builder.finish(log: "l")
            // Escaped bytes make the input longer than the raw text; unescaped ones keep it as is.
            let written = builder.leafInput.count - Array(#"{"fields":{},"header":{"k":""},"log":"l","v":1}"#.utf8).count
            #expect((written != length) == expected)
        }
    }

    static func utf16Precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }
}
