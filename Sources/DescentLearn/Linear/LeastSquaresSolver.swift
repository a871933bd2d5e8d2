import DescentCore
import DescentOptimize

/// How ordinary least squares and ridge regression solve min ‖y − Xw‖² + α‖w‖² (X, y centred).
public enum LeastSquaresSolver: String, Sendable, CaseIterable, Codable {
    /// The normal equations (XᵀX + αI)w = Xᵀy by Cholesky: nd² flops to form XᵀX (BLAS `dsyrk`)
    /// plus d³/3 to factor; the fastest when n ≫ d, but κ(XᵀX) = κ(X)², so it loses twice the digits.
    /// A singular XᵀX is a typed error (`.singularNormalEquations`). Ridge's default (scikit-learn's
    /// "cholesky").
    case cholesky
    /// Householder QR of X (of [X; √α·I] for ridge), then Rw = Qᵀy: 2nd² − ⅔d³ flops; κ(X), not κ(X)².
    case qr
    /// The SVD X = UΣVᵀ, w = V·diag(σᵢ/(σᵢ² + α))·Uᵀy: the most robust; for OLS the minimum-norm
    /// least-squares answer when X is rank deficient (σᵢ ≤ ε·σ₁ count as 0, as SciPy's `lstsq`),
    /// also with more columns than rows. Ordinary least squares' default (scikit-learn uses `lstsq`).
    case svd
    /// Gradient descent with the constant step 1/L, L = λ_max(XᵀX) + α (by Lanczos): O(nd)
    /// per iteration and about κ·log(1/ε) iterations, κ = (λ_max + α)/(λ_min + α).
    case gradientDescent = "gradient-descent"
    /// L-BFGS through `minimize`: O(nd) per iteration, far fewer iterations than gradient descent.
    case lbfgs

    /// Whether this solver is iterative (its fit reports iterations and the driver's termination).
    public var isIterative: Bool { self == .gradientDescent || self == .lbfgs }
}

/// The closed-form and iterative solvers of min ‖y − Xw‖² + α‖w‖² on centred data.
enum PenalizedLeastSquares {
    struct Solution {
        var coefficients: Tensor
        var termination: Termination
        var iterations: Int
        var conditionNumber: Double?
        var rank: Int?
    }

    /// Solves for w; `tolerance` and `maxIterations` apply to the iterative solvers, whose stopping
    /// rule is ‖∇f(w)‖∞ ≤ tolerance·‖∇f(0)‖∞ for f(w) = ½‖y − Xw‖² + ½α‖w‖².
    static func solve(_ x: Tensor, _ y: Tensor, alpha: Double, solver: LeastSquaresSolver,
                      tolerance: Double, maxIterations: Int) throws -> Solution {
        let (n, d) = (x.shape[0], x.shape[1])
        switch solver {
        case .cholesky:
            return try solveNormalEquations(gram: x.gram, xty: matmul(x, y, transposeA: true), rows: n, alpha: alpha)
        case .qr:
            if alpha == 0 && d > n { throw LinearModelError.moreColumnsThanRows(rows: n, columns: d, solver: "QR") }
            var a = x, b = y
            if alpha != 0 {
                let root = alpha.squareRoot()
                a = Tensor.verticallyStacked([x, Tensor.identity(d) * root])
                b = Tensor.concatenate([y, Tensor.zeros([d])])
            }
            let qr = try QR(a)
            let sigma = try SVD(qr.r).singularValues
            let (largest, smallest) = (sigma.scalars.first ?? 0, sigma.scalars.last ?? 0)
            guard smallest > Double.ulpOfOne * Double(Swift.max(a.shape[0], d)) * largest else {
                throw LinearModelError.rankDeficient(columns: d, solver: "QR")
            }
            let w = upperTriangularSolve(qr.r, matmul(qr.q, b, transposeA: true))
            let kappa = largest / smallest
            return Solution(coefficients: w, termination: .solvedDirectly, iterations: 0, conditionNumber: kappa * kappa, rank: nil)
        case .svd:
            if alpha == 0 {
                // SciPy's lstsq (scikit-learn's LinearRegression) uses the cutoff rcond = ε.
                let solution = try LeastSquares(x, y, rcond: Double.ulpOfOne)
                let s = solution.singularValues.scalars
                let kappa = s.last.map { $0 > 0 ? (s[0] / $0) * (s[0] / $0) : .infinity } ?? 1
                return Solution(coefficients: solution.solution, termination: .solvedDirectly, iterations: 0,
                                conditionNumber: d > n ? .infinity : kappa, rank: solution.rank)
            }
            let svd = try SVD(x)
            let s = svd.singularValues.scalars
            // scikit-learn's _solve_svd keeps σ > 1e-15 and maps the rest to 0.
            let factors = Tensor(s.map { $0 > 1e-15 ? $0 / ($0 * $0 + alpha) : 0 })
            let uty = matmul(svd.u, y, transposeA: true)
            let w = matmul(svd.vt, uty * factors, transposeA: true)
            let smallest = d > n ? 0 : (s.last ?? 0)
            let kappa = ((s.first ?? 0) * (s.first ?? 0) + alpha) / (smallest * smallest + alpha)
            let rank = s.filter { $0 > Double.ulpOfOne * Double(Swift.max(n, d)) * (s.first ?? 0) }.count
            return Solution(coefficients: w, termination: .solvedDirectly, iterations: 0, conditionNumber: kappa, rank: rank)
        case .gradientDescent, .lbfgs:
            return try iterative(x, y, alpha: alpha, solver: solver, tolerance: tolerance, maxIterations: maxIterations)
        }
    }

