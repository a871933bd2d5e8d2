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
    }
}

/// The inner product x·y = Σ xᵢyᵢ of two vectors (BLAS ddot); pullbacks ḡ·y and ḡ·x.
public func dot(_ x: Variable, _ y: Variable) -> Variable {
    Variable.record(Tensor(dot(x.value, y.value)), x, y) { c in
        [c.needs[0] ? c.cotangent * c.inputs[1] : nil,
         c.needs[1] ? c.cotangent * c.inputs[0] : nil]
    }
}

/// The outer product x·yᵀ of two vectors, an m × n matrix.
public func outer(_ x: Variable, _ y: Variable) -> Variable {
    matmul(x.reshaped([x.count, 1]), y.reshaped([1, y.count]))
}

extension Variable {
    /// The matrix product self · other (see `matmul(_:_:transposeA:transposeB:)`).
    public func matmul(_ other: Variable) -> Variable { DescentAutodiff.matmul(self, other) }
}
