import CSuiteSparse

/// A sparse LDLᵀ factorization P(A − σI)Pᵀ = LDLᵀ of a symmetric `SparseMatrix` shifted by σ, from
/// SuiteSparse's CHOLMOD, for solving (A − σI)·x = b with one or several right-hand sides.
///
/// CHOLMOD first orders the rows and columns to reduce fill-in (AMD, or METIS's nested dissection
/// when that fills less), then factors in simplicial LDLᵀ form: L unit lower triangular, D diagonal.
/// No pivoting is done, so D may hold negative entries and an indefinite A − σI (σ inside the
/// spectrum, as shift-invert needs) factors as well as a positive definite one; a zero pivot
/// throws `SparseCholeskyError.singularShift` (A − σI is singular, or, without pivoting, a leading
/// block of it in the elimination order is), and pivots that differ in magnitude by more than
/// 1/(n·ε) throw `.nearlySingularShift`. Without pivoting a tiny pivot could in principle grow the
/// factor (LDLᵀ of an indefinite matrix is not unconditionally stable, Golub & Van Loan §4.4), so a
/// shift that lands within rounding of a leading minor's eigenvalue is reported rather than trusted.
///
/// The factorization reads only the upper triangle of A (A is checked to be symmetric first) and
/// adds −σ to the diagonal inside CHOLMOD (`cholmod_factorize_p`'s β), so A − σI is never formed.
/// A solve costs two triangular sweeps over L, O(nnz(L)) flops per right-hand side.
///
/// The instance owns CHOLMOD's workspace and the factor and frees them in `deinit`. CHOLMOD's
/// workspace is mutated by every solve, so an instance must not be used from two threads at once:
/// it is deliberately not `Sendable`.
///
/// Reference: Y. Chen, T. A. Davis, W. W. Hager & S. Rajamanickam, "Algorithm 887: CHOLMOD,
/// supernodal sparse Cholesky factorization and update/downdate", ACM TOMS 35(3), 2008;
/// T. A. Davis, *Direct Methods for Sparse Linear Systems*, SIAM 2006, ch. 4.
public final class SparseCholesky {
    /// The order n of A.
    public let order: Int
    /// The shift σ: the factored matrix is A − σI.
    public let shift: Double
    /// The number of stored entries of L (its unit diagonal included), a measure of fill-in.
    public let factorEntryCount: Int
    /// CHOLMOD's estimate of the reciprocal condition number, min|Dᵢᵢ| / max|Dᵢᵢ| (cheap and crude:
    /// a lower bound it is not, but a value near ε flags a shift at an eigenvalue).
    public let reciprocalCondition: Double
    /// The number of negative pivots of D: by Sylvester's law of inertia, the number of eigenvalues
    /// of A below σ.
    public let negativePivotCount: Int

    private let common: UnsafeMutablePointer<cholmod_common>
    private let factor: UnsafeMutablePointer<cholmod_factor>

