import Foundation

/// `zbarimg`, the barcode reader of zbar-tools: reads a QR code back from a PNG, as a phone
/// would, so that tests check the picture and not only the code that drew it.
public enum QRCodeReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The text of the one QR code in the picture.
    public static func read(png: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ChildProcess.run("/usr/bin/zbarimg", ["--raw", "-q", file.path])
        guard result.status == 0 else {
            throw Failure(description: "zbarimg found no QR code in the picture (exit status \(result.status))")
        }
        return result.output.trimmingCharacters(in: .newlines)
    }
}
