import DescentCore

/// Gradient descent with a fixed step η on the local quadratic model of f, run to show that the
/// step bound η < 2/λmax is where it starts to diverge.
///
/// On the quadratic model q(x + e) = f(x) + ∇fᵀe + ½eᵀHe, a gradient step from any point moves the
/// error e (the distance to the model's stationary point) by e ← (I − ηH)e, whose eigenvalues are
/// 1 − ηλᵢ. The error therefore shrinks when every |1 − ηλᵢ| < 1, that is 0 < ηλᵢ < 2, and grows
/// along the top eigenvector as soon as η > 2/λmax (|1 − ηλmax| > 1). The trial iterates exactly this
/// error recursion — gradient descent on the quadratic model, not on f itself, which away from a
/// quadratic only follows it near x — from a seeded random unit e₀, one Hessian product per step.
///
/// Stopping: ‖eₜ‖ ≤ `tolerance` is `.convergedResidual`; ‖eₜ‖ ≥ 1/`tolerance` (growth by the same
/// factor) is `.diverged` at that iteration; a NaN or ±∞ is `.nonFiniteValue`; else `.iterationLimit`.
///
/// Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., §3.3; Y. Nesterov, *Lectures on
/// Convex Optimization*, 2nd ed., 2018, §2.1.5 (the step 2/L).
public struct StepSizeTrial: IterativeResult, Sendable, Hashable {
    /// The fixed step η.
    public var stepSize: Double
    /// The predicted factor per step, ρ(I − ηH) = maxᵢ |1 − ηλᵢ| = max(|1 − ηλmin|, |1 − ηλmax|)
    /// (|1 − ηλ| is convex in λ, so the extreme eigenvalues decide).
    public var predictedRate: Double
    /// The measured factor of the last step, ‖eₜ‖/‖eₜ₋₁‖ (1 before any step): it tends to
    /// `predictedRate` as the mode with the largest |1 − ηλ| takes over the error.
    public var measuredRate: Double
    /// ‖eₜ‖/‖e₀‖ at the end (‖e₀‖ = 1).
    public var finalErrorNorm: Double
    /// Steps taken: to convergence, to the detection of divergence, or the limit.
    public var iterations: Int
    /// `.convergedResidual`, `.diverged`, `.nonFiniteValue` or `.iterationLimit`.
    public var termination: Termination

    /// A trial from its parts.
    public init(stepSize: Double, predictedRate: Double, measuredRate: Double, finalErrorNorm: Double,
                iterations: Int, termination: Termination) {
        self.stepSize = stepSize
        self.predictedRate = predictedRate
        self.measuredRate = measuredRate
        self.finalErrorNorm = finalErrorNorm
        self.iterations = iterations
        self.termination = termination
    }

    /// Runs e ← e − η·H·e from a seeded unit e₀.
    /// - Parameters:
    ///   - hessian: H as a square operator.
    ///   - stepSize: η > 0.
    ///   - extremeEigenvalues: (λmin, λmax) of H, for the predicted rate.
    ///   - tolerance: convergence at ‖e‖ ≤ tolerance, divergence at ‖e‖ ≥ 1/tolerance; in (0, 1).
    ///   - maxIterations: the step limit.
    ///   - seed: the seed of e₀ (a Gaussian direction, so it has a component along every eigenvector
    ///     with probability 1).
    public init(hessian: some LinearOperator, stepSize: Double, extremeEigenvalues: (min: Double, max: Double),
                tolerance: Double = 1e-6, maxIterations: Int = 100_000, seed: UInt64 = 0) {
        precondition(stepSize > 0 && stepSize.isFinite, "StepSizeTrial: stepSize must be positive and finite, got \(stepSize)")
        precondition(tolerance > 0 && tolerance < 1, "StepSizeTrial: tolerance must be in (0, 1), got \(tolerance)")
        precondition(maxIterations >= 0, "StepSizeTrial: maxIterations must be ≥ 0, got \(maxIterations)")
        let n = hessian.shape[0]
        var generator = SeededGenerator(seed: seed)
        var e = Tensor((0..<n).map { _ in generator.nextNormal() })
        let start = e.norm(.two)
        e = start > 0 ? e * (1 / start) : e
        var norm = e.norm(.two)
        var lastFactor = 1.0
        var iterations = 0
        var termination = Termination.iterationLimit
        while true {
            if !norm.isFinite { termination = .nonFiniteValue; break }
            if norm <= tolerance { termination = .convergedResidual; break }
            if norm >= 1 / tolerance { termination = .diverged; break }
            if iterations == maxIterations { break }
            e.addScaled(hessian.apply(e), by: -stepSize)
            let previous = norm
            norm = e.norm(.two)
            lastFactor = norm / previous
            iterations += 1
        }
        self.stepSize = stepSize
        predictedRate = Swift.max(Swift.abs(1 - stepSize * extremeEigenvalues.min), Swift.abs(1 - stepSize * extremeEigenvalues.max))
        measuredRate = lastFactor
        finalErrorNorm = norm
        self.iterations = iterations
        self.termination = termination
    }
}
