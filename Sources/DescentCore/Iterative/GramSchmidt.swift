/// An orthonormal basis of the column space of a matrix, with the numerical rank it detected.
public struct GramSchmidtResult: Sendable, Hashable {
    /// m × r matrix with orthonormal columns spanning the column space (r = `rank`).
    public var basis: Tensor
    /// The detected rank r: the number of columns that were not (numerically) combinations of earlier ones.
    public var rank: Int
    /// Indices of the input columns that contributed a basis vector, in order.
    public var independentColumns: [Int]
}

/// Orthonormalizes the columns of `a` by modified Gram–Schmidt with one reorthogonalization pass,
/// dropping columns that are numerically dependent on earlier ones.
///
/// For each column aⱼ: v ← aⱼ; for each basis vector qᵢ (in order) v ← v − (qᵢ·v)·qᵢ, twice;
/// if ‖v‖ > tol·max ⱼ‖aⱼ‖ append qⱼ = v/‖v‖, otherwise aⱼ lies in the span so far and is skipped.
/// Modified GS subtracts each projection from the updated v (not the original aⱼ), and the second
/// pass restores orthogonality to working precision even for ill-conditioned input.
///
/// - Parameters:
///   - a: an m × n matrix.
///   - tolerance: relative threshold for dependence; `nil` means max(m, n)·ε (as LAPACK's rank tests).
/// - Returns: the basis (m × r), the rank r and which columns contributed.
/// - Throws: `LinearAlgebraError.nonFinite` naming the first NaN or infinite entry.
/// - Complexity: O(m·n·r) flops.
/// - Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §5.2.8; Trefethen & Bau,
///   *Numerical Linear Algebra*, Lecture 8; Björck, *Numerical Methods for Least Squares*, §2.4.
public func gramSchmidt(_ a: Tensor, tolerance: Double? = nil) throws -> GramSchmidtResult {
    try a.validate("gramSchmidt")
    let (m, n) = (a.shape[0], a.shape[1])
    var columns = (0..<n).map { a.column($0) }
    let largest = columns.map { $0.norm(.two) }.max() ?? 0
    let threshold = (tolerance ?? Double(Swift.max(m, n)) * .ulpOfOne) * largest
    var basis: [Tensor] = []
    var independent: [Int] = []
    for j in 0..<n {
        var v = columns[j]
        for _ in 0..<2 {
            for q in basis { v.addScaled(q, by: -dot(q, v)) }
        }
        let length = v.norm(.two)
        if length > threshold && length > 0 {
            basis.append(v / length)
            independent.append(j)
        }
        columns[j] = Tensor.zeros([0]) // release memory early for large inputs
    }
    let matrix = basis.isEmpty ? Tensor.zeros([m, 0]) : Tensor.stack(basis, axis: 1)
    return GramSchmidtResult(basis: matrix, rank: basis.count, independentColumns: independent)
}
