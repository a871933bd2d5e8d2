import DescentCore

/// The gradient and the exact Hessian of a fitted model's training objective at its solution, with
/// respect to θ = (coefficients, then intercepts), for the curvature report (`CurvatureReport`).
///
/// The objectives are scikit-learn's, as the models define them (X̃ = [X, 1], r = y − Xw − b):
///
/// | model | objective | ∇ | H |
/// |---|---|---|---|
/// | OLS | ½n⁻¹‖r‖² | −n⁻¹X̃ᵀr | n⁻¹X̃ᵀX̃ |
/// | ridge | ‖r‖² + α‖w‖² | −2X̃ᵀr + 2α(w, 0) | 2X̃ᵀX̃ + 2α·diag(1, …, 1, 0) |
/// | logistic | C Σ [log(1 + e^{zᵢ}) − yᵢzᵢ] + ½λ‖w‖² | C X̃ᵀ(p − y) + λ(w, 0) | C X̃ᵀ diag(p(1 − p)) X̃ + λ·diag(1, …, 1, 0) |
/// | softmax | C Σ [log Σ_c e^{z_ic} − z_{i,yᵢ}] + ½λ‖W‖²_F | C (P − Y)ᵀX̃ + λ(W, 0) | blocks C X̃ᵀ diag(p_a ∘ (δ_ab − p_b)) X̃ + λ·I on W |
///
/// with λ = 1 for the L2 penalty and 0 without one (the intercepts are never penalized). Lasso, elastic
/// net and logistic regression with an L1 part have no Hessian (‖w‖₁ is not differentiable at 0).
/// The softmax Hessian always has the eigenvalue 0 along the common shift of the intercepts (and,
/// without a penalty, of the coefficient columns), which leaves the probabilities unchanged.
///
/// Reference: scikit-learn User Guide §1.1.2 (ridge), §1.1.11 (logistic, multinomial); Bishop,
/// *Pattern Recognition and Machine Learning*, 2006, §4.3.3–4.3.4 (the logistic and softmax Hessians).
public struct ObjectiveDerivatives: Sendable {
    /// ∇ of the objective at θ, length m (coefficients row-major, then intercepts).
    public var gradient: Tensor
    /// The m × m Hessian at θ (symmetric).
    public var hessian: Tensor

    /// Derivatives from their parts.
    public init(gradient: Tensor, hessian: Tensor) {
        self.gradient = gradient
        self.hessian = hessian
    }

    /// c‖y − Xw − b‖² + α‖w‖²: OLS with c = 1/(2n), α = 0; ridge with c = 1 and its α.
    /// - Precondition: x is n × d, y has n entries, w has d.
    public static func leastSquares(x: Tensor, y: Tensor, coefficients w: Tensor, intercept b: Double,
                                    dataWeight c: Double, alpha: Double) -> ObjectiveDerivatives {
        let (n, d) = (x.shape[0], x.shape[1])
        precondition(y.count == n && w.count == d, "ObjectiveDerivatives.leastSquares: X \(x.shape), y \(y.shape), w \(w.shape) do not fit")
        let design = augmented(x)
        let residual = y.reshaped([n]) - matmul(design, Tensor(w.scalars + [b]))
        var gradient = matmul(design, residual, transposeA: true) * (-2 * c)
        var hessian = matmul(design, design, transposeA: true) * (2 * c)
        for j in 0..<d {
            gradient[j] += 2 * alpha * w.scalars[j]
            hessian[j, j] += 2 * alpha
        }
        return ObjectiveDerivatives(gradient: gradient, hessian: hessian)
    }

