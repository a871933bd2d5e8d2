import DescentCore

/// How far the columns of `w` lie from the span of the orthonormal columns of `v`: ‖W − VVᵀW‖₂, which
/// for orthonormal W of the same dimension is sin θ_max, the sine of the largest principal angle.
/// Eigenvectors are compared this way because a computed eigenvector is defined only up to sign, and
/// a repeated eigenvalue's eigenvectors only up to a rotation inside their eigenspace.
public func subspaceDistance(_ v: Tensor, _ w: Tensor) -> Double {
    (w - matmul(v, matmul(v, w, transposeA: true))).norm(.two)
}
