import DescentCore

/// The operator x ↦ P(L − σI)⁻¹P x of spectral clustering's sparse path, P = I − ZZᵀ, for a
/// symmetric L with exact, orthonormal eigenvectors Z (the columns z_C, here the Laplacian's null
/// vectors D^{1/2}1_C) and a shift σ below L's spectrum.
///
/// (L − σI)⁻¹ has L's eigenvectors, with eigenvalues θ = 1/(λ − σ): the smallest λ become the
/// largest θ, and far apart (λ = 10⁻⁴ and 2·10⁻⁴ with σ = −10⁻⁵ give θ ≈ 9100 and 4800), so
/// Lanczos finds them in a few dozen products where it needs hundreds on L itself. Because each z_C
/// is an eigenvector of L, P commutes with (L − σI)⁻¹, and P(L − σI)⁻¹P has the same eigenpairs
/// except that Z's move to θ = 0, the bottom: Lanczos then returns the eigenvectors orthogonal to
/// the known null space, and a repeated eigenvalue 0 (a disconnected graph) is never half-found.
/// The product is one solve with the `SparseCholesky` (LDLᵀ) factor of L − σI, made once; a
/// block of columns is one multi-right-hand-side solve.
///
/// Reference: T. Ericsson & A. Ruhe, "The spectral transformation Lanczos method", Math. Comp. 35,
/// 1980; Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., §8.2 (shift-invert) and
/// §4.2 (deflation).
struct DeflatedShiftInvertOperator: LinearOperator {
    /// The LDLᵀ factor of L − σI.
    let factorization: SparseCholesky
    /// The known eigenvectors z_C (orthonormal, length n), projected out before and after each solve.
    let deflated: [Tensor]

    var shape: [Int] { [factorization.order, factorization.order] }

    func apply(_ x: Tensor) -> Tensor {
        project(factorization.solve(project(x)))
    }

    func apply(toColumnsOf x: Tensor) -> Tensor {
        projectColumns(factorization.solve(columnsOf: projectColumns(x)))
    }

    /// Px = x − Σ_C z_C(z_Cᵀx).
    private func project(_ x: Tensor) -> Tensor {
        var y = x
        for z in deflated { y.addScaled(z, by: -dot(z, y)) }
        return y
    }

    /// P applied to each column of the n × b matrix x: X − Z(ZᵀX).
    private func projectColumns(_ x: Tensor) -> Tensor {
        guard !deflated.isEmpty else { return x }
        let z = Tensor(rows: x.shape[0], columns: deflated.count) { i, c in deflated[c].scalars[i] }
        return x - matmul(z, matmul(z, x, transposeA: true))
    }
}
