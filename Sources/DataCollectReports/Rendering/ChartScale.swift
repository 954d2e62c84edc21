import Foundation

/// The y axis of a chart: from zero to a "nice" top, with ticks at 1, 2 or 5 × 10ⁿ.
///
/// ```swift
/// ChartScale(maximum: 7).ticks      // [0, 2, 4, 6, 8]
/// ChartScale(maximum: 1234).ticks   // [0, 500, 1000, 1500]
/// ```
struct ChartScale: Equatable {
    /// The distance between ticks.
    let step: Double
    /// The ticks, from 0 to ``top`` inclusive.
    let ticks: [Double]

    /// The value at the top of the axis.
    var top: Double { ticks.last ?? 1 }

    /// A scale for values from 0 to `maximum` with at most `maxIntervals` intervals: of the two
    /// smallest nice steps that allow that, the one with the lower top (on a tie, the larger step
    /// when it still gives three intervals). With `integers` the step is at least 1 (counts are
    /// never shown as 0.2 of an event). A maximum of zero, below zero or not finite gives 0…1.
    init(maximum: Double, maxIntervals: Int = 6, integers: Bool = false) {
        let ceiling = maximum.isFinite && maximum > 0 ? maximum : 1
        // Labels show at most two decimals: a smaller step would print equal labels.
        let minimumStep = integers ? 1 : 0.01
        let first = max(Self.niceStep(atLeast: ceiling / Double(max(1, maxIntervals))), minimumStep)
        let second = Self.niceStep(atLeast: first * 1.5)
        func intervals(_ step: Double) -> Int { max(1, Int((ceiling / step - 1e-9).rounded(.up))) }
        let topFirst = Double(intervals(first)) * first
        let topSecond = Double(intervals(second)) * second
        let step = topSecond < topFirst - 1e-9 || (abs(topSecond - topFirst) <= 1e-9 * topFirst && intervals(second) >= 3)
            ? second : first
        self.step = step
        self.ticks = (0...intervals(step)).map { Self.clean(Double($0) * step) }
    }

    /// The smallest of 1, 2 or 5 × 10ⁿ that is at least `value`.
    static func niceStep(atLeast value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        var power = pow(10, log10(value).rounded(.down))
        if power > value { power /= 10 }  // floating-point error in the logarithm
        for multiple in [1.0, 2, 5] where multiple * power >= value * (1 - 1e-12) {
            return clean(multiple * power)
        }
        return clean(10 * power)
    }

    /// Removes floating-point noise such as 0.30000000000000004 (keeps 12 significant digits).
    static func clean(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let digits = 12 - Int(log10(value.magnitude).rounded(.down))
        guard digits > 0, digits < 300 else { return value }
        let factor = pow(10, Double(digits))
        return (value * factor).rounded() / factor
    }
}
