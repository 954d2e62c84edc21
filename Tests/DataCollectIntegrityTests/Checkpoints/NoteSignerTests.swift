import DataCollectIntegrity
import Testing

@Suite("Signing and verifying notes")
struct NoteSignerTests {
    static let checkpoint = Checkpoint(origin: "example.com/log", size: 5,
                                       rootHash: MerkleHashing.leafHash(Array("hello world".utf8)))

    @Test func aSignedCheckpointSurvivesSerializationAndVerifies() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let wire = try signer.sign(Self.checkpoint.body).serialized
        let note = try SignedNote(parsing: wire)
        try NoteVerifier(verifierKey: signer.verifierKey).verify(note)
        #expect(try Checkpoint(body: note.text) == Self.checkpoint)
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].keyID == signer.keyID)
        #expect(note.signatures[0].signature.count == 64)
        #expect(wire.hasPrefix(Self.checkpoint.body + "\n\u{2014} example.com/log "))
    }

    @Test func aModifiedTextIsRejected() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        var note = try signer.sign(Self.checkpoint.body)
        note.text = Checkpoint(origin: "example.com/log", size: 6, rootHash: Self.checkpoint.rootHash).body
        #expect(throws: SignedNoteError.invalidSignature(name: signer.name, keyID: signer.keyID)) {
            try NoteVerifier(verifierKey: signer.verifierKey).verify(note)
        }
    }

    @Test func aDifferentKeyWithTheSameNameIsRejected() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let other = try NoteSigner.generate(name: "example.com/log")
        let note = try signer.sign(Self.checkpoint.body)
        let verifier = try NoteVerifier(verifierKey: other.verifierKey)
        #expect(throws: SignedNoteError.noSignatureByKey(name: other.name, keyID: other.keyID)) { try verifier.verify(note) }
    }

    @Test func aSignatureRelabelledWithAnotherKeyIDIsRejected() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let other = try NoteSigner.generate(name: "example.com/log")
        var note = try signer.sign(Self.checkpoint.body)
        note.signatures[0].keyID = other.keyID
        #expect(throws: SignedNoteError.invalidSignature(name: other.name, keyID: other.keyID)) {
            try NoteVerifier(verifierKey: other.verifierKey).verify(note)
        }
    }

    @Test func aSignatureUnderADifferentNameIsIgnored() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        var note = try signer.sign(Self.checkpoint.body)
        note.signatures[0].name = "example.com/other"
        #expect(throws: SignedNoteError.noSignatureByKey(name: signer.name, keyID: signer.keyID)) {
            try NoteVerifier(verifierKey: signer.verifierKey).verify(note)
        }
    }

    @Test func oneForgedLineByTheKeyRejectsTheNoteEvenBesideAGoodOne() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        var note = try signer.sign(Self.checkpoint.body)
        var forged = note.signatures[0]
        forged.signature[0] ^= 0x01
        note.signatures.append(forged)
        #expect(throws: SignedNoteError.invalidSignature(name: signer.name, keyID: signer.keyID)) {
            try NoteVerifier(verifierKey: signer.verifierKey).verify(note)
        }
    }

    @Test func cosigningKeepsEverySignatureVerifiable() throws {
        let log = try NoteSigner.generate(name: "example.com/log")
        let witness = try NoteSigner.generate(name: "witness.example/w1")
        var note = try log.sign(Self.checkpoint.body)
        note.signatures += try witness.sign(note.text).signatures
        let parsed = try SignedNote(parsing: note.serialized)
        try NoteVerifier(verifierKey: log.verifierKey).verify(parsed)
        try NoteVerifier(verifierKey: witness.verifierKey).verify(parsed)
    }

    @Test func thePrivateKeyTextRoundTrips() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let reloaded = try NoteSigner(privateKeyText: signer.privateKeyText)
        #expect(reloaded.privateKeyText == signer.privateKeyText)
        #expect(reloaded.verifierKey == signer.verifierKey)
        #expect(reloaded.keyID == signer.keyID)
        try NoteVerifier(verifierKey: signer.verifierKey).verify(try reloaded.sign("same key\n"))
    }

    /// `<name>+<8 lowercase hex>+<base64 of 33 bytes: 0x01 ‖ key>`, as in the published vectors.
    @Test func theVerifierKeyHasThePublishedFormat() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let parts = signer.verifierKey.split(separator: "+", maxSplits: 2)
        #expect(parts.count == 3)
        #expect(parts[0] == "example.com/log")
        #expect(parts[1] == Substring(signer.keyID.hexString))
        #expect(parts[1].count == 8 && parts[1].allSatisfy { "0123456789abcdef".contains($0) })
        #expect(parts[2].count == 44 && parts[2].hasPrefix("A"))   // 33 bytes starting 0x01 → "A…"
        #expect(signer.privateKeyText.hasPrefix("PRIVATE+KEY+example.com/log+\(signer.keyID.hexString)+A"))
        let published = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
        #expect(published.split(separator: "+", maxSplits: 2).map(\.count) == [15, 8, 44])
    }

    @Test(arguments: ["", "two words", "tab\there", "plus+sign", "nbsp\u{A0}x", "ideographic\u{3000}space"])
    func invalidKeyNamesAreRejected(name: String) {
        #expect(throws: SignedNoteError.invalidKeyName(name)) { try NoteSigner.generate(name: name) }
    }

    @Test(arguments: ["", "no final newline", "bell\u{7}\n", "carriage\r\n"])
    func unsignableTextsAreRejected(text: String) throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        #expect(throws: SignedNoteError.self) { try signer.sign(text) }
    }

    @Test func malformedKeysAreRejected() throws {
        let signer = try NoteSigner.generate(name: "n")
        let parts = signer.verifierKey.split(separator: "+", maxSplits: 2).map(String.init)
        let wrongID = parts[1] == "00000000" ? "00000001" : "00000000"
        #expect(throws: SignedNoteError.keyIDMismatch(name: "n")) { try NoteVerifier(verifierKey: "n+\(wrongID)+\(parts[2])") }
        #expect(throws: SignedNoteError.keyIDMismatch(name: "n")) {
            let seed = signer.privateKeyText.split(separator: "+", maxSplits: 4).last.map(String.init) ?? ""
            return try NoteSigner(privateKeyText: "PRIVATE+KEY+n+\(wrongID)+\(seed)")
        }
        #expect(throws: SignedNoteError.self) { try NoteVerifier(verifierKey: "n+\(parts[1])") }
        #expect(throws: SignedNoteError.self) { try NoteVerifier(verifierKey: "n+1234+\(parts[2])") }
        #expect(throws: SignedNoteError.self) { try NoteVerifier(verifierKey: "n+\(parts[1])+AQ==") }
        #expect(throws: SignedNoteError.unsupportedAlgorithm(0x02)) {
            try NoteVerifier(verifierKey: "n+\(parts[1])+AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        }
        #expect(throws: SignedNoteError.self) { try NoteSigner(privateKeyText: "PRIVATE+KEY+n") }
        #expect(throws: SignedNoteError.self) { try NoteSigner(privateKeyText: signer.verifierKey) }
    }

    @Test func errorsAboutPrivateKeysNeverRepeatTheKey() throws {
        let signer = try NoteSigner.generate(name: "n")
        let broken = signer.privateKeyText + "!"
        do {
            _ = try NoteSigner(privateKeyText: broken)
            Issue.record("a broken private key was accepted")
        } catch {
            #expect(!error.description.contains(String(broken.split(separator: "+").last ?? "")))
        }
    }
}
