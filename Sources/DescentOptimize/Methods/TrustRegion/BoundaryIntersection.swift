import DescentCore

/// The roots τ₋ ≤ 0 ≤ τ₊ of ‖z + τd‖₂ = Δ for a point z inside the region (‖z‖ ≤ Δ), d ≠ 0:
/// the quadratic ‖d‖²τ² + 2(zᵀd)τ + ‖z‖² − Δ² = 0, each root in the cancellation-free form.
///
/// Used by every path-following subproblem solver: Steihaug–CG stops on the boundary (τ₊), the
/// dogleg cuts its second leg (τ₊), and the Moré–Sorensen hard case moves along an eigenvector
/// by the root of smaller magnitude.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 7.2 (τ with ‖p‖ = Δ).
func boundaryRoots(_ z: Tensor, _ d: Tensor, _ radius: Double) -> (negative: Double, positive: Double) {
    let a = d.squaredNorm(), b = dot(z, d), c = Swift.min(0, z.squaredNorm() - radius * radius)
    let root = Swift.max(0, b * b - a * c).squareRoot()
    // q = −(b + sign(b)·root): the two roots are q/a and c/q, neither computed as a difference of near-equal terms.
    let q = -(b + (b >= 0 ? root : -root))
    guard q != 0 else { return (0, 0) }
    let first = q / a, second = c / q
    return (Swift.min(first, second), Swift.max(first, second))
}

/// The τ ≥ 0 with ‖z + τd‖₂ = Δ (see `boundaryRoots`).
func boundaryStep(_ z: Tensor, _ d: Tensor, _ radius: Double) -> Double {
    boundaryRoots(z, d, radius).positive
}
