/// Byte-at-a-time questions answered eight bytes at a time ("SWAR", Bit Twiddling Hacks).
enum WordScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero when some byte of `word` equals `byte` (exact as a yes/no answer).
    @inline(__always)
    static func hasByte(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// Nonzero when some byte of `word` is below 0x20 (a control character).
    @inline(__always)
    static func hasControl(_ word: UInt64) -> UInt64 {
        (word &- ones &* 0x20) & ~word & highBits
    }

    /// Whether a JSON string with these characters needs an escape (`"`, `\\` or a control character).
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if hasControl(word) | hasByte(word, UInt8(ascii: "\"")) | hasByte(word, UInt8(ascii: "\\")) != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            index += 1
        }
        return false
    }

    /// Whether the 64 bytes at `lhs` and `rhs` are equal.
    @inline(__always)
    static func equal64(_ lhs: UnsafeRawPointer, _ rhs: UnsafeRawPointer) -> Bool {
        var difference: UInt64 = 0
        for offset in stride(from: 0, to: 64, by: 8) {
            difference |= lhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                ^ rhs.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        return difference == 0
    }
}
