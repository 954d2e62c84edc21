import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Reads event records from a file or stdin: one JSON event, a JSON array of events, or JSON
/// Lines (one event per line). Each record keeps its location for error messages.
struct RecordReader {
    struct Record {
        /// `file:line` or `file[index]`.
        var location: String
        var value: Result<JSONValue, JSONParseError>
    }

    static func read(path: String) throws -> [Record] {
        let name = path == "-" ? "stdin" : path
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(exit: ExitCodes.usage, message: "Cannot read the file \(path): it does not exist or is not readable.")
            }
            bytes = Array(data)
        }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw CommandFailure(exit: ExitCodes.usage, message: "The file \(name) is empty: there is nothing to submit.")
        }
        switch Result(catching: { () throws(JSONParseError) in try JSONParser.parse(bytes) }) {
        case .success(.array(let items)):
            return items.enumerated().map { Record(location: "\(name)[\($0.offset)]", value: .success($0.element)) }
        case .success(let value):
            return [Record(location: name, value: .success(value))]
        case .failure(let error) where error.reason == .trailingData:
            return lines(bytes, name: name)
        case .failure(let error):
            return [Record(location: name, value: .failure(error))]
        }
    }

    /// JSON Lines: blank lines are skipped; every other line is one record.
    private static func lines(_ bytes: [UInt8], name: String) -> [Record] {
        var records: [Record] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var content = Array(line)
            if content.last == 0x0D { content.removeLast() }
            guard !content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            let value = Result { () throws(JSONParseError) in try JSONParser.parse(content) }
            records.append(Record(location: "\(name):\(lineNumber)", value: value))
        }
        return records
    }
}
