import DescentCore
import DescentOptimize
import Foundation

/// Multinomial (softmax) logistic regression as scikit-learn's multinomial `LogisticRegression`
/// defines it: for k classes, coefficients W (k × d) and unpenalized intercepts b (k) minimize
///
///     C Σᵢ sᵢ [log Σ_c e^{z_ic} − z_{i,yᵢ}] + ½‖W‖²_F,    zᵢ = W xᵢ + b,
///
/// (without the ½‖W‖²_F term for `.none`). Probabilities are the softmax pᵢ_c = e^{z_ic} / Σ e^{z_ic'}.
/// Adding a constant to every intercept leaves the probabilities unchanged, so the fitted
/// intercepts are reported with Σ_c b_c = 0 (where scikit-learn's L-BFGS, started at 0, ends too);
/// without a penalty the coefficient columns are centred the same way. With L2 the optimum
/// already has Σ_c W_c = 0.
///
/// Without a penalty, classes that the fitted scores separate completely (every row's own class
/// strictly highest) have no maximum-likelihood estimate: `fit` then throws
/// `ClassificationError.perfectSeparation` instead of returning huge coefficients.
///
/// Labels are whole numbers naming the classes; the classes are the sorted distinct labels.
/// Convergence is judged like `LogisticRegression`'s: ‖∇‖∞ of the objective divided by C·S ≤ `tolerance`.
///
/// Reference: scikit-learn User Guide §1.1.11.3 "Multinomial case"; C. M. Bishop, *Pattern
/// Recognition and Machine Learning*, 2006, §4.3.4.
public struct SoftmaxRegression: Sendable, Hashable {
    /// The regularizer of W.
    public enum Penalty: String, Sendable, Hashable, CaseIterable {
        /// No penalty: maximum likelihood.
        case none
        /// ½‖W‖²_F.
        case l2
    }

    /// The algorithm.
    public enum Solver: String, Sendable, Hashable, CaseIterable {
        /// Limited-memory BFGS (memory 10, strong Wolfe).
        case lbfgs
        /// Newton-CG: conjugate gradient on exact products with the multinomial Hessian,
        /// H·V = TᵀX + αV with Tᵢ = ωᵢ(pᵢ ∘ uᵢ − pᵢ(pᵢᵀuᵢ)) and U = X Vᵀ (+ the intercepts' direction).
        case newtonCG = "newton-cg"
    }

    /// The regularizer (default `.l2`).
    public var penalty: Penalty
    /// The inverse regularization strength C > 0 (default 1).
    public var c: Double
    /// Whether to fit the intercepts (default true).
    public var fitIntercept: Bool
    /// The algorithm (default L-BFGS, as scikit-learn).
    public var solver: Solver
    /// Tolerance on ‖∇‖∞ of the scaled objective (default 1e-4).
    public var tolerance: Double
    /// The iteration limit (default 1000).
    public var maxIterations: Int

