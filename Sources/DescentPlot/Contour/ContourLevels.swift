// Choosing contour levels from the range of the sampled values.
import Foundation

/// How contour levels are chosen.
public enum ContourLevels: Sendable, Equatable {
    /// About `count` nice (1-2-5) values evenly spaced between the grid's minimum and maximum.
    case linear(count: Int)
    /// About `count` values evenly spaced in log₁₀ between the smallest positive grid value (but at
    /// least 10⁻⁶ × the maximum) and the maximum, on the 1-2-5 (or 1-3) sequence per decade. Needed for functions such as Rosenbrock
    /// whose values span many decades around a narrow valley. Falls back to `.linear` when the grid
    /// has no positive value.
    case logarithmic(count: Int)
    /// Exactly these levels.
    case values([Double])

    /// The levels for sampled values `z` (non-finite values ignored), increasing, strictly inside the
    /// value range for the automatic kinds. Complexity O(|z|).
    func resolve(for z: [Double]) -> [Double] {
        let finite = z.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo < hi else {
            if case .values(let v) = self { return v.filter(\.isFinite).sorted() }
            return []
        }
        switch self {
        case .values(let v):
            return v.filter(\.isFinite).sorted()
        case .linear(let count):
            let nice = NiceTicks(covering: lo, hi, count: Swift.max(count, 1) + 1, expand: false)
            return nice.values.filter { $0 > lo && $0 < hi }
        case .logarithmic(let count):
            guard let minPositive = finite.filter({ $0 > 0 }).min(), minPositive < hi else {
                return ContourLevels.linear(count: count).resolve(for: z)
            }
            // A function whose minimum is 0 has grid values arbitrarily close to 0; levels below
            // 10⁻⁶ of the maximum would only crowd the minimum, so the span is capped at 6 decades.
            let floorValue = Swift.max(minPositive, hi * 1e-6)
            let kLow = Int(floor(log10(floorValue))), kHigh = Int(ceil(log10(hi)))
            let decades = Swift.max(kHigh - kLow, 1)
            let perDecade = Double(Swift.max(count, 1)) / Double(decades)
            let multipliers: [Double] = perDecade >= 3 ? [1, 2, 5] : perDecade >= 2 ? [1, 3] : [1]
            // Fewer than one level per decade: keep every stride-th decade.
            let stride = perDecade >= 1 ? 1 : Int((1 / perDecade).rounded(.up))
            var levels: [Double] = []
            for k in Swift.stride(from: kLow, through: kHigh, by: stride) {
                for m in multipliers {
                    let v = m * decade(k)
                    if v > floorValue && v < hi { levels.append(v) }
                }
            }
            return levels
        }
    }
}
