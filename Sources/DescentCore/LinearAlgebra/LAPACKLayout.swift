import CLAPACK

// Helpers shared by the LAPACK-backed decompositions.
//
// Tensor is row-major, LAPACK is column-major. A row-major m × n buffer *is* the column-major
// n × m buffer of Aᵀ, so each decomposition either uses that identity directly (Cholesky and the
// symmetric eigensolver: Aᵀ = A; SVD: the SVD of Aᵀ is the SVD of A with U and V swapped) or
// transposes once into column-major order. A transpose is O(mn) memory traffic against O(mn·min(m,n))
// flops of the factorization, which is why we transpose ourselves instead of paying LAPACKE's
// row-major wrapper, which transposes the input *and* every output.
//
// Non-finite values. Debian's LAPACKE checks its matrix inputs for NaN and reports one as an
// "illegal argument" (info < 0), which `checkArguments` traps as a library bug. So the policy is:
// - every entry point that takes user data (factorization inits, `solve(_:_:)`, `inverse()`,
//   `LeastSquares`, …) validates it first and throws `.nonFinite` naming the first bad entry;
// - finite data can still overflow inside LAPACK (LU growth, huge eigenvalues), so each
//   decomposition checks its factors/results with `requireNoOverflow` and throws `.overflow`
//   (never handing an ∞/NaN factor to a later LAPACKE call that would trap on it);
// - the methods of a stored factorization (`LU.solve`, `Cholesky.solve`, `LU.inverse`) are plain
//   arithmetic on already-checked factors: they do not throw, call the `LAPACKE_*_work` variants
//   (no NaN scan) and propagate a NaN/∞ right-hand side by IEEE rules, as BLAS does;
// - the one-shot functions (`solve(_:_:)`, `inverse()`) also check their result and throw
//   `.overflow` rather than return ∞/NaN computed from finite data.

/// LAPACK's integer type in this build (LP64: 32-bit).
typealias LAPACKInt = Int32

extension Tensor {
    /// The elements in column-major (Fortran) order, as LAPACK expects them.
    var columnMajorScalars: [Double] {
        rank == 2 ? transposed.scalars : scalars
    }

    /// A rows × columns matrix from a column-major buffer with leading dimension `leading`
    /// (≥ rows): element (i, j) is `buffer[i + j·leading]`.
    init(rows: Int, columns: Int, columnMajor buffer: UnsafeBufferPointer<Double>, leading: Int) {
        if leading == rows {
            // A dense column-major buffer is the row-major transpose: use the cache-blocked transpose.
            self = Tensor(shape: [columns, rows], scalars: Array(buffer.prefix(rows * columns))).transposed
            return
        }
        self.init(shape: [rows, columns], unsafeUninitialized: { out in
            for i in 0..<rows {
                for j in 0..<columns { out[i * columns + j] = buffer[i + j * leading] }
            }
        })
    }

    /// Throws unless this is a finite matrix (rank 2); `operation` names the caller in the message.
    func requireFiniteMatrix(_ operation: String) throws {
        guard rank == 2 else {
            throw LinearAlgebraError.unsupported(operation: operation, reason: "needs a matrix (rank 2), got shape \(LinearAlgebraError.format(shape))")
        }
        try requireFinite(operation)
    }

    /// Throws unless this is a finite square matrix.
    func requireFiniteSquare(_ operation: String) throws {
        try requireSquare(operation)
        try requireFinite(operation)
    }

    /// A right-hand side's number of columns: a vector `[n]` is one column.
    var rightHandSideColumns: Int { rank == 1 ? 1 : shape[1] }

    /// Solves with stored factors of order n for this right-hand side (`[n]` or `[n, k]`): copies it
    /// into a column-major n × k buffer, lets `lapackSolve(buffer, k)` overwrite it with the solution
    /// (leading dimension n), and returns the solution in this tensor's shape.
    ///
    /// - Precondition: this is a vector or matrix with n rows; `caller` names the solver in the message.
    func solvedInColumnMajor(order n: Int, caller: String, _ lapackSolve: (inout [Double], Int) -> Void) -> Tensor {
        precondition((rank == 1 || rank == 2) && shape[0] == n,
                     "\(caller): right-hand side of shape \(shape) does not fit a matrix of shape \([n, n])")
        let k = rightHandSideColumns
        if n == 0 || k == 0 { return self }
        var x = columnMajorScalars
        lapackSolve(&x, k)
        if rank == 1 { return Tensor(x) }
        return x.withUnsafeBufferPointer { Tensor(rows: n, columns: k, columnMajor: $0, leading: n) }
    }

    /// The sign (±1) that makes a vector's entry of largest magnitude (the first such on ties) positive.
    /// Multiplying eigen- and singular vectors by it makes their otherwise arbitrary sign deterministic.
    static func largestEntrySign(_ values: UnsafeBufferPointer<Double>) -> Double {
        var best = 0.0
        for v in values where Swift.abs(v) > Swift.abs(best) { best = v }
        return best < 0 ? -1 : 1
    }
}

/// Throws `.overflow(operation:stage:)` unless every value is finite: for the factors or results
/// of a LAPACK routine whose (checked) input was finite, so ∞/NaN means an overflow inside it.
/// - Complexity: O(count), negligible next to the factorization that produced the values.
func requireNoOverflow(_ values: [Double], _ operation: String, stage: String) throws {
    let finite = values.withUnsafeBufferPointer { buffer in
        // Summing x·0 is NaN exactly when some x is ±∞ or NaN: one branch-free pass.
        var probe = 0.0
        for x in buffer { probe += x * 0 }
        return probe == 0
    }
    if !finite { throw LinearAlgebraError.overflow(operation: operation, stage: stage) }
}

/// Traps on a negative LAPACK `info` (an illegal argument). With the non-finite policy above, no
/// user data can cause one (inputs are validated, factors checked, and the solves use the `_work`
/// variants without LAPACKE's NaN scan), so it is a bug in this library and names the routine.
@inline(__always)
func checkArguments(_ info: LAPACKInt, _ routine: String) {
    precondition(info >= 0, "\(routine): LAPACK reported illegal argument \(-info) (library bug)")
}
