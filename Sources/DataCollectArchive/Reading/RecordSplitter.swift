/// Cuts a byte stream holding JSON records into records, in bounded memory (one record at a
/// time, never more than the record limit plus a small prefix of an oversized one).
///
/// The layout is detected from the content:
/// - `[` … : a JSON array of events; records are its elements (`file[3]`);
/// - `{"entities": …, "events": [ … ]}` (the existing system's export, keys in either
///   order): records are the elements of `events`; entities are skipped (they are derived);
/// - anything else: JSON Lines, one record per non-blank line (`file:12`); when the member's
///   name ends in `.json`, whole JSON values instead of lines, so a pretty-printed event
///   spanning lines is one record.
///
/// A leading UTF-8 byte-order mark is ignored.
struct RecordSplitter {
    private enum Mode { case detecting, lines, structured, values, trailing, ignoring }

    private let maxRecordBytes: Int
    private let preferWholeValues: Bool
    private var mode = Mode.detecting
    private var pending: [UInt8] = []
    private var sawFirstByte = false

    private var current: [UInt8] = []
    private var currentSize = 0
    private var started = false
    private var line = 1
    private var recordStartLine = 1
    private var index = 0

    // Structure scanning (arrays, the export wrapper, whole values).
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var splitDepth: Int?
    private var isWrapper = false
    private var expectingKey = false
    private var capturingKey = false
    private var keyBuffer: [UInt8] = []
    private var lastKey: [UInt8] = []

    static let prefixBytes = 4_096

    init(maxRecordBytes: Int, preferWholeValues: Bool) {
        self.maxRecordBytes = maxRecordBytes
        self.preferWholeValues = preferWholeValues
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (SplitRecord) throws -> Void) rethrows {
        guard !chunk.isEmpty else { return }
        if mode == .detecting {
            pending.append(contentsOf: chunk)
            guard let decided = detect() else { return }
            mode = decided
            let replay = pending
            pending = []
            try replay.withUnsafeBytes { try consume($0, emit: emit) }
            return
        }
        try consume(chunk, emit: emit)
    }

    mutating func finish(emit: (SplitRecord) throws -> Void) rethrows {
        if mode == .detecting {
            mode = .lines
            let replay = pending
            pending = []
            try replay.withUnsafeBytes { try consume($0, emit: emit) }
        }
        switch mode {
        case .lines:
            try finishLine(emit: emit)
        case .structured, .values:
            if started || (mode == .structured && splitDepth != nil) {
                try emit(SplitRecord(position: position(), content: .malformed(
                    reason: "The JSON ends before this record is complete: the file is truncated or malformed.",
                    prefix: Array(current.prefix(Self.prefixBytes)))))
            }
        default:
            break
        }
        reset()
    }

    // MARK: Detection

    private mutating func detect() -> Mode? {
        var start = 0
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) {
            pending.removeFirst(3)
        }
        while start < pending.count, Self.isWhitespace(pending[start]) { start += 1 }
        guard start < pending.count else { return pending.count > Self.prefixBytes ? .lines : nil }
        switch pending[start] {
        case UInt8(ascii: "["):
            splitDepth = 1
            return .structured
        case UInt8(ascii: "{"):
            var cursor = start + 1
            while cursor < pending.count, Self.isWhitespace(pending[cursor]) { cursor += 1 }
            guard cursor < pending.count else { return pending.count > Self.prefixBytes ? fallback() : nil }
            guard pending[cursor] == UInt8(ascii: "\"") else { return fallback() }
            guard let close = pending[(cursor + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                return pending.count > Self.prefixBytes ? fallback() : nil
            }
            let key = String(decoding: pending[(cursor + 1)..<close], as: UTF8.self)
            if key == "entities" || key == "events" {
                isWrapper = true
                return .structured
            }
            return fallback()
        default:
            return .lines
        }
    }

    private func fallback() -> Mode { preferWholeValues ? .values : .lines }

    // MARK: Consuming

