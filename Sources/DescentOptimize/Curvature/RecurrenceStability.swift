import DescentCore
import Foundation

/// Whether the linear recurrence hₜ = W·hₜ₋₁ (an RNN's hidden state without input or activation,
/// or the error of a linear iteration) stays bounded, from the spectral radius ρ(W), and the growth
/// ‖Wᵗv‖ measured against ρᵗ.
///
/// ρ(W) = maxᵢ |λᵢ| over the (possibly complex) eigenvalues of W (LAPACK `dgeev` through `Eigen`).
/// By Gelfand's formula ‖Wᵗ‖^(1/t) → ρ, so ‖Wᵗv‖ decays geometrically when ρ < 1 and grows like ρᵗ
/// along the dominant eigenvector when ρ > 1 — how gradients vanish or explode through a recurrent
/// layer. A non-normal W can grow for a while even with ρ < 1 (transient growth), which is why the
/// rate is fitted on the second half of the run.
///
/// - `verdict`: `.stable` when ρ < 1 − τ, `.unstable` when ρ > 1 + τ, `.marginal` within τ of 1
///   (τ = `tolerance`, default 1e-10: eigenvalues from `dgeev` carry an error of order ε‖W‖, or
///   more for a defective W).
/// - `norms[t − 1]` = ‖Wᵗv‖₂ for t = 1…T, from a seeded Gaussian unit vector v (almost surely with
///   a component along the dominant eigenvector); computed with a renormalized vector and summed
///   logarithms, so that `logNorms` stays finite when ρᵗ overflows.
/// - `fittedRate` = exp(slope) of the least-squares line through (t, ln‖Wᵗv‖) for
///   t = ⌈T/2⌉…T, the measured growth factor per step; it approaches ρ as T grows (oscillating for
///   a complex dominant pair, whose modulus is ρ but whose direction rotates). 0 when Wᵗv = 0.
///
/// Reference: Horn & Johnson, *Matrix Analysis*, 2nd ed., §5.6 (Gelfand's formula); R. Pascanu,
/// T. Mikolov and Y. Bengio, "On the difficulty of training recurrent neural networks", ICML 2013;
/// L. N. Trefethen and M. Embree, *Spectra and Pseudospectra*, 2005 (transient growth).
public struct RecurrenceStability: Sendable {
    /// What ρ(W) says about the recurrence.
    public enum Verdict: String, Sendable, CaseIterable {
        /// ρ < 1: ‖Wᵗv‖ → 0 for every v.
        case stable
        /// ρ within the tolerance of 1: neither decays nor grows geometrically.
        case marginal
        /// ρ > 1: ‖Wᵗv‖ grows like ρᵗ for almost every v.
        case unstable
    }

    /// ρ(W) = max |λᵢ|.
    public var spectralRadius: Double
    /// Real part of an eigenvalue of largest modulus (the first in `Eigen`'s order).
    public var dominantEigenvalueReal: Double
    /// Imaginary part of that eigenvalue (0 for a real one; a complex pair means rotation).
    public var dominantEigenvalueImaginary: Double
    /// Stable, marginal or unstable.
    public var verdict: Verdict
    /// ‖Wᵗv‖₂ for t = 1…T (‖v‖ = 1); may be 0 or +∞ where the logarithms are not.
    public var norms: [Double]
    /// ln‖Wᵗv‖₂ for t = 1…T (−∞ once Wᵗv = 0).
    public var logNorms: [Double]
    /// The fitted growth factor per step (see the type's documentation).
    public var fittedRate: Double
    /// The tolerance τ of the verdict.
    public var tolerance: Double

    /// Analyses W.
    /// - Parameters:
    ///   - matrix: W, n × n, finite.
    ///   - steps: T ≥ 2, the number of products.
    ///   - seed: the seed of v.
    ///   - tolerance: τ of the verdict (≥ 0).
    /// - Throws: `LinearAlgebraError.notSquare` naming the shape, `.nonFinite` naming the entry,
    ///   `.didNotConverge` from `dgeev`; `CurvatureError.emptyPoint` for a 0 × 0 matrix;
    ///   `CurvatureError.countTooSmall` for T < 2.
    public init(matrix: Tensor, steps: Int = 50, seed: UInt64 = 0, tolerance: Double = 1e-10) throws {
        precondition(tolerance >= 0, "RecurrenceStability: tolerance must be ≥ 0, got \(tolerance)")
        guard matrix.rank == 2, matrix.shape[0] == matrix.shape[1] else {
            throw LinearAlgebraError.notSquare(operation: "spectral radius", shape: matrix.shape)
        }
        guard matrix.shape[0] > 0 else { throw CurvatureError.emptyPoint }
        guard steps >= 2 else { throw CurvatureError.countTooSmall(what: "steps", count: steps, minimum: 2) }
        let eigen = try Eigen(matrix)
        let moduli = eigen.eigenvalues.map { Foundation.hypot($0.real, $0.imaginary) }
        let index = moduli.indices.max { moduli[$0] < moduli[$1] }!
        spectralRadius = moduli[index]
        dominantEigenvalueReal = eigen.eigenvalues[index].real
        dominantEigenvalueImaginary = eigen.eigenvalues[index].imaginary
        self.tolerance = tolerance
        verdict = spectralRadius < 1 - tolerance ? .stable : (spectralRadius > 1 + tolerance ? .unstable : .marginal)

        let n = matrix.shape[0]
        var generator = SeededGenerator(seed: seed)
        var u = Tensor((0..<n).map { _ in generator.nextNormal() })
        u = u * (1 / u.norm(.two))
        var logNorm = 0.0
        var logs: [Double] = []
        logs.reserveCapacity(steps)
        for _ in 0..<steps {
            if logNorm == -.infinity { logs.append(logNorm); continue }
            let next = matmul(matrix, u)
            let factor = next.norm(.two)
            logNorm += Foundation.log(factor)
            logs.append(logNorm)
            if factor > 0 { u = next * (1 / factor) }
        }
        logNorms = logs
        norms = logs.map { Foundation.exp($0) }
        fittedRate = RecurrenceStability.fittedRate(logNorms: logs)
    }

    /// exp(slope) of the least-squares line through (t, ln‖Wᵗv‖) over the second half of the run
    /// (t = ⌈T/2⌉…T); 0 if the vector vanished.
    static func fittedRate(logNorms: [Double]) -> Double {
        let count = logNorms.count
        let first = (count + 1) / 2   // t = ⌈T/2⌉ is index ⌈T/2⌉ − 1
        let points = (first - 1..<count).map { (Double($0 + 1), logNorms[$0]) }
        guard points.allSatisfy({ $0.1.isFinite }) else { return 0 }
        let m = Double(points.count)
        let meanT = points.reduce(0) { $0 + $1.0 } / m, meanY = points.reduce(0) { $0 + $1.1 } / m
        let sxy = points.reduce(0) { $0 + ($1.0 - meanT) * ($1.1 - meanY) }
        let sxx = points.reduce(0) { $0 + ($1.0 - meanT) * ($1.0 - meanT) }
        return Foundation.exp(sxy / sxx)
    }
}
