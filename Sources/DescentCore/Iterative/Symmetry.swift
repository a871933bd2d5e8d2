/// The symmetry test of the methods that assume a symmetric operator (Lanczos, subspace iteration,
/// deflation, conjugate gradient).
///
/// A is accepted when |aᵢⱼ − aⱼᵢ| ≤ `relativeTolerance`·max|aₖₗ| for every pair: the test is
/// invariant to scaling A and forgives the rounding of a product such as XᵀX computed entry by
/// entry, but refuses a matrix that is not symmetric instead of returning numbers that are not its
/// eigenvalues (Lanczos on a non-symmetric matrix builds a tridiagonal matrix that is not a
/// projection of A) or a "solution" from CG, whose theory needs A = Aᵀ.
public enum SymmetryCheck {
    /// 1e-10, the default residual tolerance of `IterativeOptions`: an asymmetry below it changes
    /// no converged answer by more than the tolerance allows, one above it would.
    public static let relativeTolerance = 1e-10

    /// The error for the pair (i, j), (j, i) with the largest difference.
    static func notSymmetric(_ operation: String, _ i: Int, _ j: Int, _ aij: Double, _ aji: Double) -> LinearAlgebraError {
        .unsupported(operation: operation,
                     reason: "the matrix is not symmetric: entry (\(i), \(j)) is \(aij) but entry (\(j), \(i)) is \(aji) "
                         + "(|aᵢⱼ − aⱼᵢ| may be at most \(relativeTolerance)·max|aᵢⱼ|)")
    }

    /// The pair furthest from symmetry, if its difference exceeds the tolerance.
    struct Worst {
        let allowed: Double
        private(set) var pair: (i: Int, j: Int, difference: Double)?

        init(largestMagnitude: Double) { allowed = relativeTolerance * largestMagnitude }

        mutating func consider(_ i: Int, _ j: Int, _ aij: Double, _ aji: Double) {
            let difference = Swift.abs(aij - aji)
            if difference > allowed && difference > (pair?.difference ?? 0) { pair = (i, j, difference) }
        }
    }
}

extension Tensor {
    /// Checks a dense square matrix for symmetry (see `LinearOperator.requireSymmetric`): one pass
    /// for max|aᵢⱼ|, then the upper triangle against the lower in 64 × 64 tiles (so the column-wise
    /// reads of the lower triangle stay in cache). O(n²) time, no extra memory.
    public func requireSymmetric(_ operation: String) throws {
        precondition(rank == 2 && shape[0] == shape[1], "\(operation): symmetry needs a square matrix, got shape \(shape)")
        let n = shape[0]
        let tile = 64
        let worst = scalars.withUnsafeBufferPointer { a -> SymmetryCheck.Worst in
            var worst = SymmetryCheck.Worst(largestMagnitude: a.reduce(0) { Swift.max($0, Swift.abs($1)) })
            for rowStart in stride(from: 0, to: n, by: tile) {
                for columnStart in stride(from: rowStart, to: n, by: tile) {
                    for i in rowStart..<Swift.min(rowStart + tile, n) {
                        for j in Swift.max(columnStart, i + 1)..<Swift.max(Swift.min(columnStart + tile, n), i + 1) {
                            worst.consider(i, j, a[i * n + j], a[j * n + i])
                        }
                    }
                }
            }
            return worst
        }
        if let (i, j, _) = worst.pair { throw SymmetryCheck.notSymmetric(operation, i, j, self[i, j], self[j, i]) }
    }
}

extension SparseMatrix {
    /// Checks a square CSR matrix for symmetry (see `LinearOperator.requireSymmetric`): each stored
    /// off-diagonal aᵢⱼ against aⱼᵢ found by a binary search of row j (0 when not stored).
    /// O(nnz·log(nnz per row)) time, no extra memory.
    public func requireSymmetric(_ operation: String) throws {
        precondition(rows == columns, "\(operation): symmetry needs a square matrix, got shape \(shape)")
        var worst = SymmetryCheck.Worst(largestMagnitude: values.reduce(0) { Swift.max($0, Swift.abs($1)) })
        for i in 0..<rows {
            for p in rowOffsets[i]..<rowOffsets[i + 1] where Int(columnIndices[p]) != i {
                let j = Int(columnIndices[p])
                worst.consider(i, j, values[p], self[j, i])
            }
        }
        if let (i, j, _) = worst.pair { throw SymmetryCheck.notSymmetric(operation, i, j, self[i, j], self[j, i]) }
    }
}