    private mutating func consume(_ chunk: UnsafeRawBufferPointer, emit: (SplitRecord) throws -> Void) rethrows {
        switch mode {
        case .lines:
            var start = 0
            while start < chunk.count {
                if let newline = chunk[start...].firstIndex(of: 0x0A) {
                    append(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]))
                    try finishLine(emit: emit)
                    line += 1
                    start = newline + 1
                } else {
                    append(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                    start = chunk.count
                }
            }
        case .structured, .values, .trailing, .ignoring:
            for byte in chunk { try scan(byte, emit: emit) }
        case .detecting:
            break
        }
    }

    private mutating func scan(_ byte: UInt8, emit: (SplitRecord) throws -> Void) rethrows {
        if byte == 0x0A { line += 1 }
        switch mode {
        case .trailing:
            guard !Self.isWhitespace(byte) else { return }
            mode = .ignoring
            try emit(SplitRecord(position: .line(line), content: .malformed(
                reason: "There is data after the end of the JSON document.", prefix: [byte])))
            return
        case .ignoring:
            return
        case .values:
            try scanValue(byte, emit: emit)
            return
        default:
            break
        }
        let collecting = splitDepth.map { depth >= $0 } ?? false
        if inString {
            if collecting { appendByte(byte) } else if capturingKey, byte != UInt8(ascii: "\""), keyBuffer.count < 256 {
                keyBuffer.append(byte)
            }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                if capturingKey {
                    capturingKey = false
                    lastKey = keyBuffer
                }
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            if collecting {
                appendByte(byte)
            } else if isWrapper, depth == 1, expectingKey {
                capturingKey = true
                expectingKey = false
                keyBuffer = []
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if collecting { appendByte(byte) }
            depth += 1
            if isWrapper, depth == 1 { expectingKey = true }
            if isWrapper, splitDepth == nil, depth == 2, byte == UInt8(ascii: "["), lastKey == Array("events".utf8) {
                splitDepth = 2
            }
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            if let split = splitDepth, depth == split {
                try finishElement(allowEmpty: true, emit: emit)
                splitDepth = nil
                depth -= 1
                if !isWrapper { mode = .trailing }
            } else {
                if collecting { appendByte(byte) }
                depth -= 1
                if isWrapper, depth == 0 { mode = .trailing }
            }
        case UInt8(ascii: ","):
            if let split = splitDepth, depth == split {
                try finishElement(allowEmpty: false, emit: emit)
            } else {
                if collecting { appendByte(byte) }
                if isWrapper, depth == 1 { expectingKey = true }
            }
        default:
            if Self.isWhitespace(byte) {
                if collecting, started { appendByte(byte) }
            } else if collecting {
                appendByte(byte)
            }
        }
    }

    /// Whole top-level values, one after another (a `.json` file holding one or more events).
    private mutating func scanValue(_ byte: UInt8, emit: (SplitRecord) throws -> Void) rethrows {
        if inString {
            appendByte(byte)
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            if !started { recordStartLine = line }
            inString = true
            appendByte(byte)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if !started { recordStartLine = line }
            depth += 1
            appendByte(byte)
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            appendByte(byte)
            depth -= 1
            if depth <= 0 {
                depth = 0
                try emitCurrent(.line(recordStartLine), emit: emit)
            }
        default:
            if Self.isWhitespace(byte) {
                if depth == 0, started { try emitCurrent(.line(recordStartLine), emit: emit) } else if started { appendByte(byte) }
            } else {
                if !started { recordStartLine = line }
                appendByte(byte)
            }
        }
    }

    // MARK: Records

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        currentSize += bytes.count
        if !started, bytes.contains(where: { !Self.isWhitespace($0) }) { started = true }
        if currentSize > maxRecordBytes {
            let room = max(0, Self.prefixBytes - current.count)
            if room > 0 { current.append(contentsOf: bytes.prefix(room)) }
        } else {
            current.append(contentsOf: bytes)
        }
    }

    private mutating func appendByte(_ byte: UInt8) {
        currentSize += 1
        if !Self.isWhitespace(byte) { started = true }
        if currentSize <= maxRecordBytes || current.count < Self.prefixBytes {
            current.append(byte)
        }
    }

    private mutating func finishLine(emit: (SplitRecord) throws -> Void) rethrows {
        if current.last == 0x0D { current.removeLast() }
        if started { try emitCurrent(.line(line), emit: emit) } else { reset() }
    }

    private mutating func finishElement(allowEmpty: Bool, emit: (SplitRecord) throws -> Void) rethrows {
        if started {
            try emitCurrent(.index(index), emit: emit)
            index += 1
        } else if !allowEmpty {
            try emit(SplitRecord(position: .index(index), content: .malformed(
                reason: "The array has an empty element (two commas in a row).", prefix: [])))
            index += 1
            reset()
        }
    }

    private mutating func emitCurrent(_ position: RecordLocation.Position, emit: (SplitRecord) throws -> Void) rethrows {
        let content: SplitRecord.Content = currentSize > maxRecordBytes
            ? .tooLarge(size: currentSize, prefix: Array(current.prefix(Self.prefixBytes)))
            : .bytes(current)
        reset()
        try emit(SplitRecord(position: position, content: content))
    }

    private mutating func reset() {
        current = []
        currentSize = 0
        started = false
    }

    private func position() -> RecordLocation.Position {
        mode == .structured ? .index(index) : .line(recordStartLine)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
