// Seeded toy data sets with a known cluster structure: two moons and two concentric circles.
import DescentCore
import Foundation

/// Two-dimensional toy data sets whose classes no straight line (and no k-means) separates, built
/// exactly as scikit-learn's `make_moons` and `make_circles` build them, with Gaussian noise drawn
/// from a `SeededGenerator` (so the noise-free points equal scikit-learn's, and the noisy ones are
/// reproducible from the seed on every platform, though not equal to NumPy's draws).
///
/// Points are not shuffled: class 0 (the outer moon or circle, ⌊n/2⌋ points) comes first, then
/// class 1 (the other ⌈n/2⌉). Each row is (x, y); the target is the class 0 or 1.
public enum SyntheticData {
    /// Two interleaving half circles (scikit-learn's `make_moons`):
    ///
    ///     class 0: (cos θᵢ, sin θᵢ),              θᵢ = iπ/(n₀ − 1), i = 0 … n₀ − 1
    ///     class 1: (1 − cos φⱼ, 1/2 − sin φⱼ),    φⱼ = jπ/(n₁ − 1), j = 0 … n₁ − 1
    ///
    /// with n₀ = ⌊count/2⌋, n₁ = count − n₀ (a half circle of one point is the point at angle 0),
    /// plus N(0, noise²) independently on each coordinate.
    /// - Parameters:
    ///   - count: the number of points n ≥ 2.
    ///   - noise: the standard deviation of the Gaussian noise (≥ 0; 0 for the exact curves).
    ///   - seed: the seed of the noise.
    /// - Throws: `SyntheticDataError.tooFewPoints` for count < 2, `.invalidNoise` for a negative
    ///   or non-finite noise.
    /// - Complexity: O(n).
    public static func moons(count: Int, noise: Double = 0, seed: UInt64 = 0) throws -> LabeledData {
        try SyntheticDataError.check(count: count, noise: noise, generator: "moons")
        let outer = count / 2, inner = count - outer
        let outerAngles = linspace(upTo: .pi, count: outer, endpoint: true)
        let innerAngles = linspace(upTo: .pi, count: inner, endpoint: true)
        let points = outerAngles.map { (cos($0), sin($0)) } + innerAngles.map { (1 - cos($0), 1 - sin($0) - 0.5) }
        return labeled(points, outer: outer, noise: noise, seed: seed)
    }

    /// A circle inside another (scikit-learn's `make_circles`):
    ///
    ///     class 0: (cos θᵢ, sin θᵢ),                θᵢ = 2πi/n₀, i = 0 … n₀ − 1
    ///     class 1: factor · (cos φⱼ, sin φⱼ),       φⱼ = 2πj/n₁, j = 0 … n₁ − 1
    ///
    /// with n₀ = ⌊count/2⌋, n₁ = count − n₀, plus N(0, noise²) independently on each coordinate.
    /// - Parameters:
    ///   - count: the number of points n ≥ 2.
    ///   - factor: the inner circle's radius relative to the outer one, 0 ≤ factor < 1.
    ///   - noise: the standard deviation of the Gaussian noise (≥ 0; 0 for the exact circles).
    ///   - seed: the seed of the noise.
    /// - Throws: `SyntheticDataError.tooFewPoints`, `.invalidNoise`, `.invalidFactor` (outside [0, 1)).
    /// - Complexity: O(n).
    public static func circles(count: Int, factor: Double = 0.8, noise: Double = 0, seed: UInt64 = 0) throws -> LabeledData {
        try SyntheticDataError.check(count: count, noise: noise, generator: "circles")
        guard factor >= 0 && factor < 1 else { throw SyntheticDataError.invalidFactor(factor) }
        let outer = count / 2, inner = count - outer
        let outerAngles = linspace(upTo: 2 * .pi, count: outer, endpoint: false)
        let innerAngles = linspace(upTo: 2 * .pi, count: inner, endpoint: false)
        let points = outerAngles.map { (cos($0), sin($0)) } + innerAngles.map { (cos($0) * factor, sin($0) * factor) }
        return labeled(points, outer: outer, noise: noise, seed: seed)
    }

    /// NumPy's `linspace(0, stop, count, endpoint)`: i·stop/(count − 1) (or i·stop/count without the
    /// endpoint), the last value exactly `stop` with the endpoint, [0] for one value.
    private static func linspace(upTo stop: Double, count: Int, endpoint: Bool) -> [Double] {
        let divisions = endpoint ? count - 1 : count
        guard divisions > 0 else { return count == 1 ? [0] : [] }
        let step = stop / Double(divisions)
        return (0..<count).map { i in endpoint && i == count - 1 ? stop : Double(i) * step }
    }

    /// The points plus noise (x then y of each point, in order), classes 0 for the first `outer`.
    private static func labeled(_ points: [(Double, Double)], outer: Int, noise: Double, seed: UInt64) -> LabeledData {
        var generator = SeededGenerator(seed: seed)
        var scalars: [Double] = []
        scalars.reserveCapacity(2 * points.count)
        for (x, y) in points {
            if noise > 0 {
                scalars.append(x + noise * generator.nextNormal())
                scalars.append(y + noise * generator.nextNormal())
            } else {
                scalars += [x, y]
            }
        }
        return LabeledData(features: Tensor(shape: [points.count, 2], scalars: scalars), columnNames: ["x", "y"],
                           target: Tensor(points.indices.map { $0 < outer ? 0 : 1 }), targetName: "class",
                           targetNames: ["0", "1"])
    }
}

/// Invalid arguments to a `SyntheticData` generator.
public enum SyntheticDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer than two points asked for (each class needs one); carries the generator and count.
    case tooFewPoints(generator: String, count: Int)
    /// A negative or non-finite noise standard deviation.
    case invalidNoise(generator: String, noise: Double)
    /// A circles factor outside [0, 1).
    case invalidFactor(Double)

    /// One line naming the generator, the argument and the value given.
    public var description: String {
        switch self {
        case let .tooFewPoints(generator, count):
            return "SyntheticData.\(generator): count must be at least 2 (one point per class), got \(count)"
        case let .invalidNoise(generator, noise):
            return "SyntheticData.\(generator): noise must be a finite standard deviation ≥ 0, got \(noise)"
        case let .invalidFactor(factor):
            return "SyntheticData.circles: factor must be in [0, 1) (the inner radius relative to the outer), got \(factor)"
        }
    }

    /// Throws unless count ≥ 2 and noise is finite and ≥ 0.
    static func check(count: Int, noise: Double, generator: String) throws {
        guard count >= 2 else { throw tooFewPoints(generator: generator, count: count) }
        guard noise >= 0 && noise.isFinite else { throw invalidNoise(generator: generator, noise: noise) }
    }
}