    /// (XᵀX + αI)w = Xᵀy by Cholesky (LAPACK `dpotrf`/`dpotrs`), from XᵀX and Xᵀy of the centred
    /// data with `rows` rows; the condition number is estimated from the factor (`dpocon`).
    static func solveNormalEquations(gram: Tensor, xty: Tensor, rows n: Int, alpha: Double) throws -> Solution {
        let d = xty.count
        if alpha == 0 && d > n { throw LinearModelError.moreColumnsThanRows(rows: n, columns: d, solver: "normal equations (Cholesky)") }
        var a = gram
        if alpha != 0 { for j in 0..<d { a.scalars[j * d + j] += alpha } }
        let factor: Cholesky
        do { factor = try Cholesky(a) } catch let LinearAlgebraError.notPositiveDefinite(_, minor) {
            throw LinearModelError.singularNormalEquations(leadingMinor: minor, columns: d)
        }
        let rcond = factor.reciprocalConditionEstimate()
        // dpotrf succeeds on matrices singular only by rounding; a solve there has no correct digit.
        if alpha == 0 && rcond < Double.ulpOfOne {
            throw LinearModelError.singularNormalEquations(leadingMinor: d, columns: d)
        }
        return Solution(coefficients: factor.solve(xty), termination: .solvedDirectly, iterations: 0,
                        conditionNumber: 1 / rcond, rank: nil)
    }

    /// f(w) = ½‖y − Xw‖² + ½α‖w‖² (half sklearn's ridge objective: same minimizer) by `minimize`.
    private static func iterative(_ x: Tensor, _ y: Tensor, alpha: Double, solver: LeastSquaresSolver,
                                  tolerance: Double, maxIterations: Int) throws -> Solution {
        let d = x.shape[1]
        let xty = matmul(x, y, transposeA: true)
        let objective = Objective(valueAndGradient: { w in
            let r = matmul(x, w) - y
            var g = matmul(x, r, transposeA: true)
            if alpha != 0 { g.addScaled(w, by: alpha) }
            return (0.5 * r.squaredNorm() + 0.5 * alpha * w.squaredNorm(), g)
        })
        // ∇f(0) = −Xᵀy: the tolerance is relative to it, so it does not depend on the units of y.
        let scale = Swift.max(xty.norm(.infinity), Double.leastNormalMagnitude)
        let options = OptimizationOptions(gradientTolerance: tolerance * scale, maxIterations: maxIterations)
        let start = Tensor.zeros([d])
        let result: OptimizationResult
        switch solver {
        case .gradientDescent:
            let lipschitz = try largestEigenvalueOfGram(x) + alpha
            result = try minimize(objective, from: start, using: GradientDescent(lineSearch: FixedStep(1 / lipschitz)), options: options)
        default:
            result = try minimize(objective, from: start, using: LBFGS(), options: options)
        }
        return Solution(coefficients: result.minimizer, termination: result.termination, iterations: result.iterations,
                        conditionNumber: nil, rank: nil)
    }

    /// An upper estimate of λ_max(XᵀX), the Lipschitz constant of ∇f, by Lanczos on v ↦ Xᵀ(Xv)
    /// (never forming XᵀX): the largest Ritz value θ plus its residual ‖Av − θv‖, which bounds the
    /// distance from θ to an eigenvalue (to 1 % of ‖XᵀX‖: a step 1 % short costs 1 % more iterations). A
    /// Krylov space of at most 30 vectors suffices even when the
    /// top eigenvalues cluster (as for random X with n ≫ d), where power iteration needs hundreds of
    /// products — more than gradient descent itself on a well-conditioned X.
    static func largestEigenvalueOfGram(_ x: Tensor) throws -> Double {
        let d = x.shape[1]
        let gram = FunctionOperator(symmetric: d) { v in matmul(x, matmul(x, v), transposeA: true) }
        let result = try lanczos(gram, count: 1, which: .largest,
                                 options: IterativeOptions(tolerance: 1e-2, maxIterations: Swift.min(d, 30), seed: 1))
        let theta = result.eigenvalues.scalars.last ?? 0, residual = result.residuals.scalars.last ?? 0
        return Swift.max(theta + residual, 0) * 1.001 + Double.leastNormalMagnitude
    }

    /// Solves R·w = b for the upper-triangular d × d leading block of R by back substitution.
    static func upperTriangularSolve(_ r: Tensor, _ b: Tensor) -> Tensor {
        let d = r.shape[1]
        var w = [Double](repeating: 0, count: d)
        for i in stride(from: d - 1, through: 0, by: -1) {
            var s = b.scalars[i]
            for j in (i + 1)..<d { s -= r.scalars[i * d + j] * w[j] }
            w[i] = s / r.scalars[i * d + i]
        }
        return Tensor(w)
    }
}
