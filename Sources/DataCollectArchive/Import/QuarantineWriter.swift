import DataCollectIntegrity
import Foundation

/// The quarantine file: one JSON line per record (or member) that did not land, with its
/// source, reason code, field and original text, so nothing is ever dropped silently.
/// The file is personal data like the archive it came from; it is created with mode 0600.
final class QuarantineWriter {
    private let handle: FileHandle
    let path: String

    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func write(_ problem: ImportProblem, original: [UInt8]?, truncated: Bool = false) throws {
        var object: [String: JSONValue] = [
            "source": problem.location.jsonValue, "code": .string(problem.code), "message": .string(problem.message),
        ]
        if let field = problem.field { object["field"] = .string(field) }
        if let original {
            if let text = String(validatingUTF8Bytes: original) {
                object["original"] = .string(text)
            } else {
                object["originalBase64"] = .string(Data(original).base64EncodedString())
            }
            if truncated { object["originalTruncated"] = true }
        }
        try handle.write(contentsOf: JSONValue.object(object).canonicalBytes + [0x0A])
    }
}

extension String {
    /// The text when the bytes are valid UTF-8, else nil.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}
