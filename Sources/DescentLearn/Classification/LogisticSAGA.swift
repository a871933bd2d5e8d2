import DescentCore
import Foundation

extension BinaryLogisticProblem {
    /// SAGA for F written as (1/n) Σᵢ fᵢ + αρ‖w‖₁ with fᵢ(w, b) = n ωᵢ ℓᵢ(xᵢᵀw + b) + ½α(1 − ρ)‖w‖².
    /// A generalized linear model's component gradient is a scalar times xᵢ, so the memory is one
    /// scalar mᵢ = n ωᵢ(σ(zᵢ) − yᵢ) per row (not a d-vector, as the generic `saga` of
    /// DescentOptimize keeps) plus the mean ḡ = (1/n) Σ mᵢ xᵢ:
    ///
    ///     pick i;  m = n ωᵢ(σ(xᵢᵀw + b) − yᵢ);  v = (m − mᵢ) xᵢ + ḡ + α(1 − ρ) w;
    ///     w ← prox_{ηαρ‖·‖₁}(w − η v);  b ← b − η((m − mᵢ) + ḡ_b);  ḡ += (m − mᵢ) xᵢ / n;  mᵢ = m,
    ///
    /// visiting the rows in a fresh random order each epoch. The step is scikit-learn's
    /// η = 1/(2L + min(2nμ, L)) with L = maxᵢ n ωᵢ (‖xᵢ‖² + 1)/4 + μ and μ = α(1 − ρ).
    /// After each epoch the optimality violation of F is measured exactly (one pass over X);
    /// `iterations` counts epochs. For sparse rows without an L1 part the coefficients a row does
    /// not touch are updated lazily (see the code), so a step costs O(nnz of the row); otherwise
    /// each update costs O(d) (the mean and the prox touch every coefficient).
    ///
    /// Reference: A. Defazio, F. Bach and S. Lacoste-Julien, "SAGA", NeurIPS 2014; M. Schmidt,
    /// N. Le Roux and F. Bach, "Minimizing finite sums with the stochastic average gradient",
    /// Math. Program. 162, 2017 (the step size of scikit-learn's `sag_solver`).
    func saga(from w0: Tensor, _ b0: Double, tolerance: Double, maxIterations: Int, seed: UInt64) throws -> BinarySolution {
        var w = w0.scalars, b = b0
        let count = Double(n)
        let mu = alpha * (1 - rho), l1 = alpha * rho
        let largestWeight = omega.max() ?? 0
        let lipschitz = count * largestWeight * (x.maxRowSquaredNorm() + (fitIntercept ? 1 : 0)) / 4 + mu
        let eta = 1 / (2 * lipschitz + Swift.min(2 * count * mu, lipschitz))
        let threshold = eta * l1

        // The table at the start point, and its exact mean.
        let z0 = margins(Tensor(w), b)
        var memory = [Double](repeating: 0, count: n)
        for i in 0..<n { memory[i] = count * omega[i] * (sigmoid(z0.scalars[i]) - y[i]) }
        var mean = x.transposeTimes(Tensor(memory)).scalars.map { $0 / count }
        var meanB = 0.0
        for m in memory { meanB += m / count }

        // Sparse rows without an L1 part: lazy updates. Between two rows that touch column j, ḡ_j
        // is constant and each step maps w_j ↦ a·w_j − ηḡ_j (a = 1 − ημ), so k skipped steps are
        // applied at once when j is next needed: w_j ← aᵏw_j − ηḡ_j(1 − aᵏ)/(1 − a), with
        // aᵏ = exp(k·log1p(−ημ)) and (1 − aᵏ)/(1 − a) = −expm1(k·log1p(−ημ))/(ημ) (no cancellation
        // when ημ is tiny). A step then costs O(nnz of the row), not O(d).
        var isSparse = false
        if case .sparse = x { isSparse = true }
        let lazy = isSparse && l1 == 0
        var lastUpdate = [Int](repeating: 0, count: lazy ? d : 0)
        let logShrink = Foundation.log1p(-eta * mu)
        @inline(__always) func catchUp(_ j: Int, to step: Int, _ ws: UnsafeMutableBufferPointer<Double>,
                                       _ ms: UnsafeMutableBufferPointer<Double>) {
            let k = step - lastUpdate[j]
            guard k > 0 else { return }
            if mu == 0 {
                ws[j] -= eta * Double(k) * ms[j]
            } else {
                let kLog = Double(k) * logShrink
                ws[j] = Foundation.exp(kLog) * ws[j] + eta * ms[j] * Foundation.expm1(kLog) / (eta * mu)
            }
            lastUpdate[j] = step
        }

        var generator = SeededGenerator(seed: seed)
        var epoch = 0
        while true {
            let current = Tensor(w)
            let z = margins(current, b)
            if watchSeparation && separates(z) { throw ClassificationError.perfectSeparation(iteration: epoch) }
            let (_, r, _) = lossAndResidual(z, curvature: false)
            let measure = violation(current, gradient: smoothGradient(residual: r, current))
            if !measure.isFinite { return BinarySolution(w: current, b: b, violation: measure, termination: .nonFiniteValue, iterations: epoch) }
            if measure <= tolerance { return BinarySolution(w: current, b: b, violation: measure, termination: .convergedGradient, iterations: epoch) }
            if epoch >= maxIterations { return BinarySolution(w: current, b: b, violation: measure, termination: .iterationLimit, iterations: epoch) }
            epoch += 1
            if lazy {
                for (step, i) in generator.permutation(n).enumerated() {
                    let weight = count * omega[i]
                    w.withUnsafeMutableBufferPointer { ws in
                        mean.withUnsafeMutableBufferPointer { ms in
                            x.withRow(i) { idx, vals, nnz in
                                let idx = idx!
                                var zi = b
                                for p in 0..<nnz {
                                    let j = Int(idx[p])
                                    catchUp(j, to: step, ws, ms)
                                    zi += vals[p] * ws[j]
                                }
                                let m = weight * (sigmoid(zi) - y[i])
                                let change = m - memory[i]
                                memory[i] = m
                                let shrink = 1 - eta * mu
                                for p in 0..<nnz {
                                    let j = Int(idx[p])
                                    ws[j] = shrink * ws[j] - eta * (ms[j] + change * vals[p])
                                    ms[j] += change * vals[p] / count
                                    lastUpdate[j] = step + 1
                                }
                                if fitIntercept {
                                    b -= eta * (change + meanB)
                                    meanB += change / count
                                }
                            }
                        }
                    }
                }
                // Bring every coefficient to the end of the epoch, then restart the step count.
                w.withUnsafeMutableBufferPointer { ws in
                    mean.withUnsafeMutableBufferPointer { ms in
                        for j in 0..<d { catchUp(j, to: n, ws, ms) }
                    }
                }
                for j in 0..<d { lastUpdate[j] = 0 }
                continue
            }
            for i in generator.permutation(n) {
                let weight = count * omega[i]
                w.withUnsafeMutableBufferPointer { ws in
                    mean.withUnsafeMutableBufferPointer { ms in
                        x.withRow(i) { idx, vals, nnz in
                            var zi = b
                            if let idx {
                                for p in 0..<nnz { zi += vals[p] * ws[Int(idx[p])] }
                            } else {
                                for p in 0..<nnz { zi += vals[p] * ws[p] }
                            }
                            let m = weight * (sigmoid(zi) - y[i])
                            let change = m - memory[i]
                            memory[i] = m
                            // w ← w − η(ḡ + μw) over every coordinate, then the row's correction,
                            // then the mean's update and the prox.
                            let shrink = 1 - eta * mu
                            for j in 0..<d { ws[j] = shrink * ws[j] - eta * ms[j] }
                            if let idx {
                                for p in 0..<nnz {
                                    let j = Int(idx[p])
                                    ws[j] -= eta * change * vals[p]
                                    ms[j] += change * vals[p] / count
                                }
                            } else {
                                for p in 0..<nnz {
                                    ws[p] -= eta * change * vals[p]
                                    ms[p] += change * vals[p] / count
                                }
                            }
                            if threshold > 0 {
                                for j in 0..<d {
                                    let a = ws[j]
                                    ws[j] = a > threshold ? a - threshold : a < -threshold ? a + threshold : 0
                                }
                            }
                            if fitIntercept {
                                b -= eta * (change + meanB)
                                meanB += change / count
                            }
                        }
                    }
                }
            }
        }
    }
}

/// σ(z) = 1/(1 + e^{−z}), without overflow for large |z|.
@inline(__always)
func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
}
