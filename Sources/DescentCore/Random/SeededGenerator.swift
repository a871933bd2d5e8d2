import Foundation

/// A fast, seedable pseudo-random generator (xoshiro256**), so every experiment in Descent is
/// reproducible from one integer seed on every platform.
///
/// The state is filled from the seed by SplitMix64, as the xoshiro authors recommend.
/// Reference: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0, s1, s2, s3: UInt64
    /// A second normal deviate from the last polar-method draw, kept for the next call.
    private var spareNormal: Double?

    /// Creates a generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
        spareNormal = nil
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal deviate N(0, 1) by Marsaglia's polar method (two deviates per
    /// accepted pair; the second is kept for the next call).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * Foundation.log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }
}

extension Tensor {
    /// A tensor of independent N(mean, standardDeviation²) samples.
    public static func randomNormal(_ shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
                                    using generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape) { _ in mean + standardDeviation * generator.nextNormal() }
    }

    /// A tensor of independent samples uniform on [lower, upper).
    public static func randomUniform(_ shape: [Int], in range: Range<Double> = 0..<1,
                                     using generator: inout SeededGenerator) -> Tensor {
        let width = range.upperBound - range.lowerBound
        return Tensor(shape: shape) { _ in range.lowerBound + width * generator.nextUniform() }
    }
}

extension SeededGenerator {
    /// A uniformly random permutation of 0..<n (Fisher–Yates), for shuffling mini-batches.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(next(upperBound: UInt64(i + 1)))
            p.swapAt(i, j)
        }
        return p
    }
}
