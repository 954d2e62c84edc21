/// Scans one RFC 8259 number in a byte buffer and normalises it into a ``JSONNumber``.
///
/// Grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. The scanner stops at the
/// first byte that cannot continue the number; the caller decides whether what follows is allowed.
struct JSONNumberScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let start: Int
    /// One past the last byte of the number, valid after a successful ``scan()``.
    private(set) var end: Int
    private var negative = false
    private var integerStart = 0
    private var integerEnd = 0
    private var fractionStart = 0
    private var fractionEnd = 0
    private var exponent = 0

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int) {
        self.bytes = bytes
        self.start = start
        self.end = start
    }

    private func isDigit(_ index: Int) -> Bool {
        index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10
    }

    /// Scans the number. Returns `nil` on success, or the byte offset where the grammar failed.
    mutating func scan() -> Int? {
        var index = start
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard isDigit(index) else { return index }
        integerStart = index
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { return index }  // leading zero, as in "01"
        } else {
            while isDigit(index) { index += 1 }
        }
        integerEnd = index
        fractionStart = index
        fractionEnd = index
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return index }
            fractionStart = index
            while isDigit(index) { index += 1 }
            fractionEnd = index
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { return index }
            let exponentStart = index
            var magnitude = 0
            while isDigit(index) {
                if magnitude <= JSONNumber.maxExponentMagnitude {
                    magnitude = magnitude * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                }
                index += 1
            }
            guard magnitude <= JSONNumber.maxExponentMagnitude else { return exponentStart }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        end = index
        return nil
    }

    /// Builds the normalised number after a successful ``scan()``.
    func makeNumber(literal: String? = nil) -> JSONNumber {
        let literal = literal ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        // All significant digits D = integer ++ fraction; value = 0.D × 10^(integerCount + exponent).
        let integerCount = integerEnd - integerStart
        let total = integerCount + (fractionEnd - fractionStart)
        @inline(__always) func digit(_ position: Int) -> UInt8 {
            position < integerCount ? bytes[integerStart + position] : bytes[fractionStart + position - integerCount]
        }
        var first = 0
        while first < total, digit(first) == UInt8(ascii: "0") { first += 1 }
        guard first < total else {
            return JSONNumber(uncheckedLiteral: literal, negative: false, digits: "", pointPosition: 0)
        }
        var last = total - 1
        while digit(last) == UInt8(ascii: "0") { last -= 1 }
        let count = last - first + 1
        let digits = String(unsafeUninitializedCapacity: count) { output in
            for offset in 0..<count { output[offset] = digit(first + offset) }
            return count
        }
        return JSONNumber(
            uncheckedLiteral: literal, negative: negative, digits: digits,
            pointPosition: integerCount + exponent - first)
    }
}
