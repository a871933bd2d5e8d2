import DescentCore
import Foundation

/// Where a binary solver stopped: the coefficients, the intercept, the optimality violation of
/// the scaled objective there, and why.
struct BinarySolution {
    var w: Tensor
    var b: Double
    var violation: Double
    var termination: Termination
    var iterations: Int
    /// The solver that produced it.
    var solver: LogisticRegression.Solver = .automatic
}

/// The objective every binary solver minimizes: scikit-learn's divided by C·S (S = Σ sᵢ),
///
///     F(w, b) = Σᵢ ωᵢ ℓᵢ(zᵢ) + α (ρ‖w‖₁ + ½(1 − ρ)‖w‖²),   ωᵢ = sᵢ/S,  α = 1/(C·S),
///     ℓᵢ(z) = log(1 + eᶻ) − yᵢ z,  zᵢ = xᵢᵀw + b,
///
/// with its derivatives: ∇_w = Xᵀr + α(1 − ρ)w and ∂_b = Σ rᵢ for rᵢ = ωᵢ(σ(zᵢ) − yᵢ), and the
/// Hessian of the loss Xᵀ diag(hᵢ) X with hᵢ = ωᵢ σ(zᵢ)(1 − σ(zᵢ)).
struct BinaryLogisticProblem {
    let x: DesignMatrix
    let y: [Double]
    let omega: [Double]
    let alpha: Double
    let rho: Double
    let fitIntercept: Bool
    /// The factor from F to scikit-learn's objective (C·S; S without a penalty).
    let objectiveScale: Double
    /// Without a penalty a separating hyperplane means no solution: watch for one.
    let watchSeparation: Bool
    /// X's columns as rows (`DesignMatrix.columnMajor`), when already made (a path shares them).
    var columns: DesignMatrix? = nil

    init(data: ClassificationData, labels: [Double], penalty: LogisticRegression.Penalty, c: Double, fitIntercept: Bool) {
        x = data.x
        y = labels
        omega = data.weights
        rho = penalty.l1Ratio
        alpha = penalty == .none ? 0 : 1 / (c * data.totalWeight)
        objectiveScale = penalty == .none ? data.totalWeight : c * data.totalWeight
        watchSeparation = penalty == .none
        self.fitIntercept = fitIntercept
    }

    var n: Int { x.rows }
    var d: Int { x.columns }

    /// z = Xw + b.
    func margins(_ w: Tensor, _ b: Double) -> Tensor {
        var z = x.times(w)
        if b != 0 {
            z.scalars.withUnsafeMutableBufferPointer { zs in for i in zs.indices { zs[i] += b } }
        }
        return z
    }

    /// Σ ωᵢ ℓᵢ(zᵢ), with log(1 + eᶻ) = max(z, 0) + log1p(e^{−|z|}) (no overflow).
    func loss(_ z: Tensor) -> Double {
        let e = exp(-abs(z))
        var total = 0.0
        z.scalars.withUnsafeBufferPointer { zs in
            e.scalars.withUnsafeBufferPointer { es in
                for i in 0..<zs.count where omega[i] != 0 {
                    total += omega[i] * (Swift.max(zs[i], 0) + Foundation.log1p(es[i]) - y[i] * zs[i])
                }
            }
        }
        return total
    }

    /// The loss, the residuals rᵢ = ωᵢ(σ(zᵢ) − yᵢ) and, when asked, the curvatures
    /// hᵢ = ωᵢσ(zᵢ)(1 − σ(zᵢ)); one exponential e^{−|z|} per row serves all three.
    func lossAndResidual(_ z: Tensor, curvature: Bool) -> (loss: Double, r: Tensor, h: Tensor?) {
        let e = exp(-abs(z))
        var total = 0.0
        var r = Tensor.zeros([n])
        var h = curvature ? Tensor.zeros([n]) : nil
        z.scalars.withUnsafeBufferPointer { zs in
            e.scalars.withUnsafeBufferPointer { es in
                y.withUnsafeBufferPointer { ys in
                    omega.withUnsafeBufferPointer { ws in
                        r.scalars.withUnsafeMutableBufferPointer { rs in
                            for i in 0..<zs.count where ws[i] != 0 {
                                let zi = zs[i], ei = es[i]
                                total += ws[i] * (Swift.max(zi, 0) + Foundation.log1p(ei) - ys[i] * zi)
                                let sigma = (zi >= 0 ? 1 : ei) / (1 + ei)
                                rs[i] = ws[i] * (sigma - ys[i])
                            }
                        }
                        if h != nil {
                            h!.scalars.withUnsafeMutableBufferPointer { hs in
                                for i in 0..<zs.count where ws[i] != 0 {
                                    // σ(1 − σ) = e/(1 + e)² with e = e^{−|z|}, symmetric in z.
                                    let ei = es[i]
                                    hs[i] = ws[i] * ei / ((1 + ei) * (1 + ei))
                                }
                            }
                        }
                    }
                }
            }
        }
        return (total, r, h)
    }

