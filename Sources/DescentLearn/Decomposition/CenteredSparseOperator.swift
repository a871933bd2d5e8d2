import DescentCore

/// X̄ = X − 1μᵀ for a sparse X, applied without forming it (X̄ is dense even when X is not):
/// X̄·B = X·B − 1(μᵀB) and X̄ᵀ·B = XᵀB − μ(1ᵀB), so a product costs 2·nnz·k + O((n + d)·k) flops
/// and memory stays O(nnz) — scikit-learn's `_implicit_column_offset`.
struct CenteredSparseOperator: LinearOperator {
    /// X, n × d.
    let matrix: SparseMatrix
    /// μ, `[d]`.
    let mean: Tensor

    var shape: [Int] { matrix.shape }
    var canApplyTransposed: Bool { true }

    func apply(_ x: Tensor) -> Tensor { matrix.multiplied(by: x) - dot(mean, x) }

    func applyTransposed(_ x: Tensor) -> Tensor { matrix.transposeMultiplied(by: x) - x.sum() * mean }

    func apply(toColumnsOf x: Tensor) -> Tensor {
        matrix.multiplied(byMatrix: x) - matmul(mean.asRow, x)          // (n × k) − (1 × k), broadcast over rows
    }

    func applyTransposed(toColumnsOf x: Tensor) -> Tensor {
        matrix.transposeMultiplied(byMatrix: x) - matmul(mean.asColumn, x.sum(alongAxis: 0).asRow)
    }

    func validate(_ operation: String) throws { try matrix.requireFinite(operation) }
}
