import DescentCore

/// The generalized Lanczos trust-region method (GLTR): the trust-region subproblem
/// min gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ restricted to the Krylov spaces K_k = span{g, Bg, …, B^{k−1}g},
/// with only products B·v.
///
/// Lanczos builds an orthonormal basis Q_k of K_k with BQ_k = Q_kT_k + β_k q_{k+1}e_kᵀ (T_k symmetric
/// tridiagonal); the k-dimensional subproblem min ‖g‖e₁ᵀh + ½hᵀT_kh, ‖h‖ ≤ Δ is solved exactly by
/// Moré–Sorensen on T_k + λI = LDLᵀ (O(k) per factorization), and p_k = Q_kh. Unlike Steihaug–CG,
/// it does not stop where the CG path first leaves the region or meets negative curvature: it keeps
/// improving the boundary solution until the residual of the full-space optimality condition,
/// ‖(B + λI)p_k + g‖ = β_k|e_kᵀh|, is at most η‖g‖, or a set relative tolerance. The forcing term
/// η is min(0.5, ‖g‖) for an interior solution (λ = 0: an inexact Newton step accurate enough for
/// quadratic convergence once the region is inactive) and max(10⁻⁶, min(0.5, √‖g‖)) on the boundary
/// (superlinear while steps reach it), trlib's defaults behind SciPy's `trust-krylov`; the looser
/// √‖g‖ inside, Steihaug's, cost Beale, Bard, Freudenstein–Roth and Osborne 1 one or more extra
/// outer iterations through truncated interior steps. While the solution is interior and T_k positive
/// definite, p_k is exactly the CG iterate.
///
/// For n ≤ `smallDimension` (50) the interior tolerance is 10⁻⁸ instead: the Lanczos process is
/// exhausted within n products, and the interior step is then Newton's to the accuracy of the
/// exact (Moré–Sorensen) solver. On the 35 Moré–Garbow–Hillstrom problems (n ≤ 11) that cut the
/// function evaluations of trust-krylov from 1399 to 972 and the gradients from 1163 to 843 at about
/// the same products (3487 → 3532), and took Biggs EXP6 from f = 1.1·10⁻⁶, crawling at
/// ‖g‖ ≈ 10⁻⁵ after truncated Newton steps, to 4·10⁻¹¹. At n = 100 (Chebyquad) and n = 1000
/// (quartic, singular at the minimizer) full solves cost 1.5× and 500× the products, so larger n
/// keeps the forcing term. The boundary tolerance stays the forcing term at every n (tightening it
/// too cost the MGH problems 9 more evaluations).
///
/// The hard case with g exactly orthogonal to B's lowest eigenvector is invisible to a Krylov space
/// started at g; the step is then the best one in K_k (which the outer iteration accepts or shrinks).
///
/// - Complexity: one product with B per Lanczos step, O(k·n) to reorthogonalize against the stored
///   Lanczos vectors, O(k) for the tridiagonal subproblem; O(k·n) memory for the vectors (p = Q_kh).
///
/// Reference: N. I. M. Gould, S. Lucidi, M. Roma and Ph. L. Toint, "Solving the trust-region
/// subproblem using the Lanczos method", SIAM J. Optim. 9(2), 1999; A. R. Conn, N. I. M. Gould and
/// Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000, §7.5.4; F. Lenders, C. Kirches and A. Potschka,
/// "trlib: a vector-free implementation of the GLTR method for iterative solution of the trust region
/// problem", Optim. Methods Softw. 33(3), 2018 (the forcing terms).
public struct KrylovTrustRegionSolver: Sendable {
    /// The most Lanczos steps (products with B); nil: n.
    public var maxIterations: Int?
    /// Stop when ‖(B + λI)p + g‖ ≤ relativeTolerance·‖g‖; nil: the forcing terms above, min(0.5, ‖g‖)
    /// inside the region (10⁻⁸ when n ≤ `smallDimension`) and max(10⁻⁶, min(0.5, √‖g‖)) on its boundary.
    public var relativeTolerance: Double?

    /// The largest n whose interior steps are solved to 10⁻⁸ rather than to the forcing term (see above).
    public static let smallDimension = 50