    /// α(ρ‖w‖₁ + ½(1 − ρ)‖w‖²).
    func penalty(_ w: Tensor) -> Double {
        guard alpha > 0 else { return 0 }
        var l1 = 0.0, l2 = 0.0
        for v in w.scalars { l1 += Swift.abs(v); l2 += v * v }
        return alpha * (rho * l1 + 0.5 * (1 - rho) * l2)
    }

    /// F(w, b).
    func objective(_ w: Tensor, _ b: Double) -> Double { loss(margins(w, b)) + penalty(w) }

    /// scikit-learn's objective C Σ sᵢℓᵢ + R(w) (Σ sᵢℓᵢ without a penalty).
    func sklearnObjective(_ w: Tensor, _ b: Double) -> Double { objectiveScale * objective(w, b) }

    /// The gradient of the smooth part (loss + L2 share of the penalty): (∇_w, ∂_b).
    func smoothGradient(residual r: Tensor, _ w: Tensor) -> (w: Tensor, b: Double) {
        var g = x.transposeTimes(r)
        if alpha > 0 && rho < 1 { g.addScaled(w, by: alpha * (1 - rho)) }
        return (g, fitIntercept ? r.sum() : 0)
    }

    /// The largest violation of the optimality conditions of F: |∂_b| and, per coefficient, the
    /// distance of 0 from the subdifferential (|g_j + αρ sign(w_j)| when w_j ≠ 0, max(|g_j| − αρ, 0)
    /// at 0), where g is the smooth gradient. For a smooth penalty it is ‖∇F‖∞.
    func violation(_ w: Tensor, gradient g: (w: Tensor, b: Double)) -> Double {
        let l1 = alpha * rho
        var worst = fitIntercept ? Swift.abs(g.b) : 0
        for (wj, gj) in zip(w.scalars, g.w.scalars) {
            let v = wj > 0 ? Swift.abs(gj + l1) : wj < 0 ? Swift.abs(gj - l1) : Swift.max(Swift.abs(gj) - l1, 0)
            worst = Swift.max(worst, v)
        }
        return worst
    }

    /// Whether z puts every row of positive weight strictly on its own side: a certificate that
    /// the classes are separable.
    func separates(_ z: Tensor) -> Bool {
        for i in 0..<n where omega[i] > 0 {
            let zi = z.scalars[i]
            if y[i] == 1 ? !(zi > 0) : !(zi < 0) { return false }
        }
        return true
    }

    /// When (w, b) ≠ 0 puts every row on its own side or on the hyperplane (ỹᵢzᵢ ≥ −τ with
    /// ỹ = 2y − 1 and τ = 10⁻¹⁰ maxᵢ(Σⱼ|x_ij w_j| + |b|), the rounding level of the margins) and
    /// some row strictly off it, the loss decreases without end along (w, b): a certificate of
    /// (quasi-complete) separation. Returns the number of rows on the hyperplane, or nil.
    func weaklySeparatedBoundaryRows(_ z: Tensor, _ w: Tensor, _ b: Double) -> Int? {
        // The scale of the margins: maxᵢ Σⱼ |x_ij w_j|, without forming |X|.
        var scale = 0.0
        switch x {
        case .dense(let matrix):
            let d = matrix.columns
            matrix.scalars.withUnsafeBufferPointer { xs in
                for i in 0..<n {
                    var s = 0.0
                    for j in 0..<d { s += Swift.abs(xs[i * d + j] * w.scalars[j]) }
                    scale = Swift.max(scale, s)
                }
            }
        case .sparse(let matrix):
            for i in 0..<n {
                var s = 0.0
                for p in matrix.rowOffsets[i]..<matrix.rowOffsets[i + 1] { s += Swift.abs(matrix.values[p] * w.scalars[Int(matrix.columnIndices[p])]) }
                scale = Swift.max(scale, s)
            }
        }
        let tau = 1e-10 * (scale + Swift.abs(b))
        guard tau > 0 else { return nil }
        var onBoundary = 0, strictlyInside = 0
        for i in 0..<n where omega[i] > 0 {
            let margin = (2 * y[i] - 1) * z.scalars[i]
            if margin < -tau { return nil }
            if margin <= tau { onBoundary += 1 } else { strictlyInside += 1 }
        }
        return strictlyInside > 0 ? onBoundary : nil
    }

    /// Rows classified with probability 1 to machine precision (|z| > 36.8, so σ rounds to 1).
    func saturatedRows(_ z: Tensor) -> Int {
        var count = 0
        for i in 0..<n where omega[i] > 0 {
            let zi = z.scalars[i]
            if (y[i] == 1 && zi > 36.8) || (y[i] == 0 && zi < -36.8) { count += 1 }
        }
        return count
    }

