/// The lexical rules of C2SP signed notes shared by notes, signers and verifiers.
enum NoteFormat {
    /// The Ed25519 signature type byte of the signed-note spec.
    static let ed25519Algorithm: UInt8 = 0x01

    /// "— ": U+2014 EM DASH and a space, the start of every signature line.
    static let signaturePrefix = "\u{2014} "

    /// Most signature lines accepted in one note (the spec requires accepting at least 16).
    static let maxSignatures = 100

    /// Names must be non-empty and contain no Unicode whitespace and no "+".
    static func validateName(_ name: String) throws(SignedNoteError) {
        guard !name.isEmpty,
              !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "+" })
        else { throw .invalidKeyName(name) }
    }

    /// Note text must be non-empty, end with a newline and contain no control character but newline.
    static func validateText(_ text: String) throws(SignedNoteError) {
        guard !text.isEmpty else { throw .emptyText }
        guard text.utf8.last == UInt8(ascii: "\n") else { throw .textDoesNotEndWithNewline }
        try rejectControlCharacters(text)
    }

    /// Signed notes must not contain ASCII control characters other than newline.
    static func rejectControlCharacters(_ text: String) throws(SignedNoteError) {
        for byte in text.utf8 where byte < 0x20 && byte != UInt8(ascii: "\n") {
            throw .textContainsControlCharacter(UInt32(byte))
        }
    }

    /// Key ID = first 4 bytes of SHA-256(name || 0x0A || algorithm || public key).
    static func keyID(name: String, algorithm: UInt8, publicKey: [UInt8]) -> [UInt8] {
        var hasher = StreamingSHA256()
        hasher.update(name)
        hasher.update([UInt8(ascii: "\n"), algorithm])
        hasher.update(publicKey)
        return Array(hasher.finalize().prefix(4))
    }

    /// Parses exactly 8 hexadecimal digits into 4 bytes.
    static func parseKeyIDHex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 8 else { return nil }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: 8, by: 2) {
            guard let high = hexValue(digits[pair]), let low = hexValue(digits[pair + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
