import DataCollectCore
import DataCollectIntegrity

/// How reports write figures in their text: the same for every kind and every machine
/// (no locale), so that a report made twice from the same data reads the same.
enum ReportFormat {
    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// 0.0512 → "5.1%".
    static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1_000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
    }

    /// A duration in the largest unit that keeps it readable: "45 s", "12 min", "3.5 h", "9.2 days".
    static func duration(milliseconds: Int64) -> String {
        let seconds = Double(milliseconds) / 1_000
        func oneDecimal(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
        }
        switch seconds {
        case ..<60: return "\(oneDecimal(seconds)) s"
        case ..<3_600: return "\(oneDecimal(seconds / 60)) min"
        case ..<86_400: return "\(oneDecimal(seconds / 3_600)) h"
        default: return "\(oneDecimal(seconds / 86_400)) days"
        }
    }

    /// The UTC day of a time: "2026-11-03".
    static func day(_ time: EventTimestamp) -> String { String(time.iso8601.prefix(10)) }

    static func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    static func number(_ value: Double) -> JSONValue { JSONNumber(value).map(JSONValue.number) ?? .null }

    /// Counts by key as a JSON object.
    static func counts(_ counts: [String: Int]) -> JSONValue { .object(counts.mapValues(number)) }
}
