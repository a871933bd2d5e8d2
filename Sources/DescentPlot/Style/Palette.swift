// Colours for categories: the Okabe–Ito palette.

/// Categorical colours distinguishable by people with the common forms of colour-vision deficiency.
///
/// The eight Okabe–Ito colours, reordered so that the ones with good contrast on white come first
/// (yellow, the weakest on white, is last). Series `i` uses `colors[i % 8]`.
/// - Reference: M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
///   presentations that are friendly to colorblind people", 2008, https://jfly.uni-koeln.de/color/.
public enum Palette {
    /// Blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow.
    public static let okabeIto: [String] = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]

    /// The colour of series number `index` (cycling through `okabeIto`).
    public static func color(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }

    /// The marker shape of series number `index`, cycled so shape and colour together stay unique
    /// for 8 × 4 series.
    static func marker(_ index: Int) -> MarkerShape {
        MarkerShape.allCases[(index / okabeIto.count + index) % MarkerShape.allCases.count]
    }
}
