/// Hex text (as stored in SQLite) decoded without intermediate arrays.
public enum HexText {
    /// What a stored hex hash decodes to.
    public enum Decoded: Sendable, Hashable {
        /// Exactly 32 bytes.
        case hash(Hash256)
        /// Valid hex, but not of 32 bytes: it can never equal a SHA-256 digest.
        case otherLength
    }

    /// Decodes hex text meant to be a 32-byte hash; nil when it is not hex of even length.
    public static func decodeHash(_ text: UnsafeBufferPointer<UInt8>) -> Decoded? {
        guard text.count == 64 else { return isHex(text) ? .otherLength : nil }
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer -> Decoded? in
            guard let base = buffer.baseAddress, decode(text, into: base) else { return nil }
            return .hash(Hash256(unsafeBytes: UnsafeRawBufferPointer(buffer)))
        }
    }

    /// Whether `text` is hex of even length (either case).
    public static func isHex(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count % 2 == 0 else { return false }
        for character in text where nibble(character) > 15 { return false }
        return true
    }

    /// Decodes `text` (even length) into `text.count / 2` bytes at `output`; false when a
    /// character is not a hex digit (the output is then partly written). Eight characters at a
    /// time in a 64-bit word, without branches on the digits (random hex defeats prediction).
    public static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawPointer) -> Bool {
        let count = text.count
        guard count % 2 == 0 else { return false }
        guard let base = text.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var invalid: UInt64 = 0
        var index = 0
        var position = 0
        while index + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            invalid |= notHexDigits(word)
            output.storeBytes(of: UInt32(littleEndian: pack(word)), toByteOffset: position, as: UInt32.self)
            index += 8
            position += 4
        }
        let table = values
        var bad: UInt8 = invalid == 0 ? 0 : 0xF0
        while index < count {
            let high = table[Int(base[index])]
            let low = table[Int(base[index &+ 1])]
            bad |= high | low
            output.storeBytes(of: high &<< 4 | (low & 0x0F), toByteOffset: position, as: UInt8.self)
            index &+= 2
            position &+= 1
        }
        return bad & 0xF0 == 0
    }

    /// The high bit of each byte that is not in `"0"…"9"`, `"A"…"F"` or `"a"…"f"`.
    @inline(__always)
    private static func notHexDigits(_ word: UInt64) -> UInt64 {
        let ones = WordScan.ones
        let highBits = WordScan.highBits
        // "hasbetween" (Bit Twiddling Hacks): high bit set in each byte b < 0x80 with m < b < n.
        @inline(__always) func between(_ m: UInt64, _ n: UInt64) -> UInt64 {
            let low = word & (ones &* 127)
            return ((ones &* (127 &+ n)) &- low) & ~word & (low &+ ones &* (127 &- m)) & highBits
        }
        let valid = between(0x2F, 0x3A) | between(0x40, 0x47) | between(0x60, 0x67)
        return valid ^ highBits
    }

    /// The four bytes spelled by eight hex digits (assumed valid), first byte lowest.
    @inline(__always)
    private static func pack(_ word: UInt64) -> UInt32 {
        let ones = WordScan.ones
        // Digit value: low nibble, plus 9 for letters (bit 6 set).
        let nibbles = (word & (ones &* 0x0F)) &+ ((word >> 6) & ones) &* 9
        var pairs = ((nibbles & 0x000F_000F_000F_000F) << 4) | ((nibbles >> 8) & 0x000F_000F_000F_000F)
        pairs = (pairs | (pairs >> 8)) & 0x0000_FFFF_0000_FFFF
        pairs = (pairs | (pairs >> 16)) & 0x0000_0000_FFFF_FFFF
        return UInt32(truncatingIfNeeded: pairs)
    }

    /// Each byte's value as a hex digit, 0xFF for bytes that are not one.
    private static let values: [UInt8] = (0...255).map { nibble(UInt8($0)) }

    /// The value of a hex digit, or a value above 15 for any other character.
    @inline(__always)
    static func nibble(_ character: UInt8) -> UInt8 {
        let digit = character &- UInt8(ascii: "0")
        if digit < 10 { return digit }
        let letter = (character | 0x20) &- UInt8(ascii: "a")
        return letter < 6 ? letter &+ 10 : 0xFF
    }

    /// Writes `source` as lowercase hex (`2 × source.count` bytes) at `output`.
    public static func encode(_ source: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) {
        let digits: StaticString = "0123456789abcdef"
        let table = digits.utf8Start
        var position = 0
        for byte in source {
            output.storeBytes(of: table[Int(byte >> 4)], toByteOffset: position, as: UInt8.self)
            output.storeBytes(of: table[Int(byte & 0x0F)], toByteOffset: position + 1, as: UInt8.self)
            position += 2
        }
    }

    /// The bytes hex `text` spells (any even length); nil when it is not hex of even length.
    public static func decodeBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var valid = false
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 2) { buffer, initialized in
            valid = buffer.baseAddress.map { decode(text, into: $0) } ?? true
            initialized = text.count / 2
        }
        return valid ? bytes : nil
    }

    /// Whether hex `text` spells exactly `hash` (either case).
    public static func matches(_ text: UnsafeBufferPointer<UInt8>, _ hash: Hash256) -> Bool {
        decodeHash(text) == .hash(hash)
    }
}
