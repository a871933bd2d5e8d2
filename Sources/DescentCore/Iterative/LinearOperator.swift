/// A linear map A: ℝⁿ → ℝᵐ known only through its action x ↦ A·x (and optionally x ↦ Aᵀ·x).
///
/// Iterative methods (power iteration, Lanczos, conjugate gradient, randomized SVD) touch a matrix
/// only through products, so they accept any `LinearOperator`: a dense `Tensor` matrix, a
/// `SparseMatrix`, or a `FunctionOperator` wrapping a closure such as a Hessian-vector product.
///
/// Reference: Y. Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., SIAM 2011, ch. 1.
public protocol LinearOperator {
    /// `[m, n]`: A maps vectors of length n to vectors of length m.
    var shape: [Int] { get }

    /// A·x for a vector x of length n; returns a vector of length m.
    func apply(_ x: Tensor) -> Tensor

    /// Whether `applyTransposed` is available (it is for matrices; a closure must provide it).
    var canApplyTransposed: Bool { get }

    /// Aᵀ·x for a vector x of length m; returns a vector of length n.
    /// - Precondition: `canApplyTransposed`.
    func applyTransposed(_ x: Tensor) -> Tensor

    /// A·X for an n × k matrix X, column by column unless the operator has a faster block product
    /// (a dense matrix uses one GEMM, a sparse matrix one pass over its entries, DescentAutodiff's
    /// `HessianOperator` batched reverse sweeps). The block methods (subspace iteration, the
    /// randomized range finder and SVD, the residuals of every eigensolver) go through this.
    func apply(toColumnsOf x: Tensor) -> Tensor

    /// Aᵀ·X for an m × k matrix X.
    /// - Precondition: `canApplyTransposed`.
    func applyTransposed(toColumnsOf x: Tensor) -> Tensor

    /// Throws a typed error if the operator's data is unusable (a NaN or infinite entry);
    /// operators given as closures cannot be inspected and never throw.
    func validate(_ operation: String) throws

    /// Throws `LinearAlgebraError.unsupported`, naming the pair of entries furthest from
    /// symmetry, unless |aᵢⱼ − aⱼᵢ| ≤ `SymmetryCheck.relativeTolerance`·max|aₖₗ| for all i, j.
    /// Dense and sparse matrices are checked (O(n²) and O(nnz·log) time, no extra memory); a
    /// `FunctionOperator` cannot be inspected and never throws, so the methods that assume symmetry
    /// (Lanczos, subspace iteration, deflation, conjugate gradient) trust it, and their final
    /// residuals, computed with the operator, are what reveals a closure that is not symmetric.
    /// - Precondition: the operator is square and `validate` passed (its entries are finite).
    func requireSymmetric(_ operation: String) throws
}

extension LinearOperator {
    /// Number of rows m.
    public var rows: Int { shape[0] }
    /// Number of columns n.
    public var columns: Int { shape[1] }

    /// Default: no transpose (closures must supply one).
    public var canApplyTransposed: Bool { false }

    /// Default: traps, naming the operator type (programmer misuse: check `canApplyTransposed`).
    public func applyTransposed(_ x: Tensor) -> Tensor {
        preconditionFailure("\(type(of: self)) of shape \(shape) cannot apply its transpose; give FunctionOperator a `transposed` closure")
    }

    /// Default: A·X one column at a time (k operator applications).
    public func apply(toColumnsOf x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] == columns,
                     "LinearOperator.apply(toColumnsOf:): operator shape \(shape) does not fit matrix shape \(x.shape)")
        return Self.columnwise(x, rows: rows) { apply($0) }
    }

    /// Default: Aᵀ·X one column at a time.
    public func applyTransposed(toColumnsOf x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] == rows,
                     "LinearOperator.applyTransposed(toColumnsOf:): operator shape \(shape)ᵀ does not fit matrix shape \(x.shape)")
        return Self.columnwise(x, rows: columns) { applyTransposed($0) }
    }

    /// Default: nothing to check.
    public func validate(_ operation: String) throws {}

    /// Default: nothing can be checked (closures); see the requirement.
    public func requireSymmetric(_ operation: String) throws {}

    /// Applies `product` to each column of `x` and assembles the results as columns.
    static func columnwise(_ x: Tensor, rows: Int, _ product: (Tensor) -> Tensor) -> Tensor {
        let k = x.shape[1]
        var result = Tensor.zeros([rows, k])
        for j in 0..<k { result.setColumn(j, to: product(x.column(j))) }
        return result
    }

    /// Throws `.notSquare` unless the operator maps ℝⁿ to itself (needed for eigenproblems and CG).
    func requireSquareOperator(_ operation: String) throws {
        guard shape[0] == shape[1] else { throw LinearAlgebraError.notSquare(operation: operation, shape: shape) }
    }
}

// MARK: - Dense matrices

/// A dense matrix is a linear operator through BLAS `dgemv`/`dgemm`.
extension Tensor: LinearOperator {
    /// A·x by BLAS `dgemv` (2mn flops). - Precondition: this tensor is a matrix.
    public func apply(_ x: Tensor) -> Tensor {
        precondition(rank == 2, "Tensor as LinearOperator: needs a matrix, got shape \(shape)")
        return DescentCore.matmul(self, x)
    }

    /// A dense matrix always has its transpose.
    public var canApplyTransposed: Bool { true }

    /// Aᵀ·x by BLAS `dgemv` without forming Aᵀ.
    public func applyTransposed(_ x: Tensor) -> Tensor {
        precondition(rank == 2, "Tensor as LinearOperator: needs a matrix, got shape \(shape)")
        return DescentCore.matmul(self, x, transposeA: true)
    }

    /// A·X by one BLAS `dgemm`.
    public func apply(toColumnsOf x: Tensor) -> Tensor { DescentCore.matmul(self, x) }

    /// Aᵀ·X by one BLAS `dgemm` without forming Aᵀ.
    public func applyTransposed(toColumnsOf x: Tensor) -> Tensor { DescentCore.matmul(self, x, transposeA: true) }

    /// Throws `.unsupported` unless this is a matrix, and `.nonFinite` naming the first NaN/∞ entry.
    public func validate(_ operation: String) throws {
        guard rank == 2 else {
            throw LinearAlgebraError.unsupported(operation: operation, reason: "needs a matrix, got shape \(LinearAlgebraError.format(shape))")
        }
        try requireFinite(operation)
    }
}

// MARK: - Sparse matrices

/// A CSR matrix is a linear operator through its sparse products.
extension SparseMatrix: LinearOperator {
    /// A·x (`multiplied(by:)`, 2·nnz flops, parallel over rows when large).
    public func apply(_ x: Tensor) -> Tensor { multiplied(by: x) }

    /// A sparse matrix always has its transpose.
    public var canApplyTransposed: Bool { true }

    /// Aᵀ·x by a scatter over the stored entries (`transposeMultiplied(by:)`).
    public func applyTransposed(_ x: Tensor) -> Tensor { transposeMultiplied(by: x) }

    /// A·X in one pass over the entries (`multiplied(byMatrix:)`).
    public func apply(toColumnsOf x: Tensor) -> Tensor { multiplied(byMatrix: x) }

    /// Aᵀ·X in one pass over the entries (`transposeMultiplied(byMatrix:)`).
    public func applyTransposed(toColumnsOf x: Tensor) -> Tensor { transposeMultiplied(byMatrix: x) }

    /// Throws `.nonFinite` naming the (row, column) of the first NaN/∞ entry.
    public func validate(_ operation: String) throws { try requireFinite(operation) }
}
