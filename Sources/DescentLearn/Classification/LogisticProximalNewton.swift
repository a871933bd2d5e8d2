import DescentCore

extension BinaryLogisticProblem {
    /// Proximal Newton (newGLMNET) for any penalty. Each outer iteration takes the quadratic model
    /// of the loss at (w, b) — gradient g = Xᵀr, curvature Xᵀ diag(h) X — and minimizes it plus
    /// the exact penalty by cyclic coordinate descent over a working set (the non-zero
    /// coefficients and those whose |g_j| exceeds the L1 threshold αρ), keeping q = XΔ current so
    /// each coordinate costs one pass over its column:
    ///
    ///     b_j = g_j + Σᵢ hᵢ x_ij qᵢ,   a_j = Σᵢ hᵢ x_ij²,
    ///     w_j + Δ_j ← S(a_j (w_j + Δ_j) − b_j, αρ) / (a_j + α(1 − ρ)),   S(u, τ) = sign(u) max(|u| − τ, 0),
    ///
    /// (the intercept is a coordinate with a = Σh and no penalty). The inner passes stop once no
    /// coordinate moves by more than a tenth of the outer violation; a backtracking line search on
    /// F with the predicted decrease D = gᵀΔ + P(w + Δ) − P(w) (σ = 0.01) then takes the step.
    /// Exact zeros come from the soft-threshold.
    ///
    /// Reference: G.-X. Yuan, C.-H. Ho and C.-J. Lin, "An improved GLMNET for L1-regularized
    /// logistic regression", JMLR 13, 2012; P. Tseng and S. Yun, Math. Program. 117, 2009;
    /// J. Friedman, T. Hastie and R. Tibshirani, "Regularization paths for generalized linear
    /// models via coordinate descent", J. Stat. Softw. 33, 2010.
    func proximalNewton(from w0: Tensor, _ b0: Double, tolerance: Double, maxIterations: Int) throws -> BinarySolution {
        let columns = self.columns ?? x.columnMajor()
        var w = w0, b = b0
        // The margins are carried from one iteration to the next (z ← z + t·q), so each outer
        // iteration reads X once, for the gradient Xᵀr.
        var z = margins(w, b)
        let l1 = alpha * rho, l2 = alpha * (1 - rho)
        var k = 0
        var q = [Double](repeating: 0, count: n)
        var delta = [Double](repeating: 0, count: d)
        while true {
            if watchSeparation && separates(z) { throw ClassificationError.perfectSeparation(iteration: k) }
            let (lossValue, r, curvature) = lossAndResidual(z, curvature: true)
            let h = curvature!
            let dataGradient = x.transposeTimes(r)
            let gb = fitIntercept ? r.sum() : 0
            var smooth = dataGradient
            if l2 > 0 { smooth.addScaled(w, by: l2) }
            let measure = violation(w, gradient: (smooth, gb))
            if !measure.isFinite { return BinarySolution(w: w, b: b, violation: measure, termination: .nonFiniteGradient, iterations: k) }
            if measure <= tolerance { return BinarySolution(w: w, b: b, violation: measure, termination: .convergedGradient, iterations: k) }
            if k >= maxIterations { return BinarySolution(w: w, b: b, violation: measure, termination: .iterationLimit, iterations: k) }
            k += 1

            let working = (0..<d).filter { j in w.scalars[j] != 0 || Swift.abs(dataGradient.scalars[j]) > l1 }
            var curvatureSums = [Double](repeating: 0, count: d)
            for j in working {
                curvatureSums[j] = columns.withRow(j) { idx, vals, count in
                    h.scalars.withUnsafeBufferPointer { hs in
                        var s = 0.0
                        if let idx {
                            for p in 0..<count { s += hs[Int(idx[p])] * vals[p] * vals[p] }
                        } else {
                            for i in 0..<count { s += hs[i] * vals[i] * vals[i] }
                        }
                        return s
                    }
                }
            }
            let hSum = h.sum()
            for i in 0..<n { q[i] = 0 }
            for j in 0..<d { delta[j] = 0 }
            var deltaB = 0.0
            let innerTolerance = 0.1 * measure
            for _ in 0..<100 {
                var largest = 0.0
                for j in working {
                    let a = curvatureSums[j]
                    let denominator = a + l2
                    guard denominator > 0 else { continue }
                    let coupling = columns.withRow(j) { idx, vals, count in
                        h.scalars.withUnsafeBufferPointer { hs in
                            q.withUnsafeBufferPointer { qs in
                                var s = 0.0
                                if let idx {
                                    for p in 0..<count { let i = Int(idx[p]); s += hs[i] * vals[p] * qs[i] }
                                } else {
                                    for i in 0..<count { s += hs[i] * vals[i] * qs[i] }
                                }
                                return s
                            }
                        }
                    }
                    let u = w.scalars[j] + delta[j]
                    let v = a * u - (dataGradient.scalars[j] + coupling)
                    let next = (v > l1 ? v - l1 : v < -l1 ? v + l1 : 0) / denominator
                    let step = next - u
                    guard step != 0 else { continue }
                    delta[j] += step
                    largest = Swift.max(largest, denominator * Swift.abs(step))
                    columns.withRow(j) { idx, vals, count in
                        q.withUnsafeMutableBufferPointer { qs in
                            if let idx {
                                for p in 0..<count { qs[Int(idx[p])] += step * vals[p] }
                            } else {
                                for i in 0..<count { qs[i] += step * vals[i] }
                            }
                        }
                    }
                }
                if fitIntercept && hSum > 0 {
                    var coupling = 0.0
                    for i in 0..<n { coupling += h.scalars[i] * q[i] }
                    let step = -(gb + coupling) / hSum
                    deltaB += step
                    for i in 0..<n { q[i] += step }
                    largest = Swift.max(largest, hSum * Swift.abs(step))
                }
                if largest <= innerTolerance { break }
            }
            // q = XΔw + Δb already: the margins' direction, with no product by X.
            let dw = Tensor(delta)
            let wNext = w + dw
            var decrease = deltaB * gb + penalty(wNext) - penalty(w)
            for j in working { decrease += dataGradient.scalars[j] * delta[j] }
            let dz = Tensor(q)
            let f0 = lossValue + penalty(w)
            // A predicted decrease that is not negative is a failure unless it is rounding (the
            // penalty difference of nearly equal points cancels): then `backtrack` decides on F.
            guard decrease < 1e-15 * Swift.max(1, Swift.abs(f0)),
                  let (t, _) = backtrack(z: z, dz: dz, w: w, dw: dw, f0: f0,
                                                       decrease: decrease, sufficient: 0.01) else {
                return BinarySolution(w: w, b: b, violation: measure, termination: .lineSearchFailed, iterations: k - 1)
            }
            if t == 1 { w = wNext } else { w.addScaled(dw, by: t) }
            b += t * deltaB
            z.addScaled(dz, by: t)
        }
    }
}
