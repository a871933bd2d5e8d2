import DescentAutodiff
import DescentCore
import DescentOptimize

/// The damped natural-gradient direction d = (F(θ) + λI)⁻¹·g of a network's risk, by conjugate
/// gradient on matrix-free Fisher products — never forming or factoring F.
///
/// F is the Fisher of `fisher` (the exact Fisher by default, which for cross-entropy and squared
/// error is the Gauss–Newton matrix; `.empiricalFisher` or `.monteCarloFisher` also work, and any
/// positive semi-definite `CurvatureKind`). The damping λ > 0 makes F + λI positive definite, so CG
/// applies; it also bounds the step, 1/(λmax + λ) ≤ ‖d‖/‖g‖ ≤ 1/λ. CG runs at most
/// `maxIterations` steps to the relative tolerance `tolerance` (a truncated solve is still a descent
/// direction: every CG iterate x has gᵀx > 0 from x₀ = 0), from the previous solution when one is
/// given (warm start: consecutive directions are close).
///
/// Reference: S. Amari, "Natural gradient works efficiently in learning", Neural Computation 10,
/// 1998; J. Martens, "New insights and perspectives on the natural gradient method", JMLR 21, 2020.
public struct NaturalGradient: Sendable, Hashable {
    /// Which Fisher: `.fisher` (default), `.empiricalFisher`, `.monteCarloFisher(…)` or `.gaussNewton`.
    public var fisher: CurvatureKind
    /// λ > 0.
    public var damping: Double
    /// The most CG iterations per direction.
    public var maxIterations: Int
    /// CG's relative residual tolerance ‖(F + λI)d − g‖ ≤ tol·‖g‖.
    public var tolerance: Double

    /// - Parameters:
    ///   - fisher: a positive semi-definite curvature (default the exact Fisher).
    ///   - damping: λ > 0 (default 10⁻³).
    ///   - maxIterations: CG iterations per direction (default 50).
    ///   - tolerance: CG's relative tolerance (default 10⁻⁸).
    /// - Precondition: `fisher` is positive semi-definite, λ > 0, maxIterations ≥ 1, tolerance ≥ 0.
    public init(fisher: CurvatureKind = .fisher, damping: Double = 1e-3, maxIterations: Int = 50, tolerance: Double = 1e-8) {
        precondition(fisher.isPositiveSemidefinite, "NaturalGradient: the \(fisher.name) matrix is not positive semi-definite")
        precondition(damping > 0 && damping.isFinite, "NaturalGradient: damping must be positive and finite, got \(damping)")
        precondition(maxIterations >= 1 && tolerance >= 0,
                     "NaturalGradient: maxIterations \(maxIterations) must be ≥ 1 and tolerance \(tolerance) ≥ 0")
        self.fisher = fisher
        self.damping = damping
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// F + λI at θ as a symmetric operator.
    /// - Throws: as `NetworkCurvature.init`.
    public func dampedFisher(of risk: NetworkRisk, at theta: Tensor) throws -> FunctionOperator {
        let f = try NetworkCurvature(fisher, of: risk, at: theta)
        let lambda = damping
        return FunctionOperator(symmetric: f.dimension) { v in
            var result = f.apply(v)
            result.addScaled(v.flattened, by: lambda)
            return result
        }
    }

    /// d = (F(θ) + λI)⁻¹·g by CG from `initialGuess` (default 0); the result's `solution` is d (the
    /// last or best iterate when CG stopped early, see `conjugateGradient`).
    /// - Throws: `CurvatureError.nonFinite` for a non-finite θ or network output;
    ///   `LinearAlgebraError.nonFinite` for a non-finite g.
    public func direction(for gradient: Tensor, of risk: NetworkRisk, at theta: Tensor, initialGuess: Tensor? = nil) throws -> LinearSolveResult {
        precondition(gradient.count == risk.parameterCount,
                     "NaturalGradient.direction: gradient has \(gradient.count) elements for \(risk.parameterCount) parameters")
        let operator_ = try dampedFisher(of: risk, at: theta)
        return try conjugateGradient(operator_, gradient.flattened, initialGuess: initialGuess,
                                     options: IterativeOptions(tolerance: tolerance, maxIterations: maxIterations))
    }
}

/// Natural-gradient preconditioning as a `GradientTransformation` for a fixed data set (full-batch
/// training, or any loop whose risk does not change): u = (F(θ) + λI)⁻¹·g at the parameters θ
/// passed to `update`, warm-started from the previous u. Chain it with a learning rate
/// (`naturalGradientDescent(risk:learningRate:…)`), clipping or a schedule.
///
/// When the solve fails outright (a non-finite θ, gradient or network output), the update is
/// all NaN, so that the training loop's divergence check reports it rather than a silent step.
public struct ScaleByNaturalGradient: GradientTransformation {
    /// The risk whose Fisher preconditions the gradient.
    public let risk: NetworkRisk
    /// The Fisher, damping and CG settings.
    public let method: NaturalGradient

    /// The previous direction (the warm start) and how the last solve ended.
    public struct State {
        /// The previous update, `nil` before the first.
        public var previous: Tensor?
        /// The last CG solve's termination.
        public var lastTermination: Termination?
        /// The last CG solve's iterations.
        public var lastIterations: Int
    }

    /// Preconditioning by `method`'s damped Fisher of `risk`.
    public init(risk: NetworkRisk, method: NaturalGradient = NaturalGradient()) {
        self.risk = risk
        self.method = method
    }

    /// No direction yet.
    public func initialize(_ params: Tensor) -> State { State(previous: nil, lastTermination: nil, lastIterations: 0) }

    /// u = (F(θ) + λI)⁻¹·g.
    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        do {
            let solve = try method.direction(for: gradient, of: risk, at: params, initialGuess: state.previous)
            let u = solve.solution.reshaped(gradient.shape)
            return (u, State(previous: solve.solution, lastTermination: solve.termination, lastIterations: solve.iterations))
        } catch {
            return (Tensor(shape: gradient.shape, repeating: .nan),
                    State(previous: nil, lastTermination: .nonFiniteValue, lastIterations: 0))
        }
    }
}

/// Natural-gradient descent on a fixed data set: `chain(ScaleByNaturalGradient(risk:method:),
/// scaleByLearningRate(η))`, θ ← θ − η·(F(θ) + λI)⁻¹∇L(θ).
public func naturalGradientDescent(risk: NetworkRisk, learningRate: some ScalarOrSchedule,
                                   method: NaturalGradient = NaturalGradient()) -> Chain<ScaleByNaturalGradient, ScaleByLearningRate> {
    chain(ScaleByNaturalGradient(risk: risk, method: method), scaleByLearningRate(learningRate))
}
