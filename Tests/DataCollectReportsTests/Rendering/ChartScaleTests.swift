@testable import DataCollectReports
import DataCollectIntegrity
import Testing

@Suite("Chart scale and number formatting")
struct ChartScaleTests {
    static let niceCases: [(maximum: Double, ticks: [Double])] = [
        (7.0, [0.0, 2, 4, 6, 8]),
        (1234, [0, 500, 1000, 1500]),
        (10, [0, 2, 4, 6, 8, 10]),
        (100, [0, 20, 40, 60, 80, 100]),
        (3, [0, 1, 2, 3]),
        (0.37, [0, 0.1, 0.2, 0.3, 0.4]),
        (3_400_000, [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]),
        (120, [0, 20, 40, 60, 80, 100, 120]),
        (42, [0, 10, 20, 30, 40, 50]),
    ]

    @Test(arguments: niceCases)
    func niceTicks(maximum: Double, ticks: [Double]) {
        #expect(ChartScale(maximum: maximum).ticks == ticks)
    }

    @Test func countsNeverGetFractionalTicks() {
        #expect(ChartScale(maximum: 1, integers: true).ticks == [0, 1])
        #expect(ChartScale(maximum: 2, integers: true).ticks == [0, 1, 2])
        #expect(ChartScale(maximum: 1).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func emptyOrBrokenMaximumGivesZeroToOne() {
        for maximum in [0, -5, Double.nan, .infinity] {
            #expect(ChartScale(maximum: maximum, integers: true).ticks == [0, 1])
        }
    }

    @Test func theTopIsNeverBelowTheMaximum() {
        for maximum in [0.013, 0.9, 1.01, 9.99, 17, 99, 101, 4_999, 5_001, 123_456_789] {
            let scale = ChartScale(maximum: maximum)
            #expect(scale.top >= maximum)
            #expect(scale.ticks.count >= 2 && scale.ticks.count <= 7, "\(maximum): \(scale.ticks)")
        }
    }

    @Test func numbersAreGroupedWithAtMostTwoDecimals() {
        #expect(NumberFormatting.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormatting.grouped(-1_234) == "-1,234")
        #expect(NumberFormatting.grouped(1234.5) == "1,234.5")
        #expect(NumberFormatting.grouped(0.125) == "0.13")
        #expect(NumberFormatting.grouped(2.0) == "2")
        #expect(NumberFormatting.grouped(0.05) == "0.05")
        #expect(NumberFormatting.grouped(-0.001) == "0")
        #expect(NumberFormatting.grouped(Double.nan) == "–")
    }

    @Test func compactLabelsForHugeValues() {
        #expect(NumberFormatting.compact(1_500) == "1,500")
        #expect(NumberFormatting.compact(12_000) == "12k")
        #expect(NumberFormatting.compact(3_400_000) == "3.4M")
        #expect(NumberFormatting.compact(1_250_000_000) == "1.25B")
        #expect(NumberFormatting.compact(999_999) == "1M")
        #expect(NumberFormatting.compact(0) == "0")
        #expect(NumberFormatting.compact(999e12) == "999T")
        #expect(NumberFormatting.compact(2.5e18) == "2.5e18")
        #expect(NumberFormatting.compact(-9.999e20) == "-1e21")
    }

    @Test func jsonNumbersKeepTheirDigits() throws {
        #expect(NumberFormatting.grouped(JSONNumber(1_234_567)) == "1,234,567")
        #expect(NumberFormatting.grouped(try #require(JSONNumber(literal: "-12345.678"))) == "-12,345.678")
        #expect(NumberFormatting.grouped(try #require(JSONNumber(literal: "1e-7"))) == "1e-7")
    }

    @Test func svgNumbersHaveAtMostTwoDecimals() {
        #expect(NumberFormatting.svg(12.345678) == "12.35")
        #expect(NumberFormatting.svg(40) == "40")
        #expect(NumberFormatting.svg(-0.001) == "0")
        #expect(NumberFormatting.svg(0.5) == "0.5")
    }
}
