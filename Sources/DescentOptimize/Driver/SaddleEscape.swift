import DescentCore

/// The step `minimize` takes off a saddle point: along the unit eigenvector v of λmin < 0, signed so
/// that gᵀd ≤ 0 (d = ±v), with a step length found by a second-order backtracking search.
///
/// The local model along d is m(α) = α gᵀd + ½ λmin α² < 0 for every α > 0. Starting from α₀ = 1 (a
/// unit step in x's own units; the eigenvector has unit length), the search halves α until
/// f(x + αd) ≤ f(x) + ½ m(α) (a sufficient-decrease test on the second-order model, as in
/// Moré–Sorensen's curvilinear search), then keeps doubling it while f keeps decreasing and the
/// test still holds, since the model knows nothing of the higher-order terms that bound the descent.
/// At most 60 halvings and 30 doublings; `nil` when no α passes (the negative curvature is at the
/// rounding level of f).
///
/// Reference: J. J. Moré and D. C. Sorensen, "On the use of directions of negative curvature in a
/// modified Newton method", Math. Programming 16, 1979; Nocedal and Wright, 2006, §4.3 (the "hard case").
struct SaddleEscape {
    /// A unit vector with vᵀ∇²f(x)v = λmin, shaped like x.
    var direction: Tensor
    /// λmin < 0.
    var curvature: Double

    /// The escape point x + αd, or `nil` when no step lowers f enough.
    func search(from current: Iterate, problem: ObjectiveEvaluator) -> Tensor? {
        var d = direction
        if dot(current.gradient.flattened, d.flattened) > 0 { d = -d }
        let slope = dot(current.gradient.flattened, d.flattened)
        func model(_ alpha: Double) -> Double { alpha * slope + 0.5 * curvature * alpha * alpha }
        func trial(_ alpha: Double) -> (x: Tensor, value: Double) {
            let x = Tensor.scaledSum(alpha, d, current.x)
            return (x, problem.value(x))
        }
        func acceptable(_ alpha: Double, _ value: Double) -> Bool {
            value.isFinite && value < current.value && value <= current.value + 0.5 * model(alpha)
        }
        var alpha = 1.0
        var accepted: (alpha: Double, x: Tensor, value: Double)? = nil
        for _ in 0..<60 {
            let t = trial(alpha)
            if acceptable(alpha, t.value) { accepted = (alpha, t.x, t.value); break }
            alpha *= 0.5
        }
        guard var best = accepted else { return nil }
        for _ in 0..<30 {
            let t = trial(2 * best.alpha)
            guard acceptable(2 * best.alpha, t.value), t.value < best.value else { break }
            best = (2 * best.alpha, t.x, t.value)
        }
        return best.x
    }
}

// The methods that use curvature escape saddles by default; they are listed here, in one place,
// rather than in each method's file, so the policy reads as one decision.
extension Newton {
    /// True: Newton's method escapes saddle points along negative curvature by default.
    public var escapesSaddlesByDefault: Bool { true }
}

extension NewtonCG {
    /// True: Newton-CG escapes saddle points along negative curvature by default.
    public var escapesSaddlesByDefault: Bool { true }
}

extension TrustRegion {
    /// True: trust-region methods escape saddle points along negative curvature by default.
    public var escapesSaddlesByDefault: Bool { true }
}

extension ProximalGradient {
    /// False: the gradient is of the smooth part only, so its Hessian says nothing of f + g's optimality.
    public var minimizesSmoothObjective: Bool { false }
}