    /// Factors A − σI.
    /// - Parameters:
    ///   - a: a symmetric n × n sparse matrix (checked: finite entries, square, |aᵢⱼ − aⱼᵢ| within
    ///     `SymmetryCheck.relativeTolerance`·max|aₖₗ|); only its upper triangle is read.
    ///   - shift: σ (default 0: factor A itself, which must then be non-singular).
    ///   - memoryBudget: the most the factor may take: after the symbolic analysis, which predicts
    ///     nnz(L), 12·nnz(L) bytes (a double and a 32-bit row index per entry) are checked against it
    ///     before the numerical factorization allocates them (default `MemoryBudget.default`).
    /// - Throws: `MemoryBudgetError` when the predicted factor exceeds `memoryBudget`;
    ///   `LinearAlgebraError.nonFinite`, `.notSquare` or `.unsupported` (not symmetric) for the
    ///   matrix; `SparseCholeskyError` for a singular shift, too many entries or exhausted memory.
    /// - Complexity: the ordering is about O(nnz·α); the factorization O(Σⱼ nnz(L:,j)²) flops, for a
    ///   2-D grid of n points with nested dissection O(n^1.5) flops and O(n·log n) memory.
    public init(_ a: SparseMatrix, shift: Double = 0, memoryBudget: MemoryBudget = .default) throws {
        let operation = "SparseCholesky"
        try a.validate(operation)
        guard shift.isFinite else {
            throw LinearAlgebraError.nonFinite(operation: operation + " (the shift)", index: [], value: shift)
        }
        try a.requireSquareOperator(operation)
        try a.requireSymmetric(operation)
        guard a.nonZeroCount <= Int(Int32.max) else { throw SparseCholeskyError.tooManyEntries(count: a.nonZeroCount) }
        let n = a.rows
        order = n
        self.shift = shift
        let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
        self.common = common
        cholmod_start(common)
        // Errors are reported through `status` and thrown; CHOLMOD must not print them itself.
        common.pointee.print = 0
        common.pointee.error_handler = nil
        // Simplicial LDLᵀ: the supernodal method computes LLᵀ only, which fails on an indefinite matrix.
        common.pointee.supernodal = Int32(CHOLMOD_SIMPLICIAL)
        common.pointee.final_ll = 0
        // A symmetric matrix's CSR arrays are also its CSC arrays, so CHOLMOD reads them in place
        // (stype 1: the upper triangle, rows ≤ columns; it never writes to its input); only the
        // offsets need 32-bit copies.
        var offsets = a.rowOffsets.map { Int32(truncatingIfNeeded: $0) }
        var analysed: UnsafeMutablePointer<cholmod_factor>?
        var status: Int32 = 0
        var overBudget: MemoryBudgetError?
        offsets.withUnsafeMutableBytes { p in
            a.columnIndices.withUnsafeBytes { i in
                a.values.withUnsafeBytes { x in
                    var matrix = cholmod_sparse()
                    matrix.nrow = n
                    matrix.ncol = n
                    matrix.nzmax = a.nonZeroCount
                    matrix.p = p.baseAddress
                    matrix.i = i.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                    matrix.x = x.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                    matrix.stype = 1
                    matrix.itype = Int32(CHOLMOD_INT)
                    matrix.xtype = Int32(CHOLMOD_REAL)
                    matrix.dtype = Int32(CHOLMOD_DOUBLE)
                    matrix.sorted = 1
                    matrix.packed = 1
                    guard let l = cholmod_analyze(&matrix, common) else { status = common.pointee.status; return }
                    analysed = l
                    do {
                        try memoryBudget.requireRoom(forDoubles: 1.5 * common.pointee.lnz,
                                                     "an LDLᵀ factor of about \(Int(common.pointee.lnz)) entries", operation: operation)
                    } catch {
                        overBudget = error as? MemoryBudgetError
                        return
                    }
                    var beta: [Double] = [-shift, 0]
                    _ = cholmod_factorize_p(&matrix, &beta, nil, 0, l, common)
                    status = common.pointee.status
                }
            }
        }
        guard let l = analysed else {
            let failure = status
            cholmod_finish(common)
            common.deallocate()
            throw failure == CHOLMOD_OUT_OF_MEMORY ? SparseCholeskyError.outOfMemory(rows: n)
                                                  : SparseCholeskyError.factorizationFailed(status: Int(failure))
        }
        if let overBudget {
            var owned: UnsafeMutablePointer<cholmod_factor>? = l
            cholmod_free_factor(&owned, common)
            cholmod_finish(common)
            common.deallocate()
            throw overBudget
        }
        factor = l
        // `minor` < n marks the first zero pivot (CHOLMOD's "not positive definite" for LDLᵀ).
        let minor = Int(l.pointee.minor)
        let failure: SparseCholeskyError?
        if status == CHOLMOD_NOT_POSDEF || minor < n {
            failure = .singularShift(shift: shift, column: minor)
        } else if status == CHOLMOD_OUT_OF_MEMORY {
            failure = .outOfMemory(rows: n)
        } else if status < CHOLMOD_OK {
            failure = .factorizationFailed(status: Int(status))
        } else {
            failure = nil
        }
        reciprocalCondition = n == 0 ? 1 : cholmod_rcond(l, common)
        var negative = 0
        var entries = 0
        if failure == nil, n > 0, let columnStarts = l.pointee.p?.assumingMemoryBound(to: Int32.self),
           let counts = l.pointee.nz?.assumingMemoryBound(to: Int32.self),
           let x = l.pointee.x?.assumingMemoryBound(to: Double.self) {
            // Simplicial LDLᵀ stores D on L's diagonal: the first entry of each column.
            for j in 0..<n {
                if x[Int(columnStarts[j])] < 0 { negative += 1 }
                entries += Int(counts[j])
            }
        }
        negativePivotCount = negative
        factorEntryCount = entries
        if let failure {
            releaseCholmod()
            throw failure
        }
        // A singular A − σI leaves its last pivot at rounding level, a few ε to n·ε of the largest.
        guard reciprocalCondition.isFinite, n == 0 || reciprocalCondition >= Double(n) * .ulpOfOne else {
            releaseCholmod()
            throw SparseCholeskyError.nearlySingularShift(shift: shift, reciprocalCondition: reciprocalCondition)
        }
    }

