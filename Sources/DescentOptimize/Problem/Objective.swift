import DescentCore

/// A smooth objective f: ℝⁿ → ℝ given by closures for its value and derivatives.
///
/// The minimal objective has a value and a gradient; a Hessian ∇²f(x) and a Hessian-vector product
/// v ↦ ∇²f(x)·v are optional and unlock Newton, trust-region and Newton-CG methods and the exact
/// line search. When both value and gradient are needed at one point the driver calls
/// `valueAndGradient`, so an objective that shares work between the two (a forward and a reverse
/// sweep, or a residual reused by the gradient) should provide it.
///
/// An `Objective` is a plain value: it does not count its own evaluations. The `minimize` driver
/// wraps it in an `ObjectiveEvaluator`, which counts each call and reports the totals in the result.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer, 2006, ch. 2.
public struct Objective {
    /// f(x).
    public let value: (Tensor) -> Double
    /// (f(x), ∇f(x)) at one point.
    public let valueAndGradient: (Tensor) -> (value: Double, gradient: Tensor)
    /// ∇f(x) alone; `nil` when only the combined closure was given.
    public let gradient: ((Tensor) -> Tensor)?
    /// The n × n Hessian ∇²f(x), if known.
    public let hessian: ((Tensor) -> Tensor)?
    /// The Hessian-vector product ∇²f(x)·v without forming the Hessian, if known.
    public let hessianVectorProduct: ((Tensor, Tensor) -> Tensor)?
    /// Residuals and Jacobian when this objective is ½‖r(x)‖² (set by `LeastSquaresObjective`).
    public let leastSquares: LeastSquaresObjective?

    /// An objective from separate value and gradient closures.
    ///
    /// - Parameters:
    ///   - value: x ↦ f(x).
    ///   - gradient: x ↦ ∇f(x), a tensor of x's shape.
    ///   - hessian: x ↦ ∇²f(x) as an n × n matrix (n = x.count), optional.
    ///   - hessianVectorProduct: (x, v) ↦ ∇²f(x)·v, optional; when absent but `hessian` is given,
    ///     methods that need products form them from the Hessian.
    public init(value: @escaping (Tensor) -> Double,
                gradient: @escaping (Tensor) -> Tensor,
                hessian: ((Tensor) -> Tensor)? = nil,
                hessianVectorProduct: ((Tensor, Tensor) -> Tensor)? = nil) {
        self.value = value
        self.gradient = gradient
        self.valueAndGradient = { x in (value(x), gradient(x)) }
        self.hessian = hessian
        self.hessianVectorProduct = hessianVectorProduct
        self.leastSquares = nil
        self.valueAlsoComputesGradient = false
    }

    /// An objective from a combined value-and-gradient closure (the natural form for reverse-mode
    /// autodiff), with optional cheaper value-only and gradient-only closures (line-search trial
    /// points need only values; trust-region methods need the gradient only at accepted points).
    public init(valueAndGradient: @escaping (Tensor) -> (value: Double, gradient: Tensor),
                value: ((Tensor) -> Double)? = nil,
                gradient: ((Tensor) -> Tensor)? = nil,
                hessian: ((Tensor) -> Tensor)? = nil,
                hessianVectorProduct: ((Tensor, Tensor) -> Tensor)? = nil) {
        self.valueAndGradient = valueAndGradient
        self.value = value ?? { valueAndGradient($0).value }
        self.gradient = gradient
        self.hessian = hessian
        self.hessianVectorProduct = hessianVectorProduct
        self.leastSquares = nil
        self.valueAlsoComputesGradient = value == nil
    }

    init(leastSquares problem: LeastSquaresObjective, hessian: ((Tensor) -> Tensor)?) {
        let residuals = problem.residuals, jacobian = problem.jacobian
        self.value = { x in 0.5 * residuals(x).squaredNorm() }
        self.valueAndGradient = { x in
            let r = residuals(x)
            return (0.5 * r.squaredNorm(), matmul(jacobian(x), r, transposeA: true).reshaped(x.shape))
        }
        self.gradient = nil
        self.hessian = hessian
        self.hessianVectorProduct = nil
        self.leastSquares = problem
        self.valueAlsoComputesGradient = false
    }

    /// Whether `value` runs the combined closure (no value-only closure was given), so an honest
    /// count charges it as one function and one gradient evaluation.
    let valueAlsoComputesGradient: Bool
}

extension Objective {
    /// This objective plus the Tikhonov (ridge) penalty (λ/2)‖x‖², whose gradient λx and Hessian λI
    /// shift every Hessian eigenvalue by λ, so κ becomes (λmax + λ)/(λmin + λ).
    ///
    /// Reference: A. N. Tikhonov, *Solutions of Ill-Posed Problems*, 1977.
    public func addingL2Penalty(_ lambda: Double) -> Objective {
        let base = self
        return Objective(
            valueAndGradient: { x in
                let (f, g) = base.valueAndGradient(x)
                return (f + 0.5 * lambda * x.squaredNorm(), Tensor.scaledSum(lambda, x, g))
            },
            value: { x in base.value(x) + 0.5 * lambda * x.squaredNorm() },
            hessian: base.hessian.map { h in { x in h(x) + Tensor.identity(x.count) * lambda } },
            hessianVectorProduct: base.hessianVectorProduct.map { hv in { x, v in Tensor.scaledSum(lambda, v, hv(x, v)) } })
    }
}
