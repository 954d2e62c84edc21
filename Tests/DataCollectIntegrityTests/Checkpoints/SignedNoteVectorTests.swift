import DataCollectIntegrity
import Testing

/// The published signed-note vectors (C2SP signed-note, golang.org/x/mod/sumdb/note).
@Suite("Published signed-note vectors")
struct SignedNoteVectorTests {
    static func cases() throws -> [JSONValue] {
        try VectorFixture.section("published_signed_note_vectors").array("cases")
    }

    @Test func theC2SPExampleNoteVerifies() throws {
        let vector = try Self.cases()[0]
        #expect(try vector.string("expect") == "verifies")
        let verifier = try NoteVerifier(verifierKey: try vector.string("vkey"))
        #expect(verifier.name == "example.com/foo")
        #expect(verifier.keyID.hexString == "530d903a")
        let note = try SignedNote(parsing: try vector.string("note"))
        #expect(note.text == "This is an example message.\n")
        #expect(throws: Never.self) { try verifier.verify(note) }
        #expect(note.serialized == (try vector.string("note")))
    }

    @Test func thePeterNeumannKeyLoadsAndReproducesItsPublishedKeys() throws {
        let vector = try Self.cases()[1]
        let signer = try NoteSigner(privateKeyText: try vector.string("skey"))
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID.hexString == "c74f20a3")
        #expect(signer.verifierKey == (try vector.string("vkey")))
        #expect(signer.privateKeyText == (try vector.string("skey")))
    }

    @Test func signingThePeterNeumannTextVerifiesAndMatchesThePublishedNote() throws {
        let vector = try Self.cases()[1]
        let signer = try NoteSigner(privateKeyText: try vector.string("skey"))
        let verifier = try NoteVerifier(verifierKey: try vector.string("vkey"))
        let expected = try vector.string("expected_signed_note")
        let signed = try signer.sign(try vector.string("text"))
        #expect(throws: Never.self) { try verifier.verify(signed) }
        #expect(throws: Never.self) { try verifier.verify(try SignedNote(parsing: expected)) }
        #expect(try SignedNote(parsing: expected).text == (try vector.string("text")))
        // Ed25519 (RFC 8032) is deterministic; swift-crypto's BoringSSL backend follows it exactly.
        // Apple's CryptoKit randomizes signatures, so only the verification above holds there.
        #if !canImport(Darwin)
        #expect(signed.serialized == expected)
        #endif
    }

    @Test func theEnochRootSignatureVerifiesAndIsIgnoredByOtherKeys() throws {
        let peter = try Self.cases()[1], enoch = try Self.cases()[2]
        #expect(try enoch.string("text") == "(same PeterNeumann text)")
        let message = try peter.string("expected_signed_note") + (try enoch.string("signature_line"))
        let note = try SignedNote(parsing: message)
        #expect(note.signatures.map(\.name) == ["PeterNeumann", "EnochRoot"])
        #expect(note.serialized == message)
        let enochVerifier = try NoteVerifier(verifierKey: try enoch.string("vkey"))
        let peterVerifier = try NoteVerifier(verifierKey: try peter.string("vkey"))
        #expect(throws: Never.self) { try enochVerifier.verify(note) }
        #expect(throws: Never.self) { try peterVerifier.verify(note) }

        // A note signed only by EnochRoot does not satisfy PeterNeumann's verifier.
        let enochOnly = try SignedNote(parsing: try peter.string("text") + "\n" + (try enoch.string("signature_line")))
        #expect(throws: Never.self) { try enochVerifier.verify(enochOnly) }
        #expect(throws: SignedNoteError.noSignatureByKey(name: "PeterNeumann", keyID: peterVerifier.keyID)) {
            try peterVerifier.verify(enochOnly)
        }
    }

    @Test func alteringThePublishedNotesBreaksTheirSignatures() throws {
        let vector = try Self.cases()[0]
        let verifier = try NoteVerifier(verifierKey: try vector.string("vkey"))
        var note = try SignedNote(parsing: try vector.string("note"))
        note.text = "This is an example message!\n"
        #expect(throws: SignedNoteError.invalidSignature(name: verifier.name, keyID: verifier.keyID)) {
            try verifier.verify(note)
        }
    }
}