    deinit { releaseCholmod() }

    /// Frees the factor and CHOLMOD's workspace, once: `init` calls it before throwing a factorization
    /// failure and `deinit` may then run as well (a class whose stored properties are all set is
    /// deinitialized when its initializer throws).
    private func releaseCholmod() {
        guard !released else { return }
        released = true
        var l: UnsafeMutablePointer<cholmod_factor>? = factor
        cholmod_free_factor(&l, common)
        cholmod_finish(common)
        common.deallocate()
    }
    private var released = false

    /// x = (A − σI)⁻¹·b for a vector b of length n, by the forward and backward sweeps
    /// L·D·Lᵀ (with the fill-reducing permutation) in O(nnz(L)) flops.
    /// - Precondition: `b` is a vector of length `order`.
    public func solve(_ b: Tensor) -> Tensor {
        precondition(b.rank == 1 && b.count == order,
                     "SparseCholesky.solve: right-hand side of shape \(b.shape) does not fit a matrix of order \(order)")
        return Tensor(shape: [order], scalars: solveColumnMajor(b.scalars, columns: 1))
    }

    /// X = (A − σI)⁻¹·B for an n × k matrix B: k right-hand sides in one CHOLMOD solve
    /// (each sweep over L serves all k columns).
    /// - Precondition: `b` is a matrix with `order` rows.
    public func solve(columnsOf b: Tensor) -> Tensor {
        precondition(b.rank == 2 && b.shape[0] == order,
                     "SparseCholesky.solve(columnsOf:): right-hand sides of shape \(b.shape) do not fit a matrix of order \(order)")
        let k = b.shape[1]
        // CHOLMOD's dense matrices are column-major: Bᵀ row-major is B column-major.
        let solved = solveColumnMajor(b.transposed.scalars, columns: k)
        return Tensor(shape: [k, order], scalars: solved).transposed
    }

    /// Solves for k column-major right-hand sides of length n.
    private func solveColumnMajor(_ rightHandSides: [Double], columns k: Int) -> [Double] {
        guard order > 0, k > 0 else { return rightHandSides }
        var input = rightHandSides
        return input.withUnsafeMutableBytes { bytes in
            var b = cholmod_dense()
            b.nrow = order
            b.ncol = k
            b.nzmax = order * k
            b.d = order
            b.x = bytes.baseAddress
            b.xtype = Int32(CHOLMOD_REAL)
            b.dtype = Int32(CHOLMOD_DOUBLE)
            guard let x = cholmod_solve(Int32(CHOLMOD_A), factor, &b, common) else {
                // Only the workspace allocation can fail here; running out of memory mid-solve is fatal.
                fatalError("SparseCholesky.solve: CHOLMOD could not allocate \(order * k) doubles (status \(common.pointee.status))")
            }
            let values = x.pointee.x.assumingMemoryBound(to: Double.self)
            let result = Array(UnsafeBufferPointer(start: values, count: order * k))
            var owned: UnsafeMutablePointer<cholmod_dense>? = x
            cholmod_free_dense(&owned, common)
            return result
        }
    }
}
