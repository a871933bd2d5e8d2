import DescentCore

// Products. For C = op(A)·op(B) the pullbacks are Ā = C̄·op(B)ᵀ (transposed back if A was used
// transposed) and B̄ = op(A)ᵀ·C̄, computed by BLAS dgemm with transpose flags, so no transposed
// copy is ever made (Giles, "An extended collection of matrix derivative results for forward and
// reverse mode AD", 2008, §2.2.2).

/// The matrix product op(A)·op(B) of vectors and matrices (a vector on the right is a column, on
/// the left a row, as in NumPy), differentiable in both arguments.
/// - Complexity: 2mnk flops forward, twice that backward (once per needed argument).
public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    if a.rank == 1 && b.rank == 1 { return dot(a, b) }
    if a.rank == 1 {
        return matmul(a.reshaped([1, a.count]), b, transposeB: transposeB).flattened
    }
    if b.rank == 1 {
        return matmul(a, b.reshaped([b.count, 1]), transposeA: transposeA).flattened
    }
    return Variable.record(matmul(a.value, b.value, transposeA: transposeA, transposeB: transposeB), a, b) { c in
        if c.isBatched { return batchedMatmulPullback(c, transposeA: transposeA, transposeB: transposeB) }
        let (g, x, y) = (c.cotangent, c.inputs[0], c.inputs[1])
        let gradA: Variable? = c.needs[0]
            ? (transposeA ? matmul(y, g, transposeA: transposeB, transposeB: true)
                          : matmul(g, y, transposeB: !transposeB))
            : nil
        let gradB: Variable? = c.needs[1]
            ? (transposeB ? matmul(g, x, transposeA: true, transposeB: transposeA)
                          : matmul(x, g, transposeA: !transposeA))
            : nil
        return [gradA, gradB]
    }.supportingBatches()
}

/// The pullback of op(A)·op(B) for a stack of k cotangents Ḡⱼ (shape [k, p, q]), with one GEMM per
/// argument for the whole stack: the rows of all Ḡⱼ·op(B)ᵀ form the single product
/// [Ḡ₁; …; Ḡₖ]·op(B)ᵀ, and the columns of all op(A)ᵀ·Ḡⱼ form op(A)ᵀ·[Ḡ₁ … Ḡₖ].
/// A gradient of a transposed argument is the transpose of that of op(·), per seed.
private func batchedMatmulPullback(_ c: PullbackContext, transposeA: Bool, transposeB: Bool) -> [Variable?] {
    let (a, b) = (c.inputs[0].value, c.inputs[1].value)
    let g = c.cotangent.value
    let (k, p, q) = (c.batchCount, g.shape[g.rank - 2], g.shape[g.rank - 1])
    var gradA: Variable?
    if c.needs[0] {
        // [k·p, q]·op(B)ᵀ = [k·p, n] holds Ḡⱼ·op(B)ᵀ for each j.
        let rows = matmul(g.reshaped([k * p, q]), b, transposeB: !transposeB).reshaped([k, p, a.shape[transposeA ? 0 : 1]])
        gradA = Variable((transposeA ? rows.stackTransposed() : rows).reshaped(c.batchShape + a.shape))
    }
    var gradB: Variable?
    if c.needs[1] {
        // op(A)ᵀ·[p, k·q] = [n, k·q] holds op(A)ᵀ·Ḡⱼ in column block j.
        let columns = g.reshaped([k, p, q]).leadingAxesSwapped().reshaped([p, k * q])
        let n = a.shape[transposeA ? 0 : 1]
        let blocks = matmul(a, columns, transposeA: !transposeA).reshaped([n, k, q]).leadingAxesSwapped()
        gradB = Variable((transposeB ? blocks.stackTransposed() : blocks).reshaped(c.batchShape + b.shape))
    }
    return [gradA, gradB]
}

/// The inner product x·y = Σ xᵢyᵢ of two vectors (BLAS ddot); pullbacks ḡ·y and ḡ·x.
public func dot(_ x: Variable, _ y: Variable) -> Variable {
    Variable.record(Tensor(dot(x.value, y.value)), x, y) { c in
        let g = c.aligned(c.cotangent, toRank: 1)
        return [c.needs[0] ? g * c.inputs[1] : nil,
                c.needs[1] ? g * c.inputs[0] : nil]
    }.supportingBatches()
}

/// The outer product x·yᵀ of two vectors, an m × n matrix.
public func outer(_ x: Variable, _ y: Variable) -> Variable {
    matmul(x.reshaped([x.count, 1]), y.reshaped([1, y.count]))
}

extension Variable {
    /// The matrix product self · other (see `matmul(_:_:transposeA:transposeB:)`).
    public func matmul(_ other: Variable) -> Variable { DescentAutodiff.matmul(self, other) }
}

/// log|det X| of a square matrix, through the LU factorization (LAPACK dgetrf) so it neither
/// overflows nor underflows; pullback ḡ·X⁻ᵀ (Petersen & Pedersen, *The Matrix Cookbook*, eq. 57),
/// itself differentiable through `inverse`.
///
/// A singular matrix gives −∞ (and a non-finite gradient); a matrix with a NaN or ±∞ entry gives
/// NaN. Check `isFinite` where that matters: inside a differentiable computation these are values,
/// not errors, as for `log` of a negative number.
/// - Complexity: ⅔n³ flops forward, 2n³ more for the inverse in the pullback.
public func logAbsDeterminant(_ x: Variable) -> Variable {
    precondition(x.value.isSquare, "logAbsDeterminant: needs a square matrix, got shape \(x.shape)")
    let value: Double
    do {
        value = try LU(x.value).logAbsDeterminant.logAbs
    } catch LinearAlgebraError.singular {
        value = -.infinity
    } catch {
        value = .nan
    }
    return Variable.record(Tensor(value), x) { c in [c.cotangent * inverse(c.inputs[0]).transposed] }
}

/// The inverse X⁻¹ of a square matrix (LU with partial pivoting, LAPACK dgetrf + dgetri);
/// pullback −X⁻ᵀ·Ḡ·X⁻ᵀ (Giles 2008, §2.2.3). A singular or non-finite matrix gives a NaN matrix.
/// Prefer solving a system when only X⁻¹b is needed.
/// - Complexity: 2n³ flops forward, two n × n products backward.
public func inverse(_ x: Variable) -> Variable {
    precondition(x.value.isSquare, "inverse: needs a square matrix, got shape \(x.shape)")
    let value = (try? LU(x.value))?.inverse() ?? Tensor(shape: x.shape, repeating: .nan)
    return Variable.record(value, x) { c in
        let y = c.output
        return [-matmul(matmul(y, c.cotangent, transposeA: true), y, transposeB: true)]
    }
}
