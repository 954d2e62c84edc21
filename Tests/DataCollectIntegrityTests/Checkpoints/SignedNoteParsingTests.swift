import DataCollectIntegrity
import Testing

@Suite("Signed note format")
struct SignedNoteParsingTests {
    static let line = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    @Test func theTextEndsAtTheLastBlankLine() throws {
        let note = try SignedNote(parsing: "para one\n\npara two\n\n" + Self.line)
        #expect(note.text == "para one\n\npara two\n")
        #expect(note.signatures.count == 1)
        #expect(note.signatures[0].name == "example.com/foo")
        #expect(note.signatures[0].keyID.hexString == "530d903a")
    }

    @Test(arguments: [
        "no blank line\n" + line,                                     // no separator
        "text\n\n",                                                    // no signatures
        "text\n\n" + line.dropLast(),                                  // signature block without final newline
        "text\n\n- example.com/foo AAAAAAAA\n",                        // ASCII dash instead of em dash
        "text\n\n\u{2014} example.com/foo\n",                          // no signature
        "text\n\n\u{2014}  AAAAAAAA\n",                                // empty name
        "text\n\n\u{2014} a+b AAAAAAAA\n",                             // plus in name
        "text\n\n\u{2014} example.com/foo AAAA\n",                     // fewer than 5 bytes
        "text\n\n\u{2014} example.com/foo AAAAAAB=\n",                 // non-canonical base64
        "text\n\n\u{2014} example.com/foo not base64!\n",              // not base64
        "tab\there\n\n" + line,                                        // control character
        "text\n\n" + line + "\n",                                      // trailing empty line
    ])
    func malformedNotesAreRejected(message: String) {
        #expect(throws: SignedNoteError.self) { try SignedNote(parsing: message) }
    }

    @Test func atMostOneHundredSignaturesAreAccepted() throws {
        let hundred = "text\n\n" + String(repeating: Self.line, count: 100)
        #expect(try SignedNote(parsing: hundred).signatures.count == 100)
        #expect(throws: SignedNoteError.tooManySignatures(limit: 100)) {
            try SignedNote(parsing: hundred + Self.line)
        }
    }

    @Test func serializingAParsedNoteGivesBackTheSameBytes() throws {
        let message = "a\n\nb\n\n" + Self.line + "\u{2014} other.example/key AQIDBAU=\n"
        #expect(try SignedNote(parsing: message).serialized == message)
    }

    @Test func aVerifierRejectsAMalformedTextEvenWithSignatures() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        var note = try signer.sign("ok\n")
        note.text = "ok"
        #expect(throws: SignedNoteError.textDoesNotEndWithNewline) {
            try NoteVerifier(verifierKey: signer.verifierKey).verify(note)
        }
    }
}
