import DescentCore
import Foundation

/// An objective that is an average of n components, f(θ) = (1/n) Σᵢ fᵢ(θ) — empirical risk — as
/// the stochastic methods see it: a mini-batch gradient and, optionally, the full value.
public struct FiniteSumProblem {
    /// The number of components n.
    public let count: Int
    /// (θ, B) ↦ (1/|B|) Σ_{i∈B} ∇fᵢ(θ), the average gradient over the indices B.
    public let gradient: (_ params: Tensor, _ indices: [Int]) -> Tensor
    /// θ ↦ f(θ), the full objective; when given, the methods record it once per epoch.
    public let value: ((_ params: Tensor) -> Double)?

    /// - Precondition: `count ≥ 1`.
    public init(count: Int, gradient: @escaping (_ params: Tensor, _ indices: [Int]) -> Tensor,
                value: ((_ params: Tensor) -> Double)? = nil) {
        precondition(count >= 1, "FiniteSumProblem: needs at least one component, got \(count)")
        self.count = count
        self.gradient = gradient
        self.value = value
    }

    /// ∇f(θ) = (1/n) Σᵢ ∇fᵢ(θ). Costs n component gradients.
    public func fullGradient(_ params: Tensor) -> Tensor {
        gradient(params, Array(0..<count))
    }

    /// Ridge least squares over the rows of `x`: fᵢ(w) = ½(xᵢᵀw − yᵢ)² + (λ/2)‖w‖², whose
    /// minimizer solves (XᵀX/n + λI)w = Xᵀy/n.
    /// - Throws: `LinearAlgebraError.nonFinite` if `x` or `y` holds NaN or ±∞.
    /// - Precondition: `x` is n × d and `y` has n elements.
    public static func leastSquares(x: Tensor, y: Tensor, l2: Double = 0) throws -> FiniteSumProblem {
        try validate(x, y, "leastSquares")
        return FiniteSumProblem(count: x.rows, gradient: { w, indices in
            if indices.count == 1 {
                return singleRowGradient(x, row: indices[0], w, l2: l2) { z in z - y.scalars[indices[0]] }
            }
            let xb = isAllRows(indices, x.rows) ? x : x.gatherRows(indices)
            let residual = matmul(xb, w) - (isAllRows(indices, x.rows) ? y : y.gatherRows(indices))
            return Tensor.scaledSum(l2, w, matmul(xb, residual, transposeA: true) / Double(indices.count))
        }, value: { w in
            let residual = matmul(x, w) - y
            return 0.5 * residual.squaredNorm() / Double(x.rows) + 0.5 * l2 * w.squaredNorm()
        })
    }

    /// L2-regularized logistic regression with labels yᵢ ∈ {0, 1}:
    /// fᵢ(w) = log(1 + e^{zᵢ}) − yᵢzᵢ + (λ/2)‖w‖² with zᵢ = xᵢᵀw; ∇fᵢ = (σ(zᵢ) − yᵢ)xᵢ + λw.
    /// (scikit-learn's `C` corresponds to λ = 1/(n·C).)
    /// - Throws: `LinearAlgebraError.nonFinite` for NaN/±∞ data, `LinearAlgebraError.unsupported`
    ///   naming the first label that is not 0 or 1.
    public static func logisticRegression(x: Tensor, y: Tensor, l2: Double = 0) throws -> FiniteSumProblem {
        try validate(x, y, "logisticRegression")
        if let bad = y.scalars.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw LinearAlgebraError.unsupported(operation: "logisticRegression", reason: "label \(y.scalars[bad]) at index \(bad) is not 0 or 1")
        }
        return FiniteSumProblem(count: x.rows, gradient: { w, indices in
            if indices.count == 1 {
                return singleRowGradient(x, row: indices[0], w, l2: l2) { z in sigmoid(z) - y.scalars[indices[0]] }
            }
            let xb = isAllRows(indices, x.rows) ? x : x.gatherRows(indices)
            let z = matmul(xb, w)
            let residual = z.zipMap((isAllRows(indices, x.rows) ? y : y.gatherRows(indices))) { zi, yi in sigmoid(zi) - yi }
            return Tensor.scaledSum(l2, w, matmul(xb, residual, transposeA: true) / Double(indices.count))
        }, value: { w in
            let z = matmul(x, w)
            var total = 0.0
            for i in 0..<x.rows {
                let zi = z.scalars[i]
                // log(1 + eᶻ) without overflow: max(z, 0) + log1p(e^{−|z|}).
                total += max(zi, 0) + Foundation.log1p(Foundation.exp(-abs(zi))) - y.scalars[i] * zi
            }
            return total / Double(x.rows) + 0.5 * l2 * w.squaredNorm()
        })
    }

    /// ∇fᵢ(w) = r(xᵢᵀw)·xᵢ + λw for one row of a generalized linear model, straight from the
    /// row's storage: the single-component gradient SAGA asks for n times per epoch, where
    /// gathering the row and two BLAS calls on a 1 × d matrix cost more than the arithmetic.
    /// - Complexity: O(d), one allocation (the result).
    private static func singleRowGradient(_ x: Tensor, row i: Int, _ w: Tensor, l2: Double,
                                          residual: (Double) -> Double) -> Tensor {
        let d = x.columns
        precondition(w.count == d, "FiniteSumProblem: parameters have \(w.count) elements for \(d) features")
        return x.scalars.withUnsafeBufferPointer { xs in
            w.scalars.withUnsafeBufferPointer { ws in
                let row = xs.baseAddress! + i * d
                var z = 0.0
                for k in 0..<d { z += row[k] * ws[k] }
                let r = residual(z)
                return Tensor(shape: w.shape, unsafeUninitialized: { g in
                    for k in 0..<d { g[k] = r * row[k] + l2 * ws[k] }
                })
            }
        }
    }

    /// Whether `indices` is exactly 0, 1, …, n − 1 (the full gradient): then the data are used
    /// as they are instead of gathered into a copy. O(n) to check, against O(n·d) to copy.
    private static func isAllRows(_ indices: [Int], _ n: Int) -> Bool {
        indices.count == n && indices.elementsEqual(0..<n)
    }

    private static func validate(_ x: Tensor, _ y: Tensor, _ name: String) throws {
        precondition(x.rank == 2 && y.rank == 1 && y.count == x.rows,
                     "\(name): x must be n × d and y must have n elements, got x \(x.shape) and y \(y.shape)")
        try x.requireFinite("\(name) (x)")
        try y.requireFinite("\(name) (y)")
    }
}

/// σ(z) = 1/(1 + e^{−z}), evaluated without overflow for large |z|.
@inline(__always)
func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
}