    /// A solver with the given limits.
    public init(maxIterations: Int? = nil, relativeTolerance: Double? = nil) {
        if let m = maxIterations { precondition(m >= 1, "KrylovTrustRegionSolver: maxIterations must be at least 1, got \(m)") }
        if let t = relativeTolerance { precondition(t > 0 && t < 1, "KrylovTrustRegionSolver: relativeTolerance must be in (0, 1), got \(t)") }
        self.maxIterations = maxIterations
        self.relativeTolerance = relativeTolerance
    }

    /// Solves min gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ with products v ↦ Bv.
    ///
    /// - Parameters:
    ///   - gradient: g (any shape; the step has g's flat length).
    ///   - radius: Δ > 0.
    ///   - product: v ↦ B·v for a flat v; `nil` when the product is unavailable.
    /// - Returns: the step (λ and the model decrease are those of the Lanczos model), or `nil` when
    ///   g or a product is not finite or a product is unavailable.
    public func solve(gradient: Tensor, radius: Double, product: (Tensor) -> Tensor?) -> TrustRegionStep? {
        precondition(radius > 0, "KrylovTrustRegionSolver.solve: radius must be positive, got \(radius)")
        let g = gradient.flattened
        let n = g.count
        guard g.isFinite else { return nil }
        let gnorm = g.norm(.two)
        guard gnorm > 0 else {
            // No Krylov space: the zero step (a saddle with g = 0 is for a negative-curvature method).
            return TrustRegionStep(step: g, multiplier: 0, modelDecrease: 0, isOnBoundary: false, isHardCase: false, iterations: 0)
        }
        let interiorTolerance = (relativeTolerance ?? (n <= Self.smallDimension ? 1e-8 : Swift.min(0.5, gnorm))) * gnorm
        let boundaryTolerance = (relativeTolerance ?? Swift.max(1e-6, Swift.min(0.5, gnorm.squareRoot()))) * gnorm
        let limit = Swift.min(maxIterations ?? n, n)
        var basis: [Tensor] = [g * (1 / gnorm)]
        var alphas: [Double] = [], betas: [Double] = []
        var scale = 0.0
        var subproblem: TrustRegionStep! = nil
        for k in 0..<limit {
            guard var w = product(basis[k])?.flattened, w.count == n, w.isFinite else { return nil }
            let alpha = dot(basis[k], w)
            w.addScaled(basis[k], by: -alpha)
            if k > 0 { w.addScaled(basis[k - 1], by: -betas[k - 1]) }
            // Full reorthogonalization against the stored basis (O(kn), cheap beside a product): without
            // it, on ill-conditioned Hessians (Meyer's, κ ≈ 10²⁰) the basis loses orthogonality within a
            // few steps, T_k stops describing B, and the predicted decrease misleads the radius update.
            for q in basis { w.addScaled(q, by: -dot(q, w)) }
            let beta = w.norm(.two)
            alphas.append(alpha)
            scale = Swift.max(scale, Swift.abs(alpha), beta)
            var rhs = [Double](repeating: 0, count: k + 1)
            rhs[0] = gnorm
            subproblem = moreSorensenStep(SymmetricTridiagonal(diagonal: alphas, offDiagonal: betas), gradient: Tensor(rhs),
                                          radius: radius, boundaryTolerance: 1e-10, hardCaseTolerance: 1e-10, maxIterations: 60)
            let residual = beta * Swift.abs(subproblem.step.scalars[k])
            // β_k ≈ 0: K_k is invariant under B and p_k is the exact solution in it.
            let tolerance = subproblem.multiplier > 0 || subproblem.isOnBoundary ? boundaryTolerance : interiorTolerance
            if residual <= tolerance || beta <= 4 * Double.ulpOfOne * scale { break }
            betas.append(beta)
            basis.append(w * (1 / beta))
        }
        let h = subproblem.step.scalars
        var p = Tensor.zeros([n])
        for (j, coefficient) in h.enumerated() { p.addScaled(basis[j], by: coefficient) }
        return TrustRegionStep(step: p, multiplier: subproblem.multiplier, modelDecrease: subproblem.modelDecrease,
                               isOnBoundary: subproblem.isOnBoundary, isHardCase: subproblem.isHardCase, iterations: h.count)
    }
}
