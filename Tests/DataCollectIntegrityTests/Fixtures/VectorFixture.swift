import DataCollectIntegrity
import Foundation

/// The published vectors in `Fixtures/rfc6962-vectors.json`, parsed with our own `JSONParser`.
enum VectorFixture {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static let loaded: Result<JSONValue, any Error> = Result {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("rfc6962-vectors.json")
        return try JSONParser.parse([UInt8](try Data(contentsOf: url)))
    }

    /// The whole file.
    static func root() throws -> JSONValue { try loaded.get() }

    /// A top-level section, e.g. `published_reference_tree`.
    static func section(_ name: String) throws -> JSONValue {
        try root().field(name)
    }
}

extension JSONValue {
    func field(_ key: String) throws -> JSONValue {
        guard let value = self[key] else { throw VectorFixture.Failure(description: "missing field \(key)") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = try field(key).stringValue else { throw VectorFixture.Failure(description: "\(key) is not a string") }
        return value
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let value = try field(key).arrayValue else { throw VectorFixture.Failure(description: "\(key) is not an array") }
        return value
    }

    func uint64(_ key: String) throws -> UInt64 {
        guard let literal = try field(key).numberValue?.literal, let value = UInt64(literal) else {
            throw VectorFixture.Failure(description: "\(key) is not an unsigned integer")
        }
        return value
    }

    func bool(_ key: String) throws -> Bool {
        guard let value = try field(key).boolValue else { throw VectorFixture.Failure(description: "\(key) is not a Boolean") }
        return value
    }

    /// A hex string field as bytes.
    func hex(_ key: String) throws -> [UInt8] {
        try [UInt8](hexString: string(key))
    }

    /// An array of hex strings as byte arrays.
    func hexList(_ key: String) throws -> [[UInt8]] {
        try array(key).map { element in
            guard let text = element.stringValue else { throw VectorFixture.Failure(description: "\(key) holds a non-string") }
            return try [UInt8](hexString: text)
        }
    }
}

extension Array where Element == UInt8 {
    /// Decodes lowercase or uppercase hexadecimal.
    init(hexString: String) throws {
        let digits = Array(hexString.utf8)
        guard digits.count.isMultiple(of: 2) else { throw VectorFixture.Failure(description: "odd-length hex \(hexString)") }
        self = try stride(from: 0, to: digits.count, by: 2).map { offset in
            guard let byte = UInt8(String(decoding: digits[offset...offset + 1], as: UTF8.self), radix: 16) else {
                throw VectorFixture.Failure(description: "bad hex \(hexString)")
            }
            return byte
        }
    }
}
