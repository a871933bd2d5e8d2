// The least-squares problem that sections 2, 5 and 6 of the tour share: diabetes, standardized.
import DescentCore
import DescentLearn
import DescentOptimize

/// The diabetes data (442 patients, 10 features) as the tour's least-squares problems use it: every
/// feature standardized to mean 0 and variance 1 (so that the coefficients are comparable and XᵀX/n
/// is the correlation matrix) and the target centred (so that no intercept is needed:
/// min_w ‖y − Xw‖² has the same w as the problem with an intercept).
struct StandardizedDiabetes {
    /// The standardized `[n, d]` features Z.
    let features: Tensor
    /// The centred target y − ȳ.
    let target: Tensor
    /// The feature names ("age", "sex", "bmi", …).
    let names: [String]
    /// Eigenvalues of ZᵀZ in increasing order.
    let gramEigenvalues: [Double]

    var rows: Int { features.shape[0] }
    var columns: Int { features.shape[1] }
    /// κ(ZᵀZ) = λmax/λmin.
    var conditionNumber: Double { gramEigenvalues[gramEigenvalues.count - 1] / gramEigenvalues[0] }

    init() throws {
        let data = Dataset.diabetes
        features = try StandardScaler(fitting: data.features, columnNames: data.columnNames).transform(data.features)
        target = data.target - data.target.mean()
        names = data.columnNames
        gramEigenvalues = try SymmetricEigen(features.gram).eigenvalues.scalars
    }

    /// The columns `indices` of Z, as an `[n, indices.count]` matrix.
    func columns(_ indices: [Int]) -> Tensor {
        Tensor(rows: rows, columns: indices.count) { i, j in features[i, indices[j]] }
    }
}

/// Gradient descent with the constant step 1/L on the ridge objective f(w) = ½‖y − Xw‖² + ½α‖w‖²
/// (α = 0: least squares), L = λmax(XᵀX) + α, from w₀ = 0, through `minimize`.
///
/// On this quadratic each eigencomponent of the error w_k − w* shrinks by (1 − (λᵢ + α)/L) per
/// step, so the slowest one, along λmin, shrinks by 1 − 1/κ with κ = (λmax + α)/(λmin + α):
/// ‖w_k − w*‖ ≤ (1 − 1/κ)ᵏ‖w*‖ and f(w_k) − f* ≤ (1 − 1/κ)²ᵏ(f(0) − f*).
struct QuadraticGradientDescent {
    let x: Tensor
    let y: Tensor
    let alpha: Double
    /// λmax(XᵀX), known from the caller's eigendecomposition.
    let largestEigenvalue: Double

    var objective: Objective {
        Objective(valueAndGradient: { [x, y, alpha] w in
            let r = matmul(x, w) - y
            var g = matmul(x, r, transposeA: true)
            if alpha != 0 { g.addScaled(w, by: alpha) }
            return (0.5 * r.squaredNorm() + 0.5 * alpha * w.squaredNorm(), g)
        })
    }

    /// Runs until ‖∇f‖∞ ≤ `gradientTolerance`·‖∇f(0)‖∞ (or `maxIterations`), recording the trace.
    func run(gradientTolerance: Double, maxIterations: Int) throws -> OptimizationResult {
        let scale = matmul(x, y, transposeA: true).norm(.infinity)
        let options = OptimizationOptions(gradientTolerance: gradientTolerance * scale, maxIterations: maxIterations,
                                          storeTrace: true, secondOrderCheck: .off)
        return try minimize(objective, from: Tensor.zeros([x.shape[1]]),
                            using: GradientDescent(lineSearch: FixedStep(1 / (largestEigenvalue + alpha))), options: options)
    }

    /// The number of iterations until ‖w_k − w*‖ ≤ `accuracy`·‖w*‖ (nil if `maxIterations` pass first).
    func iterations(toReach solution: Tensor, accuracy: Double, maxIterations: Int) throws -> Int? {
        let target = accuracy * solution.norm()
        var reached: Int?
        let options = OptimizationOptions(gradientTolerance: 0, maxIterations: maxIterations, traceIncludesX: true,
                                          callback: { entry in
                                              guard let w = entry.x, (w - solution).norm() <= target else { return .proceed }
                                              reached = entry.iteration
                                              return .stop
                                          }, secondOrderCheck: .off)
        _ = try minimize(objective, from: Tensor.zeros([x.shape[1]]),
                         using: GradientDescent(lineSearch: FixedStep(1 / (largestEigenvalue + alpha))), options: options)
        return reached
    }
}
