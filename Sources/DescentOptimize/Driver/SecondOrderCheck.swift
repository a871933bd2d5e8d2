import DescentCore

/// How `minimize` classifies the point where it converged (see `StationaryPoint`).
///
/// Up to `denseDimensionLimit` variables the whole Hessian is formed (the objective's Hessian, or n
/// Hessian-vector products, one per column) and diagonalized by `SymmetricEigen`: O(n) products and
/// O(n³) flops, cheap beside a minimization in few variables. Beyond it, `lanczosIterations` Lanczos
/// steps on exact Hessian-vector products (or products with the objective's Hessian, formed once,
/// when it has no Hessian-vector product) estimate both ends of the spectrum; a Ritz value below −τ
/// certifies negative curvature whatever the convergence (its Ritz vector v has vᵀ∇²f v = θ < 0).
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, §2.1;
/// Golub & Van Loan, *Matrix Computations*, 4th ed., §10.1 (Lanczos).
public struct SecondOrderCheck: Sendable {
    /// Classify converged points at all. Default true (a no-op for objectives without second derivatives).
    public var isEnabled: Bool
    /// τ/‖∇²f‖₂: eigenvalues within this fraction of the largest |λ| count as zero. Default 1e-6:
    /// far above the rounding of an exact Hessian (≈ nε‖∇²f‖), below genuine weak curvature such as
    /// Biggs EXP6's saddle (|λmin| ≈ 8.7e-4‖∇²f‖) or Rosenbrock's minimum (λmin ≈ 4e-4‖∇²f‖).
    public var relativeTolerance: Double
    /// Form the dense Hessian up to this many variables; use Lanczos above. Default 200.
    public var denseDimensionLimit: Int
    /// Lanczos steps (Hessian-vector products) beyond the dense limit. Default 40.
    public var lanczosIterations: Int

    /// A check with the documented defaults unless given.
    public init(isEnabled: Bool = true, relativeTolerance: Double = 1e-6, denseDimensionLimit: Int = 200,
                lanczosIterations: Int = 40) {
        precondition(relativeTolerance >= 0 && relativeTolerance < 1,
                     "SecondOrderCheck: relativeTolerance must be in [0, 1), got \(relativeTolerance)")
        precondition(denseDimensionLimit >= 0, "SecondOrderCheck: denseDimensionLimit must be ≥ 0, got \(denseDimensionLimit)")
        precondition(lanczosIterations >= 1, "SecondOrderCheck: lanczosIterations must be ≥ 1, got \(lanczosIterations)")
        self.isEnabled = isEnabled
        self.relativeTolerance = relativeTolerance
        self.denseDimensionLimit = denseDimensionLimit
        self.lanczosIterations = lanczosIterations
    }

    /// The check switched off: every result reports `StationaryPoint.notChecked`.
    public static let off = SecondOrderCheck(isEnabled: false)

    /// The verdict at x, and a unit direction of negative curvature (shaped like x) when there is one.
    ///
    /// Evaluates through its own counting evaluator, so the check's cost is reported in the verdict and
    /// not mixed into the method's counts.
    func examine(_ objective: Objective, at x: Tensor) -> (verdict: StationaryPoint, direction: Tensor?) {
        let evaluator = ObjectiveEvaluator(objective)
        guard isEnabled, evaluator.hasSecondOrder else { return (.notChecked, nil) }
        let n = x.count
        let useLanczos = n > denseDimensionLimit && n >= 2
        func verdict(_ kind: StationaryPoint.Kind, _ low: Double?, _ high: Double?, _ tau: Double?) -> StationaryPoint {
            StationaryPoint(kind: kind, minEigenvalue: low, maxEigenvalue: high, tolerance: tau,
                            source: useLanczos ? .lanczos : .denseEigen, hessianEvaluations: evaluator.hessianEvaluations,
                            hessianVectorProductEvaluations: evaluator.hessianVectorProductEvaluations)
        }
        let low: Double, high: Double, vector: Tensor, converged: Bool
        if useLanczos {
            // Without a Hessian-vector product, form the objective's Hessian once and multiply by it
            // (the O(n³) eigendecomposition is what the dense limit avoids, not the matrix itself).
            let matrix = objective.hessianVectorProduct == nil ? evaluator.hessian(x)?.reshaped([n, n]) : nil
            let product = FunctionOperator(symmetric: n) { v in
                if let matrix { return matmul(matrix, v) }
                return evaluator.hessianVectorProduct(x, v.reshaped(x.shape))?.flattened ?? Tensor.zeros([n])
            }
            let options = IterativeOptions(tolerance: Swift.max(relativeTolerance, 1e-12), maxIterations: lanczosIterations)
            guard let pairs = try? lanczos(product, count: 2, which: .bothEnds, options: options),
                  pairs.eigenvalues.count == 2 else { return (verdict(.undetermined, nil, nil, nil), nil) }
            low = pairs.eigenvalues.scalars[0]
            high = pairs.eigenvalues.scalars[1]
            vector = pairs.eigenvectors.column(0)
            converged = pairs.isConverged
        } else {
            guard let hessian = denseHessian(evaluator, at: x), let eigen = try? SymmetricEigen(hessian) else {
                return (verdict(.undetermined, nil, nil, nil), nil)
            }
            low = eigen.eigenvalues.scalars.first ?? 0
            high = eigen.eigenvalues.scalars.last ?? 0
            vector = n > 0 ? eigen.eigenvectors.column(0) : Tensor.zeros([0])
            converged = true
        }
        let tau = relativeTolerance * Swift.max(Swift.abs(low), Swift.abs(high))
        var kind = StationaryPoint.kind(minEigenvalue: low, maxEigenvalue: high, tolerance: tau)
        // An unconverged Lanczos run proves negative curvature when it finds it, but nothing otherwise.
        if !converged && kind != .saddle && kind != .maximum { kind = .undetermined }
        let point = verdict(kind, low, high, tau)
        return (point, point.hasNegativeCurvature ? vector.reshaped(x.shape) : nil)
    }

    /// The symmetrized n × n Hessian (H + Hᵀ)/2 from the objective's Hessian, else from n products
    /// with the unit vectors; `nil` when neither exists.
    private func denseHessian(_ evaluator: ObjectiveEvaluator, at x: Tensor) -> Tensor? {
        let n = x.count
        var hessian: Tensor
        if let h = evaluator.hessian(x) {
            hessian = h.reshaped([n, n])
        } else {
            hessian = Tensor.zeros([n, n])
            for j in 0..<n {
                var unit = Tensor.zeros([n])
                unit[j] = 1
                guard let column = evaluator.hessianVectorProduct(x, unit.reshaped(x.shape))?.scalars else { return nil }
                for i in 0..<n { hessian[i, j] = column[i] }
            }
        }
        return (hessian + hessian.transposed) * 0.5
    }
}
