/// The text lines of every file of a package (a directory, or a `.tar.gz`/`.zip` of one),
/// streamed: for scanning a release for values that must not be in it.
public enum PackageLines {
    /// Calls `body` with each file's bag-relative path, the 1-based line number and the line's
    /// bytes (without the line break). Lines longer than `maxLine` bytes are cut into pieces.
    public static func forEach(in path: String, maxLine: Int = 1 << 20,
                               _ body: (_ file: String, _ line: Int, _ bytes: [UInt8]) throws -> Void) throws {
        try BagFiles.forEach(at: path) { relative, next in
            var line: [UInt8] = []
            var number = 1
            while let block = try next() {
                for byte in block {
                    if byte == 0x0A {
                        try body(relative, number, line)
                        line.removeAll(keepingCapacity: true)
                        number += 1
                    } else if line.count < maxLine {
                        line.append(byte)
                    } else {
                        try body(relative, number, line)
                        line = [byte]
                    }
                }
            }
            if !line.isEmpty { try body(relative, number, line) }
        }
    }
}
