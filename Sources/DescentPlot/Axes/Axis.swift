// Axis configuration (public) and its resolution against data into a domain and ticks (internal).
import Foundation

/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Equatable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log₁₀ of the value; ticks at decades. Values ≤ 0 cannot be shown on a
    /// log axis: they are drawn on the axis floor and the chart carries a note saying how many.
    case log10
}

/// An axis: its title, scale and optional fixed range.
///
/// With `range == nil` the range is chosen from the data: Heckbert's loose labelling on a linear axis
/// (the range ends on nice ticks), whole decades on a log axis.
public struct Axis: Sendable, Equatable {
    /// Title printed along the axis ("iteration", "loss").
    public var title: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// Fixed data range; values outside are clipped at the plot border. Must be positive on a log axis.
    public var range: ClosedRange<Double>?

    /// Creates an axis.
    /// - Parameters:
    ///   - title: axis title (escaped when rendered).
    ///   - scale: `.linear` (default) or `.log10`.
    ///   - range: fixed range, or `nil` to fit the data.
    public init(_ title: String = "", scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
        if scale == .log10, let range {
            precondition(range.lowerBound > 0, "log10 axis range must be positive, got \(range)")
        }
        self.title = title
        self.scale = scale
        self.range = range
    }
}

/// An axis resolved against its data: the shown domain, tick positions and labels.
struct ResolvedAxis {
    var title: String
    var scale: AxisScale
    var lower: Double
    var upper: Double
    var ticks: [(value: Double, label: String)]
    /// Unlabelled ticks (2…9 × 10ᵏ on short log axes).
    var minorTicks: [Double] = []
    /// Number of finite values ≤ 0 drawn at the floor of a log axis.
    var clippedNonPositive = 0

    /// Position of `value` as a fraction of the axis length (0 at `lower`, 1 at `upper`). Values ≤ 0
    /// on a log axis go to the floor; non-finite values give NaN (callers draw a gap).
    func fraction(_ value: Double) -> Double {
        guard value.isFinite else { return .nan }
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log10:
            if value <= 0 { return 0 }
            return (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        }
    }

    /// Resolves `axis` for `data` (non-finite values ignored), aiming at about `tickCount` ticks.
    init(_ axis: Axis, data: [Double], tickCount: Int = 6) {
        title = axis.title
        scale = axis.scale
        let finite = data.filter(\.isFinite)
        switch axis.scale {
        case .linear:
            if let range = axis.range, range.lowerBound < range.upperBound {
                // A fixed range is shown as given, within what a chart can map (hi − lo finite).
                (lower, upper) = NiceTicks.displayRange(range.lowerBound, range.upperBound)
                let nice = NiceTicks(covering: lower, upper, count: tickCount, expand: false)
                ticks = Array(zip(nice.values, nice.labels))
                return
            }
            let lo = axis.range?.lowerBound ?? finite.min() ?? 0, hi = axis.range?.upperBound ?? finite.max() ?? 1
            // Finite and non-empty: values beyond ±1e300 are clipped at the border, and a constant
            // series gets a visible band around its value.
            let nice = NiceTicks(covering: lo, hi, count: tickCount)
            lower = nice.lowerBound
            upper = nice.upperBound
            ticks = Array(zip(nice.values, nice.labels))
        case .log10:
            let positive = finite.filter { $0 > 0 }
            clippedNonPositive = finite.count - positive.count
            if let range = axis.range {
                // `Axis.init` checks this too, but `range` is a mutable property.
                precondition(range.lowerBound > 0, "log10 axis \"\(axis.title)\" needs a positive range, got \(range)")
                // Within 10^±300, as a fitted axis: log10 of ∞ or of a subnormal's neighbourhood is unusable.
                let limit = NiceTicks.largestShown
                lower = Swift.min(Swift.max(range.lowerBound, 1 / limit), limit / 10)
                upper = Swift.min(range.upperBound, limit)
                if upper <= lower { upper = lower * 10 }
            } else {
                // Decades within ±300, as on a linear axis: 10³⁰⁹ is ∞ and 10⁻³²⁴ is 0 in Double.
                func exponent(_ v: Double, _ round: (Double) -> Double) -> Int {
                    Int(Swift.min(Swift.max(round(Foundation.log10(v)), -300), 300))
                }
                let minPositive = positive.min() ?? 1, maxPositive = positive.max() ?? 10
                lower = decade(exponent(minPositive, Foundation.floor))
                upper = decade(exponent(maxPositive, Foundation.ceil))
                if upper <= lower { upper = lower * 10 }
                // One spare decade below, so clipped zeros sit visibly apart from the smallest value.
                if clippedNonPositive > 0 { lower /= 10 }
            }
            var kLow = Int(ceil(Foundation.log10(lower) - 1e-9)), kHigh = Int(floor(Foundation.log10(upper) + 1e-9))
            if kHigh >= kLow {
                let decades = kHigh - kLow + 1
                let stride = Swift.max(1, Int((Double(decades) / Double(tickCount + 2)).rounded(.up)))
                if axis.range == nil && stride > 1 {
                    // A fitted axis ends on labelled decades, as a linear one ends on nice ticks.
                    // Rounded outwards, but never past the decades a Double holds (10⁻³⁰⁷…10³⁰⁸).
                    kLow = Swift.max(Int((Double(kLow) / Double(stride)).rounded(.down)) * stride, -307)
                    kHigh = Swift.min(Int((Double(kHigh) / Double(stride)).rounded(.up)) * stride, 308)
                    lower = decade(kLow)
                    upper = decade(kHigh)
                }
                // Multiples of the stride, so long axes label 10⁻¹², 10⁻⁸, … consistently.
                let first = Int((Double(kLow) / Double(stride)).rounded(.up)) * stride
                ticks = Swift.stride(from: first, through: kHigh, by: stride).map { (decade($0), "10" + superscript($0)) }
                if decades <= 7 {
                    for k in (kLow - 1)...kHigh {
                        for m in 2...9 {
                            let v = Double(m) * decade(k)
                            if v > lower && v < upper { minorTicks.append(v) }
                        }
                    }
                }
            } else {
                ticks = []
            }
            if ticks.count < 2 {
                // Less than a decade shown: nice linear ticks placed on the log scale.
                let nice = NiceTicks(covering: lower, upper, count: tickCount, expand: false)
                ticks = Array(zip(nice.values, nice.labels))
                minorTicks = []
            }
        }
    }
}

extension ResolvedAxis {
    /// A categorical axis: item k sits at position k (or n − 1 − k when `reversed`, for matrix rows
    /// read top-down), the domain is [−0.5, n − 0.5] so every item gets a unit-wide band.
    init(categories labels: [String], title: String, reversed: Bool = false) {
        self.title = title
        scale = .linear
        lower = -0.5
        upper = Double(Swift.max(labels.count, 1)) - 0.5
        let n = labels.count
        ticks = labels.enumerated().map { k, label in (reversed ? Double(n - 1 - k) : Double(k), label) }
    }
}

/// 10ᵏ exactly as the decimal literal "1ek" would parse (pow can be off by an ulp on some libms).
func decade(_ k: Int) -> Double {
    Double("1e\(k)")!
}
