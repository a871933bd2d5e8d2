import DescentCore
import Foundation

/// Kernel principal component analysis: PCA in the feature space of a kernel, as scikit-learn's
/// `KernelPCA` (same kernels, defaults, centring, eigenvalues and projections).
///
/// With the kernel matrix Kᵢⱼ = k(xᵢ, xⱼ) (n × n) and J = I − 11ᵀ/n, the centred kernel K̃ = JKJ is
/// the Gram matrix of the centred feature vectors; its top k eigenpairs K̃αᵢ = λᵢαᵢ (‖αᵢ‖ = 1, each
/// with its largest-magnitude entry positive) give the training projections αᵢ√λᵢ, and a new point y
/// projects to k̃(y)ᵀαᵢ/√λᵢ with k̃(y) its kernel row centred by the training statistics.
///
/// - Complexity: O(n²d) for K, O(n³) for the eigendecomposition (LAPACK `dsyevd`).
/// - Reference: B. Schölkopf, A. Smola, K.-R. Müller, "Nonlinear component analysis as a kernel
///   eigenvalue problem", Neural Computation 10(5), 1998.
public struct KernelPCA: Sendable, Equatable {
    /// A positive semi-definite kernel k(x, y).
    public enum Kernel: Sendable, Equatable {
        /// exp(−γ‖x − y‖²); γ nil means 1/d (scikit-learn's default).
        case rbf(gamma: Double? = nil)
        /// (γ·xᵀy + c₀)^degree; γ nil means 1/d; scikit-learn's defaults degree 3, c₀ = 1.
        case polynomial(degree: Int = 3, gamma: Double? = nil, coef0: Double = 1)
        /// xᵀy / (‖x‖‖y‖).
        case cosine
        /// xᵀy (kernel PCA then equals linear PCA's scores, up to sign).
        case linear

        /// The kernel's name, as the command line spells it.
        public var name: String {
            switch self {
            case .rbf: return "rbf"
            case .polynomial: return "poly"
            case .cosine: return "cosine"
            case .linear: return "linear"
            }
        }
    }

    /// The number of components k, 1 ≤ k ≤ n.
    public var components: Int
    /// The kernel.
    public var kernel: Kernel

    /// A configuration; the RBF kernel with γ = 1/d by default (scikit-learn's default is linear).
    public init(components: Int, kernel: Kernel = .rbf()) {
        self.components = components
        self.kernel = kernel
    }

    /// Fits the kernel principal components of the rows of `x` (n × d).
    /// - Throws: `PCAError.invalidComponentCount` unless 1 ≤ k ≤ n, `.nonFinite`, `.invalidParameter`
    ///   for γ ≤ 0 or a degree < 1, `.zeroRow` for the cosine kernel of a zero row, and
    ///   `LinearAlgebraError` from the eigendecomposition.
    public func fit(_ x: Tensor) throws -> FittedKernelPCA {
        precondition(x.rank == 2, "KernelPCA.fit: needs a matrix, got shape \(x.shape)")
        let (n, d) = (x.shape[0], x.shape[1])
        guard components >= 1 && components <= n else {
            throw PCAError.invalidComponentCount(requested: components, rows: n, columns: d, limit: n)
        }
        try PCAError.requireFinite(x)
        let evaluator = try KernelEvaluator(kernel, features: d)
        let k = try evaluator.matrix(x, x)
        let columnMeans = k.mean(alongAxis: 0)              // K is symmetric: row means = column means
        let grandMean = columnMeans.mean()
        let centred = k - columnMeans - columnMeans.asColumn + grandMean
        let eigen = try SymmetricEigen(centred)
        // Top k eigenpairs, descending; small negative eigenvalues of a PSD matrix are rounding: 0.
        let order = Array((0..<n).reversed().prefix(components))
        let lambdas = order.map { Swift.max(eigen.eigenvalues.scalars[$0], 0) }
        let alphas = Tensor(rows: n, columns: components) { i, j in eigen.eigenvectors[i, order[j]] }
        return FittedKernelPCA(configuration: self, eigenvalues: Tensor(lambdas), eigenvectors: alphas,
                               trainingData: x, centredKernelTrace: centred.diagonalElements.sum(), kernelColumnMeans: columnMeans,
                               kernelMean: grandMean, evaluator: evaluator)
    }
}

/// A kernel with its parameters resolved (γ = 1/d when not given), evaluated on rows of matrices.
struct KernelEvaluator: Sendable, Equatable {
    let kernel: KernelPCA.Kernel
    let gamma: Double

    init(_ kernel: KernelPCA.Kernel, features d: Int) throws {
        self.kernel = kernel
        var given: Double?
        switch kernel {
        case let .rbf(gamma): given = gamma
        case let .polynomial(degree, gamma, coef0):
            given = gamma
            guard degree >= 1 else { throw PCAError.invalidParameter(name: "degree", value: Double(degree), requirement: "at least 1") }
            guard coef0.isFinite else { throw PCAError.invalidParameter(name: "coef0", value: coef0, requirement: "finite") }
        case .cosine, .linear: break
        }
        if let given, !(given > 0 && given.isFinite) {
            throw PCAError.invalidParameter(name: "gamma", value: given, requirement: "positive and finite")
        }
        gamma = given ?? 1 / Double(Swift.max(d, 1))
    }

    /// K(A, B)ᵢⱼ = k(aᵢ, bⱼ): one GEMM A·Bᵀ, then an element-wise map.
    func matrix(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let inner = matmul(a, b, transposeB: true)
        switch kernel {
        case .linear:
            return inner
        case let .polynomial(degree, _, coef0):
            let g = gamma
            return inner.map { Foundation.pow(g * $0 + coef0, Double(degree)) }
        case .rbf:
            // ‖a − b‖² = ‖a‖² + ‖b‖² − 2aᵀb, clipped at 0 against rounding.
            let (na, nb) = (rowSquares(a), rowSquares(b))
            let g = gamma, columns = b.shape[0]
            return Tensor(rows: a.shape[0], columns: columns) { i, j in
                Foundation.exp(-g * Swift.max(na[i] + nb[j] - 2 * inner.scalars[i * columns + j], 0))
            }
        case .cosine:
            let (na, nb) = (rowSquares(a), rowSquares(b))
            if let zero = na.firstIndex(of: 0) { throw PCAError.zeroRow(row: zero) }
            if let zero = nb.firstIndex(of: 0) { throw PCAError.zeroRow(row: zero) }
            let columns = b.shape[0]
            return Tensor(rows: a.shape[0], columns: columns) { i, j in
                inner.scalars[i * columns + j] / (na[i] * nb[j]).squareRoot()
            }
        }
    }

    private func rowSquares(_ a: Tensor) -> [Double] {
        let d = a.shape[1]
        return (0..<a.shape[0]).map { i in (0..<d).reduce(0) { $0 + a.scalars[i * d + $1] * a.scalars[i * d + $1] } }
    }
}
