// Continuous colour maps for heatmaps and contour levels.
import Foundation

/// A continuous colour map: piecewise-linear interpolation in sRGB between fixed stops.
///
/// - `diverging`: ColorBrewer RdBu (11 classes), blue for negative, near-white for 0, red for
///   positive; for signed matrices such as Hessians and correlations, symmetric about 0.
/// - `sequential`: viridis (9 stops), perceptually uniform and colour-blind safe; for magnitudes.
/// - Reference: C. A. Brewer, ColorBrewer 2.0 (colorbrewer2.org); S. van der Walt and N. Smith,
///   viridis, matplotlib 1.5 (2015).
public enum Colormap: Sendable, Equatable {
    /// Blue (negative) – white (zero) – red (positive).
    case diverging
    /// Viridis: dark purple (low) to yellow (high).
    case sequential

    var stops: [(Double, Double, Double)] {
        switch self {
        case .diverging:
            return ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                    "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"].map(rgb)
        case .sequential:
            return ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c",
                    "#28ae80", "#5ec962", "#addc30", "#fde725"].map(rgb)
        }
    }

    /// The colour at `t` ∈ [0, 1] (clamped) as "#rrggbb". Complexity O(1).
    public func color(at t: Double) -> String {
        let (r, g, b) = components(at: t)
        return hex(r, g, b)
    }

    /// sRGB components in [0, 1] at `t` ∈ [0, 1] (clamped; NaN maps to 0).
    func components(at t: Double) -> (Double, Double, Double) {
        let s = stops
        let u = t.isNaN ? 0 : Swift.min(Swift.max(t, 0), 1) * Double(s.count - 1)
        let i = Swift.min(Int(u), s.count - 2)
        let f = u - Double(i)
        let a = s[i], b = s[i + 1]
        return (a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1), a.2 + f * (b.2 - a.2))
    }

    /// Whether text drawn on the colour at `t` should be white (the background is dark): relative
    /// luminance below 0.4, using the Rec. 709 weights on the sRGB values (good enough for labels).
    func prefersLightText(at t: Double) -> Bool {
        let (r, g, b) = components(at: t)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4
    }
}

private func rgb(_ hex: String) -> (Double, Double, Double) {
    let v = Int(hex.dropFirst(), radix: 16)!
    return (Double((v >> 16) & 0xff) / 255, Double((v >> 8) & 0xff) / 255, Double(v & 0xff) / 255)
}

private func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
    func byte(_ x: Double) -> String {
        let v = Int((Swift.min(Swift.max(x, 0), 1) * 255).rounded())
        return (v < 16 ? "0" : "") + String(v, radix: 16)
    }
    return "#" + byte(r) + byte(g) + byte(b)
}
