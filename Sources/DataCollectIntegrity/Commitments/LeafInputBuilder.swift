/// Writes ``LeafInput/bytes(log:header:commitments:)`` directly, without building `JSONValue`
/// trees: `JCS({"fields": {…}, "header": {…}, "log": L, "v": 1})`, byte for byte the same.
/// One builder is reused for every record of a scan, so its buffer is allocated once.
///
/// The caller supplies members in canonical order (keys by UTF-16 code units): fields first,
/// then header members, then ``finish(log:)``.
///
/// ```swift
/// var builder = LeafInputBuilder()
/// builder.start()
/// builder.field(name: "name", commitment: commitment)
/// builder.startHeader()
/// builder.header(key: LeafInputBuilder.quotedKey("guid"), value: "e1")
/// builder.finish(log: "events")
/// builder.leafHash   // SHA-256(0x00 ‖ leafInput)
/// ```
public struct LeafInputBuilder {
    /// `0x00 ‖ leafInput`: the RFC 6962 leaf prefix, then the input.
    private let buffer = ByteBuffer(capacity: 1024)
    private var firstMember = true

    public init() {}

    /// The leaf input written so far (without the leaf prefix).
    public var leafInput: [UInt8] { Array(buffer.bytes.dropFirst()) }

    /// `SHA-256(0x00 ‖ leafInput)` (RFC 6962 leaf hash).
    public var leafHash: Hash256 {
        Hash256.sha256(buffer.bytes)
    }

    /// The key as JCS writes it, followed by the colon: `"key":`.
    public static func quotedKey(_ key: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.writeString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        return out
    }

    private static let opening = Array("\u{0}{\"fields\":{".utf8)
    private static let headerOpening = Array(#"},"header":{"#.utf8)

    /// Starts a new leaf input: `{"fields":{`.
    public mutating func start() {
        buffer.removeAll()
        buffer.append(Self.opening)
        firstMember = true
    }

    /// One field commitment, `"name":"<hex>"`; `name` is the field's UTF-8 text (escaped here).
    public mutating func field(name: UnsafeBufferPointer<UInt8>, commitment: UnsafeRawBufferPointer) {
        if !firstMember { buffer.append(UInt8(ascii: ",")) }
        firstMember = false
        Self.appendJSONString(name, to: buffer)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(UInt8(ascii: "\""))
        buffer.append(hexOf: commitment)
        buffer.append(UInt8(ascii: "\""))
    }

    public mutating func field(name: UnsafeBufferPointer<UInt8>, commitment: Hash256) {
        commitment.withUnsafeBytes { field(name: name, commitment: $0) }
    }

    /// ``field(name:commitment:)``, then whether `storedHex` is exactly the lowercase hex just
    /// written for the commitment (so a stored commitment is checked without decoding it).
    public mutating func field(name: UnsafeBufferPointer<UInt8>, commitment: Hash256,
                               writtenAs storedHex: UnsafeBufferPointer<UInt8>) -> Bool {
        field(name: name, commitment: commitment)
        guard storedHex.count == 64, let stored = storedHex.baseAddress else { return false }
        // The buffer ends with the 64 hex digits and the closing quote.
        return WordScan.equal64(buffer.bytes.baseAddress! + (buffer.count - 65), stored)
    }

    public mutating func field(name: String, commitment: [UInt8]) {
        var name = name
        name.withUTF8 { name in commitment.withUnsafeBytes { field(name: name, commitment: $0) } }
    }

    /// Closes the fields and opens the header: `},"header":{`.
    public mutating func startHeader() {
        buffer.append(Self.headerOpening)
        firstMember = true
    }

    /// One header member whose value is a string: `key` from ``quotedKey(_:)``, `value` the
    /// string's UTF-8 text (escaped here).
    public mutating func header(key: [UInt8], value: UnsafeBufferPointer<UInt8>) {
        if !firstMember { buffer.append(UInt8(ascii: ",")) }
        firstMember = false
        buffer.append(key)
        Self.appendJSONString(value, to: buffer)
    }

    public mutating func header(key: [UInt8], value: String) {
        var value = value
        value.withUTF8 { header(key: key, value: $0) }
    }

    /// Closes the header and the object: `},"log":"<log>","v":1}`.
    public mutating func finish(log: String) {
        buffer.append(Self.tail(log: log))
    }

    /// ``finish(log:)`` with the bytes of ``tail(log:)``, computed once per log.
    public mutating func finish(tail: [UInt8]) {
        buffer.append(tail)
    }

    /// What ``finish(log:)`` appends: `},"log":"<log>","v":1}`.
    public static func tail(log: String) -> [UInt8] {
        var out = Array(#"},"log":"#.utf8)
        JSONWriter.writeString(log, to: &out)
        out.append(contentsOf: #","v":1}"#.utf8)
        return out
    }

    /// Appends `bytes` as a JSON string with RFC 8785's minimal escaping (as ``JSONWriter``).
    static func appendJSONString(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteBuffer) {
        out.append(UInt8(ascii: "\""))
        guard WordScan.needsEscape(bytes) else {
            out.append(bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            var escape: [UInt8] = []
            JSONWriter.appendEscape(for: byte, to: &escape)
            out.append(escape)
            runStart = index + 1
        }
        out.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }
}

extension FieldCommitment {
    /// ``compute(salt:key:value:)`` from raw parts: `quotedKey` is `JCS(key)` (quotes included)
    /// and `canonicalValue` the bytes taken as `JCS(value)`. `scratch` is reused between calls.
    public static func compute(salt: UnsafeRawBufferPointer, quotedKey: UnsafeRawBufferPointer,
                               canonicalValue: UnsafeRawBufferPointer, scratch: ByteBuffer) -> Hash256 {
        scratch.removeAll()
        scratch.append(domainTag)
        scratch.append(salt)
        scratch.append(quotedKey)
        scratch.append(canonicalValue)
        return Hash256.sha256(scratch.bytes)
    }

    /// ``compute(salt:quotedKey:canonicalValue:scratch:)`` with the salt as hex; nil when the
    /// salt is not hex of even length.
    public static func compute(saltHex: UnsafeBufferPointer<UInt8>, quotedKey: UnsafeRawBufferPointer,
                               canonicalValue: UnsafeRawBufferPointer, scratch: ByteBuffer) -> Hash256? {
        scratch.removeAll()
        scratch.append(domainTag)
        guard scratch.append(decodingHex: saltHex) else { return nil }
        scratch.append(quotedKey)
        scratch.append(canonicalValue)
        return Hash256.sha256(scratch.bytes)
    }
}
