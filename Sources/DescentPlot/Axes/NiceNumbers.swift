// Heckbert's "nice numbers" for axis ticks.
import Foundation

/// Tick positions chosen by Heckbert's nice-number rule.
///
/// The step is 1, 2 or 5 × 10ᵏ, so labels read naturally (0, 0.2, 0.4, … rather than 0, 0.23, …).
/// - Reference: P. S. Heckbert, "Nice numbers for graph labels", *Graphics Gems*, Academic Press, 1990, pp. 61–63.
struct NiceTicks: Equatable {
    /// The step as `mantissa × 10^exponent` with mantissa ∈ {1, 2, 5}: kept exact so tick values can
    /// be computed as exactly-rounded decimals (3 × 0.2 gives 0.6, not 0.6000000000000001).
    var mantissa: Int
    var exponent: Int
    /// First and last tick as integer multiples of the step.
    var firstIndex: Int
    var lastIndex: Int

    var step: Double { decimal(mantissa, exponent) }
    var values: [Double] { (firstIndex...lastIndex).map { decimal($0 * mantissa, exponent) } }
    var lowerBound: Double { decimal(firstIndex * mantissa, exponent) }
    var upperBound: Double { decimal(lastIndex * mantissa, exponent) }

    /// Heckbert's `nicenum`: a 1-2-5 number near `x` (> 0), rounded to the nearest when `round`,
    /// otherwise the smallest not below `x`. Returns (mantissa, exponent) with mantissa ∈ {1, 2, 5, 10}.
    /// The exponent is kept within ±300 so that 10^exponent and the tick values stay finite and
    /// non-zero; `displayRange` guarantees callers never need more.
    static func niceNumber(_ x: Double, round: Bool) -> (Int, Int) {
        // log10 of 0, ∞ or NaN is not an integer exponent; such a span never comes out of displayRange.
        guard x > 0 && x.isFinite else { return (1, 0) }
        let exponent = Swift.min(Swift.max(Int(floor(log10(x))), -300), 300)
        let fraction = x / pow(10, Double(exponent))
        let mantissa: Int
        if round {
            mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            mantissa = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return mantissa == 10 ? (1, exponent + 1) : (mantissa, exponent)
    }

    /// Heckbert's loose labelling: ticks whose range covers [lo, hi] with about `count` ticks
    /// (`expand == true`), or the nice ticks lying inside [lo, hi] (`expand == false`, for a fixed
    /// axis range). Any lo, hi is accepted: they first pass through `displayRange` (clamped to
    /// ±10³⁰⁰, widened when empty), so extreme data gives sensible ticks instead of a trap.
    init(covering lo: Double, _ hi: Double, count: Int = 5, expand: Bool = true) {
        let (lo, hi) = NiceTicks.displayRange(lo, hi)
        // Heckbert first rounds the range itself up to a nice number; we round only the step, which
        // keeps [0, 120] at 0…120 by 20 instead of widening it to 0…150 by 50.
        let (m, e) = NiceTicks.niceNumber((hi - lo) / Double(Swift.max(count - 1, 1)), round: true)
        let step = decimal(m, e)
        mantissa = m
        exponent = e
        // Small relative slack so that a bound equal to a tick up to rounding counts as that tick.
        let slack = 1e-9
        if expand {
            firstIndex = Int(floor(lo / step + slack))
            lastIndex = Int(ceil(hi / step - slack))
        } else {
            firstIndex = Int(ceil(lo / step - slack))
            lastIndex = Int(floor(hi / step + slack))
        }
        if lastIndex < firstIndex { lastIndex = firstIndex }
    }

    /// The largest magnitude a chart shows: beyond it hi − lo (and the ticks of an expanded range) could
    /// overflow, so values past ±10³⁰⁰ are drawn at the border.
    static let largestShown = 1e300

    /// The smallest width of a shown range: a span of at least 10⁻²⁹⁰ keeps the tick step (span / count)
    /// a normal number whose decimal exponent `decimal` can represent.
    static let narrowestShown = 1e-290

    /// A finite range with lower < upper that a chart can map values into, for any lo, hi.
    ///
    /// Both ends are clamped to ±`largestShown` (symmetrically, so a range entirely beyond 10³⁰⁰ still
    /// has lo ≤ hi), NaN ends are replaced by the other end (or 0), reversed ends are swapped, and an
    /// empty or too narrow range is widened about its centre by max(10 % of its magnitude,
    /// `narrowestShown`), a relative pad that is never absorbed by rounding (a fixed ±0.5 vanishes once
    /// |value| ≥ 2⁵³) and never overflows.
    static func displayRange(_ lo: Double, _ hi: Double) -> (lower: Double, upper: Double) {
        func clamp(_ v: Double) -> Double { Swift.min(Swift.max(v, -largestShown), largestShown) }
        var a = lo.isNaN ? (hi.isNaN ? 0 : hi) : lo
        var b = hi.isNaN ? a : hi
        (a, b) = (clamp(Swift.min(a, b)), clamp(Swift.max(a, b)))
        if b - a < narrowestShown || b - a < Swift.max(Swift.abs(a), Swift.abs(b)) * 1e-12 {
            let centre = a / 2 + b / 2
            let pad = centre == 0 ? 1 : Swift.max(Swift.abs(centre) * 0.1, narrowestShown)
            (a, b) = (centre - pad, centre + pad)
        }
        return (a, b)
    }

    /// Labels with just enough decimals for the step, or compact scientific notation for very large or
    /// very small magnitudes ("2e-5", "1.5e6").
    var labels: [String] {
        let vals = values
        let magnitude = vals.map(Swift.abs).max() ?? 0
        if magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3) {
            // Significant digits: from the largest tick's leading digit down to the step's digit.
            let digits = Swift.max(1, Int(floor(log10(magnitude))) - exponent + 1)
            return vals.map { $0 == 0 ? "0" : cleanExponent(String(format: "%.\(digits - 1)e", $0)) }
        }
        let decimals = Swift.max(0, -exponent)
        return vals.map { v in
            let s = String(format: "%.\(decimals)f", v)
            return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
        }
    }
}

/// `m × 10^e` rounded once from exact decimal, e.g. decimal(3, -1) == 0.3 exactly as the literal.
func decimal(_ m: Int, _ e: Int) -> Double {
    e >= 0 ? Double(m) * pow(10, Double(e)) : Double(m) / pow(10, Double(-e))
}
