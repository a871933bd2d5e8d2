import DescentCore

/// BFGS quasi-Newton with the inverse-Hessian update
/// H_{k+1} = (I − ρ s yᵀ) H_k (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs), s = x_{k+1} − x_k, y = g_{k+1} − g_k,
/// and direction d = −H_k g_k with a strong-Wolfe line search (c₁ = 1e-4, c₂ = 0.9, Moré–Thuente steps as in SciPy).
///
/// H₀ = I; with `scalesInitialHessian` it is replaced before the first update by (yᵀs / yᵀy) I
/// (N&W eq. 6.20). That is off by default because, measured on the test suite with Wolfe steps, it
/// doubled the evaluations on ill-conditioned quadratics (44 vs 20 at n = 10, κ = 100; 180 vs 61 at
/// n = 50, κ = 1000): the first step's yᵀs/yᵀy ≈ 1/λ of the stiff directions makes H too small along
/// the flat ones, and a too-short step passes the curvature test (c₂ = 0.9) unchanged, whereas a
/// too-long one (H₀ = I) is cut back to a near-exact step by the interpolating zoom. Each line search tries
/// α₀ = min(1, 1.01·2(f_k − f_{k−1})/∇f_kᵀd_k), the minimizer of the quadratic interpolating the last
/// decrease (N&W eq. 3.60; SciPy's rule), with f_{−1} = f₀ + ‖g₀‖₂/2 at the start.
/// Updates with yᵀs ≤ 1e-10·‖s‖‖y‖ are skipped to keep H positive definite.
/// Cost: O(n²) per iteration (one dgemv and a rank-2 update), O(n²) memory.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 6.1, eqs. (6.17), (6.20).
public struct BFGS: OptimizationMethod {
    /// The line search (default strong Wolfe, c₂ = 0.9, Moré–Thuente steps).
    public var lineSearch: StrongWolfeLineSearch
    /// Scale H₀ by yᵀs/yᵀy before the first update (N&W eq. 6.20); default false (see above).
    public var scalesInitialHessian: Bool

    /// BFGS with a strong-Wolfe line search.
    public init(lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch(algorithm: .moreThuente), scalesInitialHessian: Bool = false) {
        self.lineSearch = lineSearch
        self.scalesInitialHessian = scalesInitialHessian
    }

    /// The name shown in results and traces.
    public var name: String { "BFGS" }

    /// BFGS's memory: the inverse-Hessian approximation H_k and f(x_{k−1}). The next direction is
    /// d = −H_k∇f_k and the line search's first trial α₀ = min(1, 1.01·2(f_k − f_{k−1})/∇f_kᵀd)
    /// (N&W eq. 3.60), so these two determine the next iterate.
    public struct State: Sendable, Equatable, Codable {
        /// H_k, an n×n matrix; nil until the first update (H₀ = I, or the scaled identity of
        /// N&W eq. 6.20 with `scalesInitialHessian`) and after a restart from −∇f.
        public var inverseHessian: Tensor?
        /// f(x_{k−1}) of the last iteration (f₀ + ‖∇f₀‖₂/2 before the first, N&W eq. 3.60's start).
        public var previousValue: Double

        /// A memory of these values.
        /// - Parameters:
        ///   - inverseHessian: H_k (n×n), or nil for none yet.
        ///   - previousValue: f(x_{k−1}).
        public init(inverseHessian: Tensor?, previousValue: Double) {
            self.inverseHessian = inverseHessian
            self.previousValue = previousValue
        }

        private enum CodingKeys: String, CodingKey { case inverseHessian, previousValue }

        /// Reads a memory saved by `encode(to:)`; H must be square.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let h = try container.decodeTensorIfPresent(forKey: .inverseHessian)
            if let h, h.rank != 2 || h.shape[0] != h.shape[1] {
                throw DecodingError.dataCorruptedError(forKey: .inverseHessian, in: container,
                                                       debugDescription: "an inverse Hessian of shape \(h.shape), not square")
            }
            self.init(inverseHessian: h, previousValue: try container.decode(Double.self, forKey: .previousValue))
        }

        /// Saves H (as `{"shape", "scalars"}`, absent when nil) and f(x_{k−1}), every bit kept.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(tensor: inverseHessian, forKey: .inverseHessian)
            try container.encode(previousValue, forKey: .previousValue)
        }
    }

    /// The state before the first step: no inverse-Hessian approximation yet (H₀ is set after the
    /// first step, N&W eq. (6.20)), and a previous value f₀ + ‖g₀‖₂/2 so that the first trial step
    /// of N&W eq. (3.60) is min(1, 1.01·‖g₀‖₂/(−gᵀd)). Nothing to check: BFGS needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(inverseHessian: nil, previousValue: start.value + start.gradient.norm(.two) / 2)
    }

    /// Why a saved memory cannot continue a run over n variables: an H that is not n×n, or a non-finite f(x_{k−1}).
    public func incompatibility(of state: State, variables: Int) -> String? {
        if let h = state.inverseHessian, h.shape != [variables, variables] {
            return "a saved inverse Hessian of shape \(h.shape) for \(variables) variables"
        }
        return state.previousValue.isFinite ? nil : "the saved previous value \(state.previousValue) is not finite"
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient.flattened
        var d = state.inverseHessian.map { -matmul($0, g) } ?? -g
        if !(dot(d, g) < 0) {
            // H lost positive definiteness numerically: restart from the scaled identity.
            d = -g
            state.inverseHessian = nil
        }
        var initial = Swift.min(1, 1.01 * 2 * (current.value - state.previousValue) / dot(d, g))
        if !(initial > 0) || !initial.isFinite { initial = 1 }
        state.previousValue = current.value
        guard let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: initial, iteration: iteration) else { return .failed }
        let s = (found.iterate.x - current.x).flattened
        let y = (found.iterate.gradient.flattened - g)
        let sy = dot(s, y)
        guard sy > 1e-10 * s.norm(.two) * y.norm(.two) else { return .moved(found.iterate) }
        let n = g.count
        var h = state.inverseHessian ?? Tensor.identity(n) * (scalesInitialHessian ? sy / y.squaredNorm() : 1)
        // H ← H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ² yᵀHy + ρ) s sᵀ, the expanded form of the product update.
        let hy = matmul(h, y)
        let rho = 1 / sy
        let c = rho * rho * dot(y, hy) + rho
        h.scalars.withUnsafeMutableBufferPointer { hb in
            s.scalars.withUnsafeBufferPointer { sb in
                hy.scalars.withUnsafeBufferPointer { hyb in
                    for i in 0..<n {
                        let si = sb[i], hyi = hyb[i]
                        for j in 0..<n {
                            hb[i * n + j] += -rho * (hyi * sb[j] + si * hyb[j]) + c * si * sb[j]
                        }
                    }
                }
            }
        }
        state.inverseHessian = h
        return .moved(found.iterate)
    }
}
