extension Array where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two characters per byte.
    ///
    /// ```swift
    /// [0x00, 0xAB, 0x10].hexString   // "00ab10"
    /// ```
    public var hexString: String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: count * 2) { output in
            digits.withUTF8Buffer { table in
                var index = 0
                for byte in self {
                    output[index] = table[Int(byte >> 4)]
                    output[index + 1] = table[Int(byte & 0x0F)]
                    index += 2
                }
            }
            return count * 2
        }
    }
}
