import DescentCore

/// The Hessian at a point as a matrix-free symmetric operator, so that Lanczos, power iteration
/// and conjugate gradient find its extreme eigenvalues (curvature, the stable step 2/λmax) or solve
/// Newton systems H·p = −∇f from exact Hessian-vector products alone, never forming H.
extension HessianOperator: LinearOperator {
    /// `[n, n]` for a point with n elements.
    public var shape: [Int] { [dimension, dimension] }
    /// H is symmetric, so Hᵀ·v = H·v is always available.
    public var canApplyTransposed: Bool { true }
    /// Hᵀ·v = H·v.
    public func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }
}
