/// The colours of chart series: the Okabe–Ito palette, which stays distinguishable for the
/// common forms of colour blindness, in an order that puts the strongest contrasts first.
/// Series beyond the eighth cycle through it again.
enum ChartPalette {
    static let colours = [
        "#0072B2",  // blue
        "#E69F00",  // orange
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#56B4E9",  // sky blue
        "#D55E00",  // vermillion
        "#F0E442",  // yellow
        "#000000",  // black
    ]

    /// The colour of series number `index` (0-based).
    static func colour(_ index: Int) -> String {
        colours[((index % colours.count) + colours.count) % colours.count]
    }
}
