import DescentCore

extension BinaryLogisticProblem {
    /// Newton's method (IRLS) for a smooth penalty: solve (Xᵀ diag(h) X + α I) Δw + (Xᵀh) Δb = −∇_w,
    /// (Xᵀh)ᵀ Δw + (Σh) Δb = −∂_b by Cholesky, then backtrack on F. Quadratic convergence near the
    /// optimum; each iteration costs O(n·d²) for the Hessian and O(d³) for the factorization.
    /// A Hessian that is singular to working precision (collinear columns without a penalty) is
    /// shifted by 10⁻¹⁰·max diag, then more, before the method reports a breakdown.
    ///
    /// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2006, §3.4 and §6.5;
    /// T. Hastie, R. Tibshirani and J. Friedman, *The Elements of Statistical Learning*, §4.4.1.
    func newton(from w0: Tensor, _ b0: Double, tolerance: Double, maxIterations: Int) throws -> BinarySolution {
        var w = w0, b = b0
        var k = 0
        while true {
            let z = margins(w, b)
            if watchSeparation && separates(z) { throw ClassificationError.perfectSeparation(iteration: k) }
            let (lossValue, r, h) = lossAndResidual(z, curvature: true)
            let g = smoothGradient(residual: r, w)
            let measure = violation(w, gradient: g)
            if !measure.isFinite { return BinarySolution(w: w, b: b, violation: measure, termination: .nonFiniteGradient, iterations: k) }
            if measure <= tolerance { return BinarySolution(w: w, b: b, violation: measure, termination: .convergedGradient, iterations: k) }
            if k >= maxIterations { return BinarySolution(w: w, b: b, violation: measure, termination: .iterationLimit, iterations: k) }
            k += 1
            let p = d + (fitIntercept ? 1 : 0)
            let hessian = newtonHessian(curvature: h!)
            var rhs = g.w.scalars.map { -$0 }
            if fitIntercept { rhs.append(-g.b) }
            guard let step = solveShifted(hessian, Tensor(rhs), order: p) else {
                return BinarySolution(w: w, b: b, violation: measure, termination: .breakdown, iterations: k - 1)
            }
            let dw = Tensor(Array(step.scalars[0..<d]))
            let db = fitIntercept ? step.scalars[d] : 0
            var dz = x.times(dw)
            if db != 0 { dz.scalars.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] += db } } }
            let decrease = -dot(step, Tensor(rhs))
            let f0 = lossValue + penalty(w)
            guard let (t, _) = backtrack(z: z, dz: dz, w: w, dw: dw, f0: f0, decrease: decrease, sufficient: 1e-4) else {
                return BinarySolution(w: w, b: b, violation: measure, termination: .lineSearchFailed, iterations: k - 1)
            }
            w.addScaled(dw, by: t)
            b += t * db
        }
    }

    /// The p × p Hessian of F (p = d, or d + 1 with the intercept last):
    /// [Xᵀ diag(h) X + α(1 − ρ)I, Xᵀh; (Xᵀh)ᵀ, Σh].
    /// Dense X is read in blocks of rows, each scaled by h and multiplied with one BLAS dgemm, so
    /// no second n × d copy is ever alive; sparse X adds the outer products of each row's
    /// non-zeros, O(Σᵢ nnzᵢ²).
    func newtonHessian(curvature h: Tensor) -> Tensor {
        let p = d + (fitIntercept ? 1 : 0)
        var xtdx = Tensor.zeros([d, d])
        switch x {
        case .dense(let matrix):
            let block = 2048
            var start = 0
            while start < n {
                let end = Swift.min(start + block, n)
                let rows = matrix.slice(rows: start..<end)
                let scaled = matrix.scalars.withUnsafeBufferPointer { xs in
                    h.scalars.withUnsafeBufferPointer { hs in
                        Tensor(shape: [end - start, d], unsafeUninitialized: { out in
                            for i in start..<end {
                                let hi = hs[i]
                                for j in 0..<d { out[(i - start) * d + j] = hi * xs[i * d + j] }
                            }
                        })
                    }
                }
                xtdx += matmul(rows, scaled, transposeA: true)
                start = end
            }
        case .sparse(let matrix):
            xtdx.scalars.withUnsafeMutableBufferPointer { hh in
                for i in 0..<n {
                    let hi = h.scalars[i]
                    guard hi != 0 else { continue }
                    let lo = matrix.rowOffsets[i], hiOffset = matrix.rowOffsets[i + 1]
                    for a in lo..<hiOffset {
                        let ja = Int(matrix.columnIndices[a]), va = hi * matrix.values[a]
                        for c in lo..<hiOffset { hh[ja * d + Int(matrix.columnIndices[c])] += va * matrix.values[c] }
                    }
                }
            }
        }
        let l2 = alpha * (1 - rho)
        var full = Tensor.zeros([p, p])
        let xth = fitIntercept ? x.transposeTimes(h) : Tensor.zeros([d])
        full.scalars.withUnsafeMutableBufferPointer { f in
            for i in 0..<d {
                for j in 0..<d { f[i * p + j] = xtdx.scalars[i * d + j] }
                f[i * p + i] += l2
                if fitIntercept {
                    f[i * p + d] = xth.scalars[i]
                    f[d * p + i] = xth.scalars[i]
                }
            }
            if fitIntercept { f[d * p + d] = h.sum() }
        }
        return full
    }

    /// Solves H s = rhs by Cholesky, shifting H by 10⁻¹⁰, 10⁻⁸, 10⁻⁶ × max diag when it is not
    /// numerically positive definite; nil when every attempt fails.
    func solveShifted(_ hessian: Tensor, _ rhs: Tensor, order p: Int) -> Tensor? {
        if let factor = try? Cholesky(hessian) { return factor.solve(rhs) }
        let scale = Swift.max((0..<p).map { hessian.scalars[$0 * p + $0] }.max() ?? 0, 1e-300)
        for shift in [1e-10, 1e-8, 1e-6] {
            var shifted = hessian
            shifted.scalars.withUnsafeMutableBufferPointer { s in for i in 0..<p { s[i * p + i] += shift * scale } }
            if let factor = try? Cholesky(shifted) { return factor.solve(rhs) }
        }
        return nil
    }
}
