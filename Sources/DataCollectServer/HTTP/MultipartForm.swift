import Foundation

/// Reads a `multipart/form-data` body (RFC 7578) just far enough to find one part by name: the
/// existing admin app uploads app configurations this way. Nothing is written to disk.
struct MultipartForm {
    private let boundary: [UInt8]
    private let body: [UInt8]

    init(contentType: String, body: [UInt8]) throws {
        guard let range = contentType.range(of: "boundary=", options: .caseInsensitive) else {
            throw APIError.badRequest("The multipart body names no boundary.")
        }
        var value = contentType[range.upperBound...].split(separator: ";").first.map(String.init) ?? ""
        value = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard !value.isEmpty, value.utf8.count <= 70 else { throw APIError.badRequest("The multipart boundary is invalid.") }
        boundary = Array(("--" + value).utf8)
        self.body = body
    }

    /// The content of the part whose `Content-Disposition` names `name`.
    func part(named name: String) throws -> [UInt8]? {
        let delimiter = boundary
        var starts: [Int] = []
        var index = 0
        while let found = Self.find(delimiter, in: body, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        guard starts.count >= 2 else { throw APIError.badRequest("The multipart body is malformed.") }
        for (start, end) in zip(starts, starts.dropFirst()) {
            var part = Array(body[(start + delimiter.count)..<end])
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.suffix(2) == [13, 10] { part.removeLast(2) }
            guard let headerEnd = Self.find([13, 10, 13, 10], in: part, from: 0) else { continue }
            let headers = String(decoding: part[..<headerEnd], as: UTF8.self).lowercased()
            if headers.contains("name=\"\(name.lowercased())\"") {
                return Array(part[(headerEnd + 4)...])
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