    /// The starting intercept: log(ȳ/(1 − ȳ)) for the weighted mean label ȳ (the optimum when w = 0).
    var initialIntercept: Double {
        guard fitIntercept else { return 0 }
        var mean = 0.0
        for i in 0..<n { mean += omega[i] * y[i] }
        mean = Swift.min(Swift.max(mean, 1e-12), 1 - 1e-12)
        return Foundation.log(mean / (1 - mean))
    }

    /// Runs a solver from `start` (default w = 0 and the intercept of the mean label).
    /// - Throws: `ClassificationError.perfectSeparation`, `.quasiCompleteSeparation` or
    ///   `.saturatedProbabilities` without a penalty.
    func solve(with solver: LogisticRegression.Solver, tolerance: Double, maxIterations: Int, seed: UInt64,
               start: (w: Tensor, b: Double)?) throws -> BinarySolution {
        let w0 = start?.w ?? Tensor.zeros([d])
        let b0 = start.map { fitIntercept ? $0.b : 0 } ?? initialIntercept
        var solution: BinarySolution
        switch solver {
        case .automatic where rho > 0:
            solution = try proximalNewton(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
        case .automatic:
            solution = try lbfgs(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
            solution.solver = .lbfgs
            // L-BFGS's line search cannot resolve F near a tight tolerance; Newton's quadratic
            // convergence finishes from there in a step or two (affordable up to 2000 columns).
            if solution.termination == .lineSearchFailed && d <= 2000 {
                let remaining = Swift.max(maxIterations - solution.iterations, 1)
                var finished = try newton(from: solution.w, solution.b, tolerance: tolerance, maxIterations: remaining)
                finished.iterations += solution.iterations
                finished.solver = .newton
                solution = finished
            }
        case .newton:
            solution = try newton(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
        case .lbfgs:
            solution = try lbfgs(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
        case .proximalNewton:
            solution = try proximalNewton(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
        case .fista:
            solution = try fista(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations)
        case .saga:
            solution = try saga(from: w0, b0, tolerance: tolerance, maxIterations: maxIterations, seed: seed)
        }
        if solution.solver == .automatic { solution.solver = solver }
        if watchSeparation {
            // A run that stopped at a separating hyperplane, even with a small gradient (which
            // separable data always reach as ‖w‖ grows), has no maximum-likelihood estimate.
            let z = margins(solution.w, solution.b)
            if separates(z) { throw ClassificationError.perfectSeparation(iteration: solution.iterations) }
            // Separable data reach any gradient tolerance as ‖w‖ grows without separating every
            // row yet; Newton's steps, which grow w geometrically along the separating direction,
            // tell the two apart in a few iterations. It checks every claimed convergence (up to
            // 2000 columns, where its Hessian stays affordable).
            if solution.termination.isConverged && solution.solver != .newton && d <= 2000 {
                _ = try newton(from: solution.w, solution.b, tolerance: tolerance * 1e-3, maxIterations: 50)
            }
            if let onBoundary = weaklySeparatedBoundaryRows(z, solution.w, solution.b) {
                throw ClassificationError.quasiCompleteSeparation(boundaryRows: onBoundary)
            }
            let saturated = saturatedRows(z)
            if saturated > 0 && !solution.termination.isConverged {
                throw ClassificationError.saturatedProbabilities(rows: saturated)
            }
        }
        return solution
    }

    /// The Armijo backtracking shared by the Newton-type solvers: the largest t = 2⁻ᵏ with
    /// F(t) ≤ F(0) + σ·t·decrease, where F(t) = loss(z + t·dz) + penalty(w + t·dw). Near the
    /// optimum the predicted decrease falls to the rounding level of F, where the test compares
    /// rounding errors: there the full step is taken (the local model is accurate).
    func backtrack(z: Tensor, dz: Tensor, w: Tensor, dw: Tensor, f0: Double, decrease: Double,
                   sufficient: Double) -> (t: Double, f: Double)? {
        let roundingLevel = 1e-15 * Swift.max(1, Swift.abs(f0))
        var t = 1.0
        for _ in 0..<40 {
            let zt = Tensor.scaledSum(t, dz, z)
            let wt = Tensor.scaledSum(t, dw, w)
            let ft = loss(zt) + penalty(wt)
            if ft <= f0 + sufficient * t * decrease { return (t, ft) }
            if -decrease <= roundingLevel && ft <= f0 + 4 * roundingLevel { return (t, ft) }
            t *= 0.5
        }
        return nil
    }

    /// The parameters as one vector [w; b] (b only with an intercept), for the generic methods.
    func packed(_ w: Tensor, _ b: Double) -> Tensor {
        fitIntercept ? Tensor(w.scalars + [b]) : Tensor(w.scalars)
    }

    func unpacked(_ theta: Tensor) -> (w: Tensor, b: Double) {
        fitIntercept ? (Tensor(Array(theta.scalars[0..<d])), theta.scalars[d]) : (Tensor(theta.scalars), 0)
    }
}

/// Set by an objective closure when it meets a separating hyperplane (penalty none); read by a
/// driver callback that then stops the run.
final class SeparationFlag {
    var found = false
}
