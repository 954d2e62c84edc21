/// Escaping for text that goes into HTML or SVG: every string of a report is treated as hostile.
///
/// Both forms escape `&`, `<`, `>`, `"` and `'`, so one function is safe in element content and
/// in quoted attribute values alike, and drop the characters an HTML parser reports as errors:
/// C0 controls other than tab and line feed (so also carriage return and NUL), DEL, C1
/// controls and Unicode noncharacters.
enum HTMLEscaping {
    /// Escapes `text` for element content.
    ///
    /// ```swift
    /// HTMLEscaping.text("<b>\"A&B\"</b>")   // "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
    /// ```
    static func text(_ text: String) -> String {
        escape(text)
    }

    /// Escapes `value` for a double-quoted attribute value.
    ///
    /// ```swift
    /// HTMLEscaping.attribute("a\" onclick=\"x")   // "a&quot; onclick=&quot;x"
    /// ```
    static func attribute(_ value: String) -> String {
        escape(value)
    }

    /// True for the scalars an HTML document must not hold.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if !isDropped(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