    /// Binary logistic regression: C Σ [log(1 + e^{zᵢ}) − yᵢzᵢ] + ½λ‖w‖², labels 0/1.
    /// - Parameters:
    ///   - x: the n × d design matrix (the intercept column is added here).
    ///   - y: the labels, 0 or 1.
    ///   - w: `coefficients`, the d fitted coefficients.
    ///   - p: `probabilities`, pᵢ = σ(zᵢ) at the solution (`FittedLogisticRegression.positiveProbabilities`).
    ///   - c: the inverse penalty strength C.
    ///   - lambda: `penaltyWeight`, λ (1 for L2, 0 for none).
    public static func logistic(x: Tensor, y: Tensor, coefficients w: Tensor, probabilities p: Tensor,
                                c: Double, penaltyWeight lambda: Double) -> ObjectiveDerivatives {
        let (n, d) = (x.shape[0], x.shape[1])
        precondition(y.count == n && p.count == n && w.count == d, "ObjectiveDerivatives.logistic: X \(x.shape), y \(y.shape), p \(p.shape), w \(w.shape) do not fit")
        let design = augmented(x)
        var gradient = matmul(design, (p.reshaped([n]) - y.reshaped([n])) * c, transposeA: true)
        let weights = p.scalars.map { c * $0 * (1 - $0) }
        var hessian = weightedGram(design, weights)
        for j in 0..<d {
            gradient[j] += lambda * w.scalars[j]
            hessian[j, j] += lambda
        }
        return ObjectiveDerivatives(gradient: gradient, hessian: hessian)
    }

    /// Multinomial regression: C Σ [log Σ_c e^{z_ic} − z_{i,yᵢ}] + ½λ‖W‖²_F, θ = (W row-major, b).
    /// - Parameters:
    ///   - x: the n × d design matrix (the intercept column is added here).
    ///   - labels: the class index (0..<k) of each row.
    ///   - w: `coefficients`, W, k × d.
    ///   - p: `probabilities`, P, n × k, at the solution.
    ///   - c: the inverse penalty strength C.
    ///   - lambda: `penaltyWeight`, λ (1 for L2, 0 for none).
    public static func softmax(x: Tensor, labels: [Int], coefficients w: Tensor, probabilities p: Tensor,
                               c: Double, penaltyWeight lambda: Double) -> ObjectiveDerivatives {
        let (n, d) = (x.shape[0], x.shape[1])
        let k = p.shape[1]
        precondition(labels.count == n && p.shape[0] == n && w.shape == [k, d],
                     "ObjectiveDerivatives.softmax: X \(x.shape), \(labels.count) labels, P \(p.shape), W \(w.shape) do not fit")
        let design = augmented(x)
        let m = k * (d + 1)
        // Position of (class a, feature j) in θ; j = d is the intercept.
        func index(_ a: Int, _ j: Int) -> Int { j < d ? a * d + j : k * d + a }
        var residual = p
        for i in 0..<n { residual[i, labels[i]] -= 1 }
        let block = matmul(residual, design, transposeA: true) * c   // k × (d + 1)
        var gradient = Tensor.zeros([m])
        for a in 0..<k {
            for j in 0...d { gradient[index(a, j)] = block[a, j] + (j < d ? lambda * w[a, j] : 0) }
        }
        var hessian = Tensor.zeros([m, m])
        for a in 0..<k {
            for b in a..<k {
                let weights = (0..<n).map { i in c * p[i, a] * ((a == b ? 1 : 0) - p[i, b]) }
                let gram = weightedGram(design, weights)
                for j in 0...d {
                    for l in 0...d {
                        hessian[index(a, j), index(b, l)] = gram[j, l]
                        hessian[index(b, l), index(a, j)] = gram[j, l]
                    }
                }
            }
            for j in 0..<d { hessian[index(a, j), index(a, j)] += lambda }
        }
        return ObjectiveDerivatives(gradient: gradient, hessian: hessian)
    }

    /// [X, 1].
    private static func augmented(_ x: Tensor) -> Tensor {
        let (n, d) = (x.shape[0], x.shape[1])
        var scalars = [Double](repeating: 1, count: n * (d + 1))
        for i in 0..<n {
            for j in 0..<d { scalars[i * (d + 1) + j] = x[i, j] }
        }
        return Tensor(shape: [n, d + 1], scalars: scalars)
    }

    /// Aᵀ diag(s) A by one GEMM on the scaled rows.
    private static func weightedGram(_ a: Tensor, _ s: [Double]) -> Tensor {
        let columns = a.shape[1]
        var scaled = a
        for i in 0..<a.shape[0] {
            for j in 0..<columns { scaled[i, j] *= s[i] }
        }
        return matmul(a, scaled, transposeA: true)
    }
}
