import CPNG
import CQRencode

/// A QR code of a short text (a URL), drawn as a black-on-white PNG picture: libqrencode lays
/// out the modules, libpng writes the file. Error correction level M (15 % of the code may be
/// damaged or covered and it still reads), a quiet zone of four modules on every side as the
/// standard asks, and whole pixels per module so that no scanner sees a blurred edge.
public struct QRCodePicture: Sendable {
    /// The modules, row by row: `true` is a dark module.
    public let modules: [[Bool]]
    /// The text the code holds.
    public let text: String

    /// The longest text accepted: a URL for a phone to open, far below the QR maximum.
    public static let maximumTextBytes = 1_024

    public init(encoding text: String) throws(QRCodeError) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumTextBytes else {
            throw .textLength(text.utf8.count, maximum: Self.maximumTextBytes)
        }
        guard !text.utf8.contains(0) else { throw .textHoldsNul }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw .encodingFailed
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        modules = (0..<width).map { row in (0..<width).map { column in data[row * width + column] & 1 == 1 } }
        self.text = text
    }

    /// The picture as PNG bytes: 8-bit greyscale, `pixelsPerModule` pixels per module side.
    public func png(pixelsPerModule: Int = 8, quietZoneModules: Int = 4) throws(QRCodeError) -> [UInt8] {
        let scale = max(1, pixelsPerModule)
        let side = (modules.count + 2 * quietZoneModules) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for (row, line) in modules.enumerated() {
            for (column, dark) in line.enumerated() where dark {
                let top = (row + quietZoneModules) * scale
                let left = (column + quietZoneModules) * scale
                for y in top..<(top + scale) {
                    pixels.replaceSubrange((y * side + left)..<(y * side + left + scale), with: repeatElement(0, count: scale))
                }
            }
        }
        return try Self.encodePNG(greyscale: pixels, side: side)
    }

    /// libpng's simplified write API: no `setjmp`, errors come back as a return value.
    private static func encodePNG(greyscale pixels: [UInt8], side: Int) throws(QRCodeError) -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(side)
        image.height = png_uint_32(side)
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        defer { png_image_free(&image) }
        var size = 0
        let measured = pixels.withUnsafeBufferPointer { buffer in
            png_image_write_to_memory(&image, nil, &size, 0, buffer.baseAddress, png_int_32(side), nil)
        }
        guard measured != 0, size > 0 else { throw .pngFailed }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { memory in
            pixels.withUnsafeBufferPointer { buffer in
                png_image_write_to_memory(&image, memory.baseAddress, &size, 0, buffer.baseAddress, png_int_32(side), nil)
            }
        }
        guard written != 0 else { throw .pngFailed }
        return Array(output.prefix(size))
    }
}

/// Why a QR code could not be drawn.
public enum QRCodeError: Error, Equatable, CustomStringConvertible {
    case textLength(Int, maximum: Int)
    case textHoldsNul
    case encodingFailed
    case pngFailed

    public var description: String {
        switch self {
        case .textLength(let bytes, let maximum):
            "A QR code holds 1 to \(maximum) bytes of text here; this text has \(bytes)."
        case .textHoldsNul: "A QR code's text cannot hold a NUL character."
        case .encodingFailed: "libqrencode could not lay out the QR code."
        case .pngFailed: "libpng could not write the QR code's picture."
        }
    }
}