    /// A configuration; nothing is checked until `fit`.
    public init(penalty: Penalty = .l2, c: Double = 1, fitIntercept: Bool = true, solver: Solver = .lbfgs,
                tolerance: Double = 1e-4, maxIterations: Int = 1000) {
        self.penalty = penalty
        self.c = c
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Fits dense data. `y` holds whole-number class labels (at least two distinct).
    /// - Throws: `ClassificationError` for non-finite values, mismatched shapes, a label that is not
    ///   a whole number, a single class, bad weights or settings.
    /// - Complexity: per iteration O(n·d·k).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedSoftmaxRegression {
        guard x.rank == 2 else {
            throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "y", secondShape: y.shape)
        }
        return try fit(.dense(x), y, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    /// Fits CSR sparse data (the same answer as the dense fit).
    public func fit(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedSoftmaxRegression {
        try fit(.sparse(x), y, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    func fit(_ x: DesignMatrix, _ y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws -> FittedSoftmaxRegression {
        if penalty == .l2 {
            guard c > 0 && c.isFinite else { throw ClassificationError.invalidParameter(name: "C", value: c, requirement: "positive and finite") }
        }
        guard tolerance > 0 && tolerance.isFinite else {
            throw ClassificationError.invalidParameter(name: "tolerance", value: tolerance, requirement: "positive and finite")
        }
        guard maxIterations >= 1 else {
            throw ClassificationError.invalidParameter(name: "maxIterations", value: Double(maxIterations), requirement: "at least 1")
        }
        let data = try ClassificationData(x: x, labels: y, sampleWeights: sampleWeights, columnNames: columnNames)
        let (classes, index) = try data.classIndices()
        let problem = SoftmaxProblem(x: x, classIndex: index, classCount: classes.count, omega: data.weights,
                                     alpha: penalty == .l2 ? 1 / (c * data.totalWeight) : 0, fitIntercept: fitIntercept)
        let objective = problem.objective()
        let start = Tensor.zeros([problem.parameterCount])
        let options = OptimizationOptions(gradientTolerance: tolerance, gradientNorm: .infinity, maxIterations: maxIterations)
        let result: OptimizationResult
        switch solver {
        case .lbfgs: result = try minimize(objective, from: start, using: LBFGS(memory: 10), options: options)
        case .newtonCG: result = try minimize(objective, from: start, using: NewtonCG(), options: options)
        }
        var (w, b) = problem.unpacked(result.minimizer)
        if penalty == .none && problem.separates(problem.scores(w, b)) {
            // Every row's own class scores strictly highest: scaling (W, b) up drives the loss to
            // 0, so no maximum-likelihood estimate exists, whatever the gradient test said.
            throw ClassificationError.perfectSeparation(iteration: result.iterations)
        }
        // Identifiability: shift so the intercepts (and, without a penalty, each coefficient
        // column) sum to zero over the classes; the probabilities do not change.
        let k = classes.count, d = x.columns
        if fitIntercept {
            let meanB = b.sum() / Double(k)
            b = b.map { $0 - meanB }
        }
        if penalty == .none {
            w.scalars.withUnsafeMutableBufferPointer { ws in
                for j in 0..<d {
                    var mean = 0.0
                    for c in 0..<k { mean += ws[c * d + j] }
                    mean /= Double(k)
                    for c in 0..<k { ws[c * d + j] -= mean }
                }
            }
        }
        let scale = penalty == .l2 ? c * data.totalWeight : data.totalWeight
        return FittedSoftmaxRegression(configuration: self, classes: classes, coefficients: w, intercepts: b,
                                       columnNames: columnNames, objective: scale * result.minimum,
                                       optimalityViolation: result.gradientNorm, termination: result.termination,
                                       iterations: result.iterations)
    }
}

/// The scaled multinomial objective F(W, b) = Σᵢ ωᵢ [logsumexp(zᵢ) − z_{i,yᵢ}] + (α/2)‖W‖²_F over
/// θ = [W (row-major k × d); b (k)], with ∇_W = Rᵀ X + αW, ∇_b = Σᵢ Rᵢ for Rᵢ_c = ωᵢ(pᵢ_c − [yᵢ = c]),
/// and Hessian-vector products for Newton-CG.
struct SoftmaxProblem {
    let x: DesignMatrix
    let classIndex: [Int]
    let classCount: Int
    let omega: [Double]
    let alpha: Double
    let fitIntercept: Bool

    var n: Int { x.rows }
    var d: Int { x.columns }
    var parameterCount: Int { classCount * d + (fitIntercept ? classCount : 0) }

    func unpacked(_ theta: Tensor) -> (w: Tensor, b: Tensor) {
        let k = classCount
        let w = Tensor(shape: [k, d], scalars: Array(theta.scalars[0..<(k * d)]))
        let b = fitIntercept ? Tensor(Array(theta.scalars[(k * d)...])) : Tensor.zeros([k])
        return (w, b)
    }

    /// Z = X Wᵀ + 1bᵀ (n × k).
    func scores(_ w: Tensor, _ b: Tensor) -> Tensor {
        var z = x.timesTransposed(w)
        if fitIntercept {
            let k = classCount
            z.scalars.withUnsafeMutableBufferPointer { zs in
                for i in 0..<n { for c in 0..<k { zs[i * k + c] += b.scalars[c] } }
            }
        }
        return z
    }

    /// Whether every row of positive weight has its own class strictly above every other score.
    func separates(_ z: Tensor) -> Bool {
        let k = classCount
        for i in 0..<n where omega[i] > 0 {
            let own = z.scalars[i * k + classIndex[i]]
            for c in 0..<k where c != classIndex[i] && !(z.scalars[i * k + c] < own) { return false }
        }
        return true
    }

    /// The loss Σ ωᵢ CEᵢ and the softmax probabilities P (n × k), stable by subtracting each row's max.
    func lossAndProbabilities(_ z: Tensor) -> (loss: Double, p: Tensor) {
        let k = classCount
        var total = 0.0
        let p = Tensor(shape: [n, k], unsafeUninitialized: { out in
            z.scalars.withUnsafeBufferPointer { zs in
                for i in 0..<n {
                    let row = zs.baseAddress! + i * k
                    var top = row[0]
                    for c in 1..<k { top = Swift.max(top, row[c]) }
                    var sum = 0.0
                    for c in 0..<k { let e = Foundation.exp(row[c] - top); out[i * k + c] = e; sum += e }
                    for c in 0..<k { out[i * k + c] /= sum }
                    if omega[i] != 0 { total += omega[i] * (top + Foundation.log(sum) - row[classIndex[i]]) }
                }
            }
        })
        return (total, p)
    }

    /// Gradient of F at θ given P: R = ω ∘ (P − Y), ∇_W = RᵀX + αW, ∇_b = column sums of R.
    func gradient(probabilities p: Tensor, _ w: Tensor, residualShift subtractLabels: Bool) -> Tensor {
        let k = classCount
        var r = p
        r.scalars.withUnsafeMutableBufferPointer { rs in
            for i in 0..<n {
                if subtractLabels { rs[i * k + classIndex[i]] -= 1 }
                for c in 0..<k { rs[i * k + c] *= omega[i] }
            }
        }
        return packedGradient(r, w)
    }

    func packedGradient(_ r: Tensor, _ w: Tensor) -> Tensor {
        let k = classCount
        var gw = x.transposedTimes(matrix: r)
        if alpha > 0 { gw.addScaled(w, by: alpha) }
        var out = gw.scalars
        if fitIntercept {
            var gb = [Double](repeating: 0, count: k)
            for i in 0..<n { for c in 0..<k { gb[c] += r.scalars[i * k + c] } }
            out += gb
        }
        return Tensor(out)
    }

    func objective() -> Objective {
        let k = classCount
        return Objective(
            valueAndGradient: { theta in
                let (w, b) = unpacked(theta)
                let (lossValue, p) = lossAndProbabilities(scores(w, b))
                return (lossValue + 0.5 * alpha * w.squaredNorm(), gradient(probabilities: p, w, residualShift: true))
            },
            value: { theta in
                let (w, b) = unpacked(theta)
                return lossAndProbabilities(scores(w, b)).loss + 0.5 * alpha * w.squaredNorm()
            },
            hessianVectorProduct: { theta, v in
                // H v: with U = X Vᵀ + 1 v_bᵀ, Tᵢ = ωᵢ(pᵢ ∘ uᵢ − pᵢ (pᵢᵀuᵢ)); H v = [TᵀX + αV; Σᵢ Tᵢ].
                let (w, b) = unpacked(theta)
                let (_, p) = lossAndProbabilities(scores(w, b))
                let (vw, vb) = unpacked(v)
                let u = scores(vw, vb)
                var t = Tensor.zeros([n, k])
                t.scalars.withUnsafeMutableBufferPointer { ts in
                    for i in 0..<n {
                        var inner = 0.0
                        for c in 0..<k { inner += p.scalars[i * k + c] * u.scalars[i * k + c] }
                        for c in 0..<k { ts[i * k + c] = omega[i] * p.scalars[i * k + c] * (u.scalars[i * k + c] - inner) }
                    }
                }
                return packedGradient(t, vw)
            })
    }
}
